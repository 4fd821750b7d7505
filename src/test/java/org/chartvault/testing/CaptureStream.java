package org.chartvault.testing;

import org.chartvault.capture.PatientLabel;
import org.chartvault.capture.SeparatorSheet;
import org.chartvault.document.Indexing;
import org.chartvault.testing.LabelStickers.Symbology;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A scanning-room batch: several patients' documents fed through a production scanner as one stream, each
 * preceded by a ChartVault separator sheet, some first pages carrying a patient label sticker, printed and
 * scanned at 200 or 300 DPI, bitonal, a little crooked, some sheets upside down, and (duplex) the blank back of
 * every sheet. With it, the truth a capture step is measured against: which page is a separator, which is a
 * blank back, which document each page belongs to and what that document should be indexed as.
 *
 * <pre>{@code
 * List<ChartDocument> documents = List.of(generator.document(1), generator.document(2), generator.document(3));
 * CaptureStream batch = CaptureStream.withSeparators(documents, CaptureStream.Options.typical(300), 42);
 * byte[] tiff = ChartFiles.tiff(batch.pages(), ChartFiles.TiffCompression.CCITT_G4);
 * batch.documents().get(1).contentPages();   // stream positions of the second document's pages
 * }</pre>
 *
 * @param pages     the stream in scanning order
 * @param roles     for each page, what it is and which document it goes with
 * @param documents what capture should make of the stream, in order
 */
public record CaptureStream(List<ScannedPage> pages, List<StreamPage> roles, List<ExpectedDocument> documents) {

    public CaptureStream {
        pages = List.copyOf(pages);
        roles = List.copyOf(roles);
        documents = List.copyOf(documents);
        if (pages.size() != roles.size()) throw new IllegalArgumentException("every page needs its role");
    }

    public enum Role {
        /** A separator sheet: splits the stream, is not a page of any document. */
        SEPARATOR,
        /** A printed page of the document. */
        CONTENT,
        /** The empty back of a single-sided sheet (duplex scanning): kept in the original, dropped from the document. */
        BLANK_BACK
    }

    /** @param document index in {@link #documents()} of the document the page goes with (a separator: the one it starts) */
    public record StreamPage(Role role, int document) {
    }

    /**
     * @param printed      the document as printed, with its true indexing
     * @param sheet        the separator in front of it (values, or "next document"), or null when none was used
     * @param label        the patient label stuck on its first page, or null
     * @param contentPages stream positions (0-based) of its printed pages, in order
     * @param blankPages   stream positions of the blank backs that go with it
     */
    public record ExpectedDocument(ChartDocument printed, SeparatorSheet sheet, PatientLabel label,
                                   List<Integer> contentPages, List<Integer> blankPages) {
        public ExpectedDocument {
            contentPages = List.copyOf(contentPages);
            blankPages = List.copyOf(blankPages);
        }

        /** What the document really is: the printed values (a sheet or label only ever repeats them). */
        public Indexing truth() {
            return printed.indexing();
        }
    }

    /**
     * How the batch is scanned.
     *
     * @param dpi                scan resolution (200 or 300 are usual)
     * @param maxSkewDegrees     each sheet lies crooked by up to this much, either way
     * @param upsideDownShare    share of sheets fed upside down (0..1)
     * @param nextDocumentShare  share of separators that are plain "next document" sheets without values
     * @param labelShare         share of documents whose first page carries a patient label
     * @param duplex             whether every sheet's blank back follows it
     * @param threshold          gray level (1-255) below which the scanner makes a pixel black
     */
    public record Options(int dpi, double maxSkewDegrees, double upsideDownShare, double nextDocumentShare,
                          double labelShare, boolean duplex, int threshold) {
        public Options {
            if (dpi < 100 || dpi > 600) throw new IllegalArgumentException("scan at 100-600 DPI, not " + dpi);
            if (maxSkewDegrees < 0 || maxSkewDegrees > 10) throw new IllegalArgumentException("skew at most 10 degrees");
        }

        /** A production scanner on a normal day: 2 degrees of skew, one sheet in five upside down, duplex. */
        public static Options typical(int dpi) {
            return new Options(dpi, 2.0, 0.2, 0.3, 0.3, true, 150);
        }
    }

