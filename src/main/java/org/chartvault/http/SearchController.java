package org.chartvault.http;

import io.javalin.http.Context;
import org.chartvault.access.DocumentAccess;
import org.chartvault.index.BadQueryException;
import org.chartvault.index.SearchIndex;
import org.chartvault.index.SearchQuery;
import org.chartvault.index.SearchResult;

import java.io.IOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** Full-text search over pages, with filters. */
final class SearchController {
    private final SearchIndex index;
    private final DocumentAccess access;

    SearchController(SearchIndex index, DocumentAccess access) {
        this.index = index;
        this.access = access;
    }

    /** Pages the caller may see: protected types outside their role are left out before anything is counted. */
    void search(Context ctx) throws IOException, BadQueryException {
        SearchQuery query = queryOf(ctx).hiding(access.hiddenTypeKeys(Auth.caller(ctx)));
        SearchResult result = index.search(query);
        java.util.Set<String> protectedSeen = new java.util.TreeSet<>();
        for (var hit : result.hits()) access.categoryOf(hit.documentType()).ifPresent(c -> protectedSeen.add(c.category()));
        if (!protectedSeen.isEmpty()) ctx.attribute(HttpApi.AUDIT_PROTECTED_CATEGORY, String.join(",", protectedSeen));
        // whose pages the search showed: the trail by patient lists searches that reached into their record
        ctx.attribute(HttpApi.AUDIT_MRNS, result.hits().stream().map(h -> h.mrn()).toList());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("total", result.total());
        body.put("offset", query.offset());
        body.put("limit", query.limit());
        body.put("sort", query.order().wire());
        body.put("hits", result.hits());
        ctx.json(body);
    }

    static SearchQuery queryOf(Context ctx) {
        String q = Params.text(ctx.queryParam("q"));
        String mrn = Params.text(ctx.queryParam("mrn"));
        String type = Params.text(ctx.queryParam("documentType"));
        LocalDate from = Params.date("from", ctx.queryParam("from"));
        LocalDate to = Params.date("to", ctx.queryParam("to"));
        if (q == null && mrn == null && type == null && from == null && to == null) {
            throw new ApiError(400, "bad-query", "Give search words (q) or at least one filter: mrn, documentType, from, to.");
        }
        if (q != null && q.length() > 1000) {
            throw new ApiError(400, "bad-query", "The search text is longer than 1000 characters; shorten it.");
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new ApiError(400, "bad-query", "The date range ends (to) before it starts (from).");
        }
        int offset = Params.queryInt(ctx, "offset", 0, 0, 10_000);
        int limit = Params.queryInt(ctx, "limit", 20, 1, SearchQuery.MAX_LIMIT);
        SearchQuery.Order order;
        try {
            String sort = Params.text(ctx.queryParam("sort"));
            order = sort == null ? SearchQuery.Order.RELEVANCE : SearchQuery.Order.fromWire(sort);
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, "bad-query", "Sort by relevance, newest, oldest or patient.");
        }
        return new SearchQuery(q, mrn, type, from, to, offset, limit).sorted(order);
    }
}
