package org.chartvault.hold;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The two load files litigation-support tools read a production with.
 * <ul>
 *   <li>Concordance {@code .dat}: one line per document, every field between þ (U+00FE) quotes and fields separated
 *       by ASCII 20 (DC4); a header line names the fields. UTF-8, CRLF.</li>
 *   <li>Opticon {@code .opt}: one line per page, {@code BatesNumber,Volume,ImagePath,DocumentBreak,FolderBreak,BoxBreak,
 *       PageCount}; the document break is Y on a document's first page (which also carries its page count) and
 *       empty on the others. The image of every page is its document's Bates-stamped PDF.</li>
 * </ul>
 * Paths are the ZIP entry names, relative to the production's root, with '/' separators.
 */
final class LoadFiles {
    static final char QUOTE = '\u00FE';
    static final char DELIMITER = '\u0014';
    static final String VOLUME = "VOL001";
    static final List<String> DAT_FIELDS = List.of("BEGBATES", "ENDBATES", "PAGECOUNT", "DOCID", "CUSTODIAN", "MRN",
            "PATIENTNAME", "DOCTYPE", "DOCDATE", "ENCOUNTER", "FILENAME", "SHA256", "NATIVEPATH", "IMAGEPATH",
            "TEXTPATH");
    /** US load-file date form. */
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("MM/dd/yyyy");

    private final StringBuilder dat = new StringBuilder();
    private final StringBuilder opt = new StringBuilder();

    /** The hospital: it keeps the records, whoever's chart they are (the patient is in MRN and PATIENTNAME). */
    private final String custodian;

    LoadFiles(String custodian) {
        this.custodian = custodian;
        datLine(DAT_FIELDS);
    }

    /** The DAT line of one produced document. */
    void document(String begBates, String endBates, int pages, String documentId, String mrn, String patientName,
                  String documentType, LocalDate serviceDate, String encounter, String fileName, String sha256,
                  String nativePath, String imagePath, String textPath) {
        datLine(List.of(begBates, endBates, Integer.toString(pages), documentId, orEmpty(custodian), orEmpty(mrn),
                orEmpty(patientName), orEmpty(documentType), serviceDate == null ? "" : DATE.format(serviceDate),
                orEmpty(encounter), orEmpty(fileName), sha256, nativePath, imagePath, textPath));
    }

    /** The OPT line of one page. */
    void page(String bates, String imagePath, boolean firstOfDocument, int documentPages) {
        opt.append(bates).append(',').append(VOLUME).append(',').append(imagePath).append(',')
                .append(firstOfDocument ? "Y" : "").append(",,,")
                .append(firstOfDocument ? Integer.toString(documentPages) : "").append("\r\n");
    }

    byte[] dat() {
        return dat.toString().getBytes(StandardCharsets.UTF_8);
    }

    byte[] opt() {
        return opt.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void datLine(List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) dat.append(DELIMITER);
            dat.append(QUOTE).append(clean(fields.get(i))).append(QUOTE);
        }
        dat.append("\r\n");
    }

    /** A value may hold neither the quote, the delimiter nor a line break. */
    private static String clean(String value) {
        return value.replace(QUOTE, '?').replace(DELIMITER, ' ').replace('\r', ' ').replace('\n', ' ');
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