    public static CaptureStream withSeparators(List<ChartDocument> documents, Options options, long seed) {
        Random random = Seeds.random(seed, 0);
        List<ScannedPage> pages = new ArrayList<>();
        List<StreamPage> roles = new ArrayList<>();
        List<ExpectedDocument> expected = new ArrayList<>();
        for (int d = 0; d < documents.size(); d++) {
            ChartDocument document = documents.get(d);
            Indexing truth = document.indexing();
            SeparatorSheet sheet = random.nextDouble() < options.nextDocumentShare() ? SeparatorSheet.nextDocument()
                    : new SeparatorSheet(truth.mrn(), truth.documentType(), truth.serviceDate(), truth.patientName(),
                    random.nextBoolean() ? truth.encounter() : null);
            List<Integer> content = new ArrayList<>(), blanks = new ArrayList<>();
            add(pages, roles, scanner(options, random).applyTo(SeparatorScans.scan(sheet, options.dpi())),
                    new StreamPage(Role.SEPARATOR, d));
            if (options.duplex()) {
                blanks.add(pages.size());
                add(pages, roles, back(options, random), new StreamPage(Role.BLANK_BACK, d));
            }
            boolean labelled = random.nextDouble() < options.labelShare();
            // a Code 128 label has room for the MRN only (at 15 mil); a DataMatrix label may add the encounter
            Symbology symbology = random.nextBoolean() ? Symbology.CODE_128 : Symbology.DATA_MATRIX;
            PatientLabel label = !labelled ? null : new PatientLabel(truth.mrn(),
                    symbology == Symbology.DATA_MATRIX && random.nextBoolean() ? truth.encounter() : null);
            String labelText = label == null ? null
                    : symbology == Symbology.CODE_128 && random.nextBoolean() ? label.mrn() : label.barcodeText();
            for (ChartPage page : document.pages()) {
                ScannedPage scan = page.scan(options.dpi());
                if (label != null && page.pageNumber() == 1) {
                    scan = LabelStickers.stick(scan, labelText, symbology, "MRN " + label.mrn());
                }
                content.add(pages.size());
                add(pages, roles, scanner(options, random).applyTo(scan), new StreamPage(Role.CONTENT, d));
                if (options.duplex()) {
                    blanks.add(pages.size());
                    add(pages, roles, back(options, random), new StreamPage(Role.BLANK_BACK, d));
                }
            }
            expected.add(new ExpectedDocument(document, sheet, label, content, blanks));
        }
        return new CaptureStream(pages, roles, expected);
    }

    /** Stream positions of the separator sheets. */
    public List<Integer> separatorPages() {
        return IntStream.range(0, roles.size()).filter(i -> roles.get(i).role() == Role.SEPARATOR).boxed().toList();
    }

    private static ScannedPage back(Options options, Random random) {
        return scanner(options, random).applyTo(BlankPages.backOfSheet(options.dpi(), random.nextLong()));
    }

    /** Skew (gray, as the paper lies), then the scanner's threshold, then sometimes a half turn. */
    private static Degradation scanner(Options options, Random random) {
        double skew = (random.nextDouble() * 2 - 1) * options.maxSkewDegrees();
        Degradation d = Degradation.skew(skew).then(Degradation.binarize(options.threshold()));
        return random.nextDouble() < options.upsideDownShare() ? d.then(Degradation.rotate(180)) : d;
    }

    private static void add(List<ScannedPage> pages, List<StreamPage> roles, ScannedPage page, StreamPage role) {
        pages.add(page);
        roles.add(role);
    }
}
