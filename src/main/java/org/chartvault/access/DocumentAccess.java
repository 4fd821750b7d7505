package org.chartvault.access;

import org.chartvault.document.Document;
import org.chartvault.document.DocumentNotFoundException;
import org.chartvault.document.Indexing;
import org.chartvault.release.SensitiveCategories;
import org.chartvault.release.SensitiveCategory;
import org.chartvault.security.Caller;
import org.chartvault.security.Role;

import java.io.IOException;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The one rule of who may touch a document, used by every route and service that hands out a document, a page,
 * its text, words, image, thumbnail, PDF or original, a search hit, a patient's document list, an export, a
 * packet or a FHIR resource. A route's role check says what kind of work a caller does; this says which records:
 * <ul>
 *   <li>scanning staff who hold no other role see only what they uploaded;</li>
 *   <li>a record of a protected category (psychotherapy notes, 42 CFR Part 2 …) is seen only by the roles on
 *       that category's list ({@link SensitiveCategory#readers()}; administrators always);</li>
 *   <li>ChartVault's own work sees everything.</li>
 * </ul>
 * A document the caller may not see is answered exactly as one that does not exist: not read, not listed, not
 * counted, so its existence does not leak either.
 */
public final class DocumentAccess {
    private final SensitiveCategories categories;

    public DocumentAccess(SensitiveCategories categories) {
        this.categories = categories;
    }

    /**
     * Whether the caller may see the document, and the protected category it belongs to (which the audit
     * trail records with every access to it).
     */
    public record Decision(boolean allowed, Optional<SensitiveCategory> category) {
    }

    public Decision decide(Caller caller, Document document) throws IOException {
        Optional<SensitiveCategory> category = categories.of(document.indexing().documentType());
        if (caller.how() == Caller.How.SYSTEM) return new Decision(true, category);
        boolean staff = caller.hasAny(Role.INDEXER, Role.ROI, Role.LEGAL, Role.ADMIN);
        boolean uploader = caller.username().equals(document.uploadedBy());
        if (!staff && !uploader) return new Decision(false, category);
        boolean protectedFromCaller = category.isPresent() && !category.get().readableBy(caller.roles());
        return new Decision(!protectedFromCaller, category);
    }

    /** The protected category of a document type, if it belongs to one. */
    public Optional<SensitiveCategory> categoryOf(String documentType) throws IOException {
        return categories.of(documentType);
    }

    /** When in doubt (the category list cannot be read), a record stays hidden. */
    public boolean maySee(Caller caller, Document document) {
        try {
            return decide(caller, document).allowed();
        } catch (IOException e) {
            return false;
        }
    }

    /** The document when the caller may see it; otherwise the same refusal as for a document that does not exist. */
    public Decision require(Caller caller, Document document) throws IOException, DocumentNotFoundException {
        Decision decision = decide(caller, document);
        if (!decision.allowed()) throw new DocumentNotFoundException(document.documentId());
        return decision;
    }

    /**
     * The document types ({@link Indexing#typeKey keys}) whose pages the caller may not see, for a search index to
     * leave out before it counts: a filter applied after the search would still give away totals.
     */
    public Set<String> hiddenTypeKeys(Caller caller) throws IOException {
        Set<String> hidden = new HashSet<>();
        if (caller.how() == Caller.How.SYSTEM) return hidden;
        for (SensitiveCategory category : categories.list()) {
            if (category.readableBy(caller.roles())) continue;
            for (String type : category.documentTypes()) hidden.add(Indexing.typeKey(type));
        }
        return hidden;
    }
}
