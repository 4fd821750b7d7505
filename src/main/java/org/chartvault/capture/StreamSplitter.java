package org.chartvault.capture;

import org.chartvault.document.ReviewReason;

import org.chartvault.document.Indexing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts a scanned stream into documents at its separator sheets, from the barcodes found on each page. The sheets
 * themselves belong to no document. Pages before the first sheet are a document of their own; two sheets in a row
 * make no empty document. Patient labels found on a document's pages say whose it is; a label that disagrees with
 * the sheet, or two labels of different patients, is a reason for review.
 */
public final class StreamSplitter {

    /**
     * One document of the stream.
     *
     * @param pages   stream positions (0-based) of its pages, separator sheets excluded
     * @param sheet   the separator sheet in front of it, or null for pages before the first sheet
     * @param labels  each patient label found on its pages, with the page it is on
     * @param reasons why a person should look at it, from the barcodes alone
     */
    public record Part(List<Integer> pages, SeparatorSheet sheet, List<LabelOnPage> labels, List<ReviewReason> reasons) {
        public Part {
            pages = List.copyOf(pages);
            labels = List.copyOf(labels);
            reasons = List.copyOf(reasons);
        }

        /** The MRNs the barcodes give, a sheet's (confidence 1) before a label's (0.98). */
        public Candidates<String> mrn() {
            List<Finding<String>> found = new ArrayList<>();
            if (sheet != null && sheet.mrn() != null) {
                found.add(new Finding<>(sheet.mrn(), Source.BARCODE, 1.0, "separator sheet before page " + (pages.get(0) + 1)));
            }
            for (LabelOnPage l : labels) {
                found.add(new Finding<>(l.label().mrn(), Source.LABEL, 0.98, "patient label on page " + (l.page() + 1)));
            }
            Candidates<String> merged = Candidates.of(found, v -> v);
            // two barcodes disagreeing is never a matter of who is surer
            return merged.findings().size() > 1
                    ? new Candidates<>(merged.findings().stream().map(f -> f.withConfidence(Math.min(f.confidence(), 0.9))).toList())
                    : merged;
        }

        /** The values the barcodes settle: the sheet's, and the MRN and encounter of agreeing labels. */
        public Indexing indexing() {
            Indexing fromSheet = sheet == null ? Indexing.EMPTY : sheet.indexing();
            String mrn = mrn().bestValue().orElse(null);
            String encounter = fromSheet.encounter();
            if (encounter == null) {
                List<String> encounters = labels.stream().map(l -> l.label().encounter()).filter(e -> e != null).distinct().toList();
                if (encounters.size() == 1) encounter = encounters.get(0);
            }
            return new Indexing(mrn, fromSheet.patientName(), null, fromSheet.documentType(), fromSheet.serviceDate(), encounter);
        }
    }

    /** A patient label and the stream position of the page it is on. */
    public record LabelOnPage(int page, PatientLabel label) {
    }

    /** The documents of a stream whose pages' barcodes are {@code pages}, in order. */
    public List<Part> split(List<PageBarcodes> pages) {
        List<Part> parts = new ArrayList<>();
        Builder current = new Builder(null, List.of());
        for (int i = 0; i < pages.size(); i++) {
            PageBarcodes page = pages.get(i);
            if (page.isSeparator()) {
                current.finish(parts);
                current = new Builder(page.separator(), page.problems());
            } else {
                current.add(i, page);
            }
        }
        current.finish(parts);
        return parts;
    }

    private static final class Builder {
        final SeparatorSheet sheet;
        final List<Integer> pages = new ArrayList<>();
        final List<LabelOnPage> labels = new ArrayList<>();
        final List<ReviewReason> reasons = new ArrayList<>();

        Builder(SeparatorSheet sheet, List<String> problems) {
            this.sheet = sheet;
            for (String problem : problems) reasons.add(ReviewReason.of(ReviewReason.Kind.PAGE_PROBLEM, problem));
        }

        void add(int position, PageBarcodes page) {
            pages.add(position);
            for (PatientLabel label : page.labels()) labels.add(new LabelOnPage(position, label));
            for (String problem : page.problems()) reasons.add(ReviewReason.of(ReviewReason.Kind.PAGE_PROBLEM, problem));
        }

        void finish(List<Part> parts) {
            if (pages.isEmpty()) return;
            Map<String, Integer> labelMrns = new LinkedHashMap<>();
            for (LabelOnPage l : labels) labelMrns.putIfAbsent(l.label().mrn(), l.page());
            if (labelMrns.size() > 1) {
                reasons.add(ReviewReason.about("mrn", ReviewReason.Kind.SOURCES_DISAGREE,
                        "Patient labels of different patients in one document: " + describe(labelMrns) + "."));
            }
            if (sheet != null && sheet.mrn() != null) {
                labelMrns.forEach((mrn, page) -> {
                    if (!mrn.equals(sheet.mrn())) {
                        reasons.add(ReviewReason.about("mrn", ReviewReason.Kind.SOURCES_DISAGREE, "The separator sheet says MRN "
                                + sheet.mrn() + " but the patient label on page " + (page + 1) + " says " + mrn + "."));
                    }
                });
            }
            parts.add(new Part(pages, sheet, labels, reasons));
        }

        private static String describe(Map<String, Integer> mrns) {
            List<String> out = new ArrayList<>();
            mrns.forEach((mrn, page) -> out.add(mrn + " (page " + (page + 1) + ")"));
            return String.join(", ", out);
        }
    }
}
