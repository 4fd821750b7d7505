package org.chartvault.testing;

import org.chartvault.document.Indexing;
import org.chartvault.testing.ChartPage.Line;
import org.chartvault.testing.ChartPage.Run;
import org.chartvault.testing.ChartPage.Style;
import org.chartvault.testing.ChartPage.Typeface;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Prints fictional hospital chart documents with known text: a hospital line, the document type, labelled
 * fields (Patient, MRN, DOB, Date of service, Encounter, Attending), then sections of clinical prose with the
 * usual abbreviations, sometimes a laboratory table, and a footer with the patient, MRN and "Page n of m".
 * The same seed always gives the same document; every name, number and sentence is made up.
 *
 * <pre>{@code
 * ChartGenerator generator = new ChartGenerator();                  // typeface varies by seed
 * ChartPage page = generator.page(7);                               // one single-page document
 * ChartDocument report = generator.document(7, "OPERATIVE REPORT", 3);
 * List<ChartDocument> chart = generator.chart(7, 5);                // one patient, five documents by date
 * Indexing expected = report.indexing();                            // what auto-indexing should find
 * }</pre>
 *
 * Sizes are realistic (10-12 pt body on US Letter with 1 inch margins), so a clean 300 DPI scan is easy OCR;
 * {@link #ChartGenerator(Typeface)} fixes the typeface instead of letting the seed choose it. A seed fixes the
 * words and values everywhere; where lines break, and so the exact ground-truth lines and pixels, follows the
 * fonts of the machine. Tests therefore compare with {@link ChartPage#groundTruth()}, never with copied text.
 */
public final class ChartGenerator {

    public static final List<String> DOCUMENT_TYPES = List.of(
            "DISCHARGE SUMMARY", "HISTORY AND PHYSICAL", "OPERATIVE REPORT", "PROGRESS NOTE", "CONSULTATION",
            "PATHOLOGY REPORT", "LABORATORY REPORT", "RADIOLOGY REPORT", "CONSENT FOR TREATMENT", "REFERRAL",
            "NURSING ASSESSMENT");

    // one-inch margins on US Letter; the body stops early enough to leave the footer its own line
    private static final double LEFT = 72, RIGHT = 540, TOP = 72, BODY_BOTTOM = 700, FOOTER_BASELINE = 740;
    private static final String CELL_GAP = "    ";
    private static final String TABLE = "table", OPTIONAL_TABLE = "table?";

    private static final Map<String, List<Section>> SECTIONS = Map.ofEntries(
            Map.entry("DISCHARGE SUMMARY", List.of(
                    new Section("Admission diagnosis", "diagnosis", 1, 2), new Section("Discharge diagnosis", "diagnosis", 1, 3),
                    new Section("Hospital course", "course", 3, 5), new Section("Laboratory data", OPTIONAL_TABLE, 4, 8),
                    new Section("Discharge medications", "meds", 3, 6), new Section("Follow-up", "followup", 2, 3))),
            Map.entry("HISTORY AND PHYSICAL", List.of(
                    new Section("Chief complaint", "complaint", 1, 1), new Section("History of present illness", "history", 3, 5),
                    new Section("Past medical history", "pmh", 2, 3), new Section("Medications", "meds", 2, 5),
                    new Section("Allergies", "allergies", 1, 1), new Section("Physical examination", "exam", 4, 6),
                    new Section("Laboratory data", OPTIONAL_TABLE, 4, 8), new Section("Assessment", "assessment", 2, 3),
                    new Section("Plan", "plan", 2, 4))),
            Map.entry("OPERATIVE REPORT", List.of(
                    new Section("Preoperative diagnosis", "diagnosis", 1, 1), new Section("Postoperative diagnosis", "diagnosis", 1, 1),
                    new Section("Procedure", "procedure", 1, 1), new Section("Surgeon", "surgeon", 1, 1),
                    new Section("Anesthesia", "anesthesia", 1, 1), new Section("Description of procedure", "operation", 4, 6),
                    new Section("Estimated blood loss", "blood loss", 1, 1), new Section("Disposition", "disposition", 1, 1))),
            Map.entry("PROGRESS NOTE", List.of(
                    new Section("Subjective", "subjective", 1, 3), new Section("Objective", "exam", 3, 6),
                    new Section("Laboratory data", OPTIONAL_TABLE, 3, 6), new Section("Assessment", "assessment", 1, 3),
                    new Section("Plan", "plan", 2, 4))),
            Map.entry("CONSULTATION", List.of(
                    new Section("Reason for consultation", "consult reason", 1, 1), new Section("History of present illness", "history", 3, 5),
                    new Section("Examination", "exam", 3, 5), new Section("Laboratory data", OPTIONAL_TABLE, 4, 8),
                    new Section("Impression", "assessment", 1, 3), new Section("Recommendations", "plan", 2, 4))),
            Map.entry("PATHOLOGY REPORT", List.of(
                    new Section("Specimen", "specimen", 1, 1), new Section("Clinical history", "indication", 1, 1),
                    new Section("Gross description", "gross", 2, 3), new Section("Microscopic description", "microscopic", 2, 4),
                    new Section("Diagnosis", "pathology diagnosis", 1, 1))),
            Map.entry("LABORATORY REPORT", List.of(
                    new Section("Results", TABLE, 6, 12), new Section("Comment", "lab comment", 1, 3))),
            Map.entry("RADIOLOGY REPORT", List.of(
                    new Section("Examination", "examination", 1, 1), new Section("Clinical indication", "indication", 1, 1),
                    new Section("Technique", "technique", 1, 1), new Section("Findings", "findings", 3, 5),
                    new Section("Impression", "impression", 1, 2))),
            Map.entry("CONSENT FOR TREATMENT", List.of(
                    new Section("Procedure", "procedure", 1, 1), new Section("Statement of patient", "consent", 4, 5),
                    new Section("Signature", "signature", 1, 1))),
            Map.entry("REFERRAL", List.of(
                    new Section("Referred to", "referred to", 1, 1), new Section("Reason for referral", "referral reason", 1, 2),
                    new Section("Pertinent history", "history", 2, 4), new Section("Current medications", "meds", 2, 4),
                    new Section("Services requested", "requested", 1, 2))),
            Map.entry("NURSING ASSESSMENT", List.of(
                    new Section("Vital signs", "vitals", 1, 1), new Section("Neurological", "neuro", 1, 2),
                    new Section("Cardiovascular", "cardiovascular", 2, 3), new Section("Respiratory", "respiratory", 2, 3),
                    new Section("Skin", "skin", 1, 3), new Section("Pain", "pain", 1, 1), new Section("Safety", "safety", 1, 2))));

    // purposes of a seed, so that a patient, a document and the choice of a document draw independently
    private static final int PATIENT = 0, CHOICE = 1, CONTENT = 2;

    private final Typeface typeface;   // null: each document's seed chooses

    /** Family (Serif, SansSerif, Monospaced) and body size (10-12 pt) vary with the seed. */
    public ChartGenerator() {
        this.typeface = null;
    }

    /** Every page set in {@code typeface}. */
    public ChartGenerator(Typeface typeface) {
        this.typeface = Objects.requireNonNull(typeface, "typeface");
    }

    /** A fictional patient: name, sex, 8-digit MRN, born 1930-1999. */
    public Patient patient(long seed) {
        Random random = Seeds.random(seed, PATIENT);
        Patient.Sex sex = random.nextBoolean() ? Patient.Sex.FEMALE : Patient.Sex.MALE;
        String first = Names.firstName(random, sex);
        String last = Names.surname(random);
        String mrn = String.format(Locale.ROOT, "%08d", random.nextInt(100_000_000));
        LocalDate born = LocalDate.of(1930, 1, 1).plusDays(random.nextInt(70 * 365));
        return new Patient(last, first, sex, mrn, born);
    }

    /** The only page of a one-page document of a type the seed chooses. */
    public ChartPage page(long seed) {
        return document(seed, 1).pages().get(0);
    }

    /** A document of 1-3 pages, type chosen by the seed. */
    public ChartDocument document(long seed) {
        Random random = Seeds.random(seed, CHOICE);
        return document(seed, pickType(random), 1 + random.nextInt(3));
    }

    /** A document of {@code pageCount} pages, of the type {@link #document(long)} would choose for this seed. */
    public ChartDocument document(long seed, int pageCount) {
        return document(seed, pickType(Seeds.random(seed, CHOICE)), pageCount);
    }

    public ChartDocument document(long seed, String documentType, int pageCount) {
        return document(patient(seed), seed, documentType, pageCount);
    }

    /** {@code documentCount} documents of one patient, different types where there are enough, oldest first. */
    public List<ChartDocument> chart(long seed, int documentCount) {
        Patient patient = patient(seed);
        Random random = Seeds.random(seed, CHOICE);
        List<String> types = new ArrayList<>(DOCUMENT_TYPES);
        Collections.shuffle(types, random);
        List<ChartDocument> documents = new ArrayList<>();
        for (int i = 0; i < documentCount; i++) {
            documents.add(document(patient, random.nextLong(), types.get(i % types.size()), 1 + random.nextInt(3)));
        }
        documents.sort(Comparator.comparing(d -> d.indexing().serviceDate()));
        return List.copyOf(documents);
    }

    /** A document of {@code pageCount} pages for {@code patient}; the text ends part-way down the last page. */
    public ChartDocument document(Patient patient, long seed, String documentType, int pageCount) {
        if (!SECTIONS.containsKey(documentType)) {
            throw new IllegalArgumentException("unknown document type '" + documentType + "'; use one of " + DOCUMENT_TYPES);
        }
        if (pageCount < 1 || pageCount > 100) throw new IllegalArgumentException("a document has 1-100 pages, not " + pageCount);
        Random random = Seeds.random(seed, CONTENT);
        Typeface face = typeface != null ? typeface
                : new Typeface(Typeface.FAMILIES.get(random.nextInt(3)), 10 + random.nextInt(5) / 2f);
        LocalDate serviceDate = LocalDate.of(2016, 1, 1).plusDays(random.nextInt(10 * 365));
        if (serviceDate.isBefore(patient.birthDate())) serviceDate = patient.birthDate().plusDays(1 + random.nextInt(365));
        String encounter = "V" + (100_000_000 + random.nextInt(900_000_000));
        String attending = Names.fullName(random) + ", MD";
        String hospital = Names.hospital(patient.mrn().hashCode());
        Indexing indexing = new Indexing(patient.mrn(), patient.printedName(), patient.birthDate(), documentType,
                serviceDate, encounter);

        Writer writer = new Writer(face, random, new ClinicalProse(random, patient, serviceDate),
                SECTIONS.get(documentType), serviceDate);
        double lastPageFill = 0.35 + random.nextDouble() * 0.5;
        List<ChartPage> pages = new ArrayList<>();
        for (int number = 1; number <= pageCount; number++) {
            List<Line> lines = new ArrayList<>();
            double y = TOP;
            y = place(lines, y, centered(face, hospital, Style.HEADING));
            y = place(lines, y, centered(face, number == 1 ? documentType : documentType + " (continued)", Style.TITLE));
            y = place(lines, y, blank(face));
            if (number == 1) {
                y = place(lines, y, fields(face, List.of(
                        new String[] {"Patient:", patient.printedName(), "MRN:", patient.mrn()},
                        new String[] {"DOB:", patient.birthDate().format(ClinicalProse.DATE), "Date of service:", serviceDate.format(ClinicalProse.DATE)},
                        new String[] {"Encounter:", encounter, "Attending:", attending})));
                y = place(lines, y, blank(face));
            }
            double stopAt = number == pageCount ? y + (BODY_BOTTOM - y) * lastPageFill : BODY_BOTTOM;
            for (boolean bodyStarted = false; y < stopAt; bodyStarted = true) {
                if (y + writer.peek().height() > BODY_BOTTOM) {
                    if (!bodyStarted) throw new IllegalStateException("a section of " + documentType + " is taller than a page");
                    break;
                }
                y = place(lines, y, writer.take());
            }
            while (lines.getLast().text().isEmpty()) lines.removeLast();
            lines.add(footer(face, patient, number, pageCount));
            pages.add(new ChartPage(indexing, number, pageCount, face, lines));
        }
        return new ChartDocument(pages);
    }

    private static String pickType(Random random) {
        return DOCUMENT_TYPES.get(random.nextInt(DOCUMENT_TYPES.size()));
    }

    /** Adds a block's lines below {@code y} and returns the baseline the next block starts from. */
    private static double place(List<Line> lines, double y, Block block) {
        for (Line line : block.lines()) lines.add(line.at(y + line.baseline()));
        return y + block.advance();
    }

    private static Block centered(Typeface face, String text, Style style) {
        double x = (ChartPage.WIDTH_POINTS - face.width(text, style)) / 2;
        return Block.of(face.leading(style), new Line(0, List.of(new Run(text, x, style)), text));
    }

    private static Block blank(Typeface face) {
        return Block.of(face.leading(Style.BODY), new Line(0, List.of(), ""));
    }

    /**
     * Rows of two "Label: value" pairs, the second column where the widest first pair leaves room; when a long
     * name leaves no room, one pair per line.
     */
    private static Block fields(Typeface face, List<String[]> rows) {
        double firstWidest = 0, secondWidest = 0;
        for (String[] row : rows) {
            firstWidest = Math.max(firstWidest, pairWidth(face, row[0], row[1]));
            secondWidest = Math.max(secondWidest, pairWidth(face, row[2], row[3]));
        }
        double second = Math.max(LEFT + 252, LEFT + firstWidest + 24);
        boolean twoColumns = second + secondWidest <= RIGHT;
        BlockBuilder block = new BlockBuilder(face);
        for (String[] row : rows) {
            if (twoColumns) {
                List<Run> runs = new ArrayList<>(pair(face, row[0], row[1], LEFT));
                runs.addAll(pair(face, row[2], row[3], second));
                block.line(Style.BODY, runs, row[0] + " " + row[1] + CELL_GAP + row[2] + " " + row[3]);
            } else {
                block.line(Style.BODY, pair(face, row[0], row[1], LEFT), row[0] + " " + row[1]);
                block.line(Style.BODY, pair(face, row[2], row[3], LEFT), row[2] + " " + row[3]);
            }
        }
        return block.build();
    }

    private static double pairWidth(Typeface face, String label, String value) {
        return face.width(label + " ", Style.LABEL) + face.width(value, Style.BODY);
    }

    private static List<Run> pair(Typeface face, String label, String value, double x) {
        return List.of(new Run(label, x, Style.LABEL), new Run(value, x + face.width(label + " ", Style.LABEL), Style.BODY));
    }

    private static Line footer(Typeface face, Patient patient, int number, int count) {
        String who = patient.printedName() + CELL_GAP + "MRN: " + patient.mrn();
        String page = "Page " + number + " of " + count;
        return new Line(FOOTER_BASELINE, List.of(new Run(who, LEFT, Style.BODY),
                new Run(page, RIGHT - face.width(page, Style.BODY), Style.BODY)), who + CELL_GAP + page);
    }

    /** A section of a document type: its heading and what kind of text goes under it. */
    private record Section(String heading, String kind, int fewest, int most) {
        Section {
            if (!kind.startsWith(TABLE) && !ClinicalProse.knows(kind)) throw new IllegalArgumentException("no text for " + kind);
        }
    }

    /** Lines laid out from baseline 0, and how far the next block starts below this one's top. */
    private record Block(List<Line> lines, double advance) {
        static Block of(double advance, Line line) {
            return new Block(List.of(line.at(advance)), advance);
        }

        /** Down to the last printed baseline (a trailing blank line may run into the bottom margin). */
        double height() {
            return lines.stream().filter(l -> !l.text().isEmpty()).mapToDouble(Line::baseline).max().orElse(0);
        }
    }

    private static final class BlockBuilder {
        private final Typeface face;
        private final List<Line> lines = new ArrayList<>();
        private double y;

        BlockBuilder(Typeface face) {
            this.face = face;
        }

        void line(Style style, List<Run> runs, String text) {
            y += face.leading(style);
            lines.add(new Line(y, runs, text));
        }

        void blank() {
            line(Style.BODY, List.of(), "");
        }

        /** {@code text} broken into lines that fit between the margins. */
        void paragraph(String text) {
            StringBuilder current = new StringBuilder();
            for (String word : text.split(" ")) {
                String candidate = current.isEmpty() ? word : current + " " + word;
                if (!current.isEmpty() && face.width(candidate, Style.BODY) > RIGHT - LEFT) {
                    line(Style.BODY, List.of(new Run(current.toString(), LEFT, Style.BODY)), current.toString());
                    current.setLength(0);
                    current.append(word);
                } else {
                    current.setLength(0);
                    current.append(candidate);
                }
            }
            if (!current.isEmpty()) line(Style.BODY, List.of(new Run(current.toString(), LEFT, Style.BODY)), current.toString());
        }

        /** Cells in columns as wide as their widest entry, the header row in bold. */
        void table(List<String> header, List<List<String>> rows) {
            double[] x = new double[header.size()];
            x[0] = LEFT;
            for (int c = 1; c < x.length; c++) {
                double widest = face.width(header.get(c - 1), Style.LABEL);
                for (List<String> row : rows) widest = Math.max(widest, face.width(row.get(c - 1), Style.BODY));
                x[c] = x[c - 1] + widest + 24;
            }
            row(header, x, Style.LABEL);
            for (List<String> row : rows) row(row, x, Style.BODY);
        }

        private void row(List<String> cells, double[] x, Style style) {
            List<Run> runs = new ArrayList<>();
            List<String> printed = new ArrayList<>();
            for (int c = 0; c < cells.size(); c++) {
                if (cells.get(c).isEmpty()) continue;
                runs.add(new Run(cells.get(c), x[c], style));
                printed.add(cells.get(c));
            }
            line(style, runs, String.join(CELL_GAP, printed));
        }

        Block build() {
            return new Block(lines, y);
        }
    }

    /**
     * Writes a document's sections in order, one block each (heading, text, blank line); when they run out,
     * dated addenda with more of the type's longer sections, so a document can fill any number of pages.
     */
    private static final class Writer {
        private final Typeface face;
        private final Random random;
        private final ClinicalProse prose;
        private final List<Section> sections;
        private LocalDate addendumDate;
        private int next;
        private Block pending;

        Writer(Typeface face, Random random, ClinicalProse prose, List<Section> sections, LocalDate serviceDate) {
            this.face = face;
            this.random = random;
            this.prose = prose;
            this.sections = sections;
            this.addendumDate = serviceDate;
        }

        Block peek() {
            if (pending == null) pending = write();
            return pending;
        }

        Block take() {
            Block block = peek();
            pending = null;
            return block;
        }

        private Block write() {
            Section section;
            String heading;
            if (next < sections.size()) {
                section = sections.get(next++);
                if (section.kind().equals(OPTIONAL_TABLE) && random.nextInt(3) != 0) return write();
                heading = section.heading() + ":";
            } else {
                do section = sections.get(random.nextInt(sections.size())); while (section.most() < 2);
                addendumDate = addendumDate.plusDays(1 + random.nextInt(3));
                heading = "Addendum " + addendumDate.format(ClinicalProse.DATE) + ":";
            }
            int count = section.fewest() + random.nextInt(section.most() - section.fewest() + 1);
            BlockBuilder block = new BlockBuilder(face);
            block.line(Style.LABEL, List.of(new Run(heading, LEFT, Style.LABEL)), heading);
            if (section.kind().startsWith(TABLE)) {
                block.table(List.of("Test", "Result", "Units", "Reference range", "Flag"), prose.labRows(count));
            } else {
                block.paragraph(prose.paragraph(section.kind(), count));
            }
            block.blank();
            return block.build();
        }
    }
}
