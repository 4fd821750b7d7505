package org.chartvault.testing;

import org.chartvault.document.Indexing;
import org.chartvault.testing.ChartPage.Line;
import org.chartvault.testing.ChartPage.Run;
import org.chartvault.testing.ChartPage.Style;
import org.chartvault.testing.ChartPage.Typeface;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The same chart documents as other hospitals print them: the header fields under other labels ("Medical
 * Record #", "Date of Birth", "Admission Date", "Name"), dates in other formats (1/5/24, 2024-01-05, January 5,
 * 2024), the patient's name first-name-first, and the title in another wording or in title case ("Operative Note",
 * "H&P", "SURGICAL PATHOLOGY REPORT"). The indexing values stay the same, so auto-indexing measured on these is
 * measured against labels it has not been tuned to one layout of.
 *
 * <pre>{@code
 * ChartDocument plain = generator.document(7);
 * ChartDocument other = HeaderVariants.restyle(plain, 7);   // same patient, same values, another hospital's forms
 * }</pre>
 */
public final class HeaderVariants {
    private HeaderVariants() {
    }

    private static final double LEFT = 72, RIGHT = 540, CELL = 24;
    private static final String GAP = "    ";

    private static final List<String> MRN_LABELS = List.of("MRN:", "MRN #:", "Medical Record #:", "Med Rec No:", "MR#:",
            "Medical Record Number:", "MRN");
    private static final List<String> NAME_LABELS = List.of("Patient:", "Patient Name:", "Name:");
    private static final List<String> BIRTH_LABELS = List.of("DOB:", "Date of Birth:", "D.O.B.:", "Birth Date:");
    private static final List<String> SERVICE_LABELS = List.of("Date of service:", "Service Date:", "Admission Date:",
            "Visit Date:", "DOS:");
    private static final List<String> ENCOUNTER_LABELS = List.of("Encounter:", "Encounter #:", "Visit #:", "Account #:");
    private static final List<DateTimeFormatter> DATES = List.of(
            DateTimeFormatter.ofPattern("MM/dd/yyyy", Locale.US), DateTimeFormatter.ofPattern("M/d/yy", Locale.US),
            DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.US), DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.US),
            DateTimeFormatter.ofPattern("MMM d, yyyy", Locale.US), DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.US));
    private static final Map<String, List<String>> TITLES = Map.ofEntries(
            Map.entry("DISCHARGE SUMMARY", List.of("Discharge Summary", "HOSPITAL DISCHARGE SUMMARY")),
            Map.entry("HISTORY AND PHYSICAL", List.of("H&P", "History and Physical", "ADMISSION HISTORY AND PHYSICAL")),
            Map.entry("OPERATIVE REPORT", List.of("OPERATIVE NOTE", "Operative Report", "OPERATION REPORT")),
            Map.entry("PROGRESS NOTE", List.of("Progress Note", "DAILY PROGRESS NOTE")),
            Map.entry("CONSULTATION", List.of("CONSULTATION REPORT", "Consultation Note", "INPATIENT CONSULTATION")),
            Map.entry("PATHOLOGY REPORT", List.of("SURGICAL PATHOLOGY REPORT", "Pathology Report")),
            Map.entry("LABORATORY REPORT", List.of("LAB RESULTS", "Laboratory Results", "CUMULATIVE LABORATORY REPORT")),
            Map.entry("RADIOLOGY REPORT", List.of("DIAGNOSTIC IMAGING REPORT", "Radiology Report", "CT REPORT")),
            Map.entry("CONSENT FOR TREATMENT", List.of("INFORMED CONSENT", "Consent for Surgery", "CONSENT FORM")),
            Map.entry("REFERRAL", List.of("REFERRAL LETTER", "Outpatient Referral")),
            Map.entry("NURSING ASSESSMENT", List.of("NURSING ADMISSION ASSESSMENT", "Nursing Assessment")));

    /** {@code document} with its first page's header and every page's title printed in a style the seed picks. */
    public static ChartDocument restyle(ChartDocument document, long seed) {
        Random random = Seeds.random(seed, 7);
        Indexing values = document.indexing();
        Typeface face = document.pages().get(0).typeface();
        String title = pick(random, TITLES.getOrDefault(values.documentType(), List.of(values.documentType())));
        String mrnLabel = pick(random, MRN_LABELS), nameLabel = pick(random, NAME_LABELS);
        String birthLabel = pick(random, BIRTH_LABELS), serviceLabel = pick(random, SERVICE_LABELS);
        String encounterLabel = pick(random, ENCOUNTER_LABELS);
        DateTimeFormatter dates = pick(random, DATES);
        String name = random.nextBoolean() ? values.patientName() : firstNameFirst(values.patientName());

        List<ChartPage> pages = new ArrayList<>();
        for (ChartPage page : document.pages()) {
            List<Line> lines = new ArrayList<>(page.lines());
            int titleLine = 1;
            String pageTitle = page.pageNumber() == 1 ? title : title + " (continued)";
            lines.set(titleLine, centered(face, pageTitle, lines.get(titleLine).baseline()));
            if (page.pageNumber() == 1) {
                int first = indexOf(lines, "Patient: ");
                int count = 0;
                while (first + count < lines.size() && !lines.get(first + count).text().isEmpty()) count++;
                String attending = lines.subList(first, first + count).stream().map(Line::text)
                        .filter(t -> t.contains("Attending: ")).map(t -> t.substring(t.indexOf("Attending: ") + 11))
                        .findFirst().orElseThrow();
                List<String[]> rows = List.of(
                        new String[] {nameLabel, name, mrnLabel, values.mrn()},
                        new String[] {birthLabel, values.birthDate().format(dates), serviceLabel, values.serviceDate().format(dates)},
                        new String[] {encounterLabel, values.encounter(), "Attending:", attending});
                List<Line> header = fields(face, rows, lines.subList(first, first + count));
                for (int i = 0; i < count; i++) lines.set(first + i, header.get(i));
            }
            pages.add(new ChartPage(page.indexing(), page.pageNumber(), page.pageCount(), page.typeface(), lines));
        }
        return new ChartDocument(pages);
    }

    /** The rows as the original block laid them out (two pairs a line, or one); a row too wide falls back to the original. */
    private static List<Line> fields(Typeface face, List<String[]> rows, List<Line> original) {
        boolean twoColumns = original.size() == rows.size();
        List<Line> out = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            if (twoColumns) {
                Line before = original.get(r);
                double second = before.runs().get(2).x();
                double firstEnd = LEFT + width(face, row[0], row[1]);
                double at = Math.max(second, firstEnd + CELL);
                if (at + width(face, row[2], row[3]) > RIGHT) {
                    out.add(before);
                    continue;
                }
                List<Run> runs = new ArrayList<>(pair(face, row[0], row[1], LEFT));
                runs.addAll(pair(face, row[2], row[3], at));
                out.add(new Line(before.baseline(), runs, row[0] + " " + row[1] + GAP + row[2] + " " + row[3]));
            } else {
                for (int half = 0; half < 2; half++) {
                    Line before = original.get(2 * r + half);
                    String label = row[2 * half], value = row[2 * half + 1];
                    out.add(LEFT + width(face, label, value) > RIGHT ? before
                            : new Line(before.baseline(), pair(face, label, value, LEFT), label + " " + value));
                }
            }
        }
        return out;
    }

    private static List<Run> pair(Typeface face, String label, String value, double x) {
        return List.of(new Run(label, x, Style.LABEL), new Run(value, x + face.width(label + " ", Style.LABEL), Style.BODY));
    }

    private static double width(Typeface face, String label, String value) {
        return face.width(label + " ", Style.LABEL) + face.width(value, Style.BODY);
    }

    private static Line centered(Typeface face, String text, double baseline) {
        double x = (ChartPage.WIDTH_POINTS - face.width(text, Style.TITLE)) / 2;
        return new Line(baseline, List.of(new Run(text, x, Style.TITLE)), text);
    }

    /** "LAST, FIRST" as "First Last". */
    private static String firstNameFirst(String printed) {
        String[] parts = printed.split(", ", 2);
        return capitalised(parts[1]) + " " + capitalised(parts[0]);
    }

    private static String capitalised(String upper) {
        StringBuilder out = new StringBuilder();
        boolean start = true;
        for (char c : upper.toLowerCase(Locale.ROOT).toCharArray()) {
            out.append(start ? Character.toUpperCase(c) : c);
            start = !Character.isLetter(c);
        }
        return out.toString();
    }

    private static int indexOf(List<Line> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).text().startsWith(prefix)) return i;
        throw new IllegalArgumentException("no line starts with " + prefix);
    }

    private static <T> T pick(Random random, List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** A date as a given style prints it (for tests that build text by hand). */
    public static String format(LocalDate date, int style) {
        return date.format(DATES.get(Math.floorMod(style, DATES.size())));
    }
}
