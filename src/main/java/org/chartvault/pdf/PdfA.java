package org.chartvault.pdf;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentCatalog;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.common.PDMetadata;
import org.apache.pdfbox.pdmodel.graphics.color.PDOutputIntent;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Calendar;

/**
 * Makes a PDF that ChartVault writes a PDF/A-2b file (ISO 19005-2, level B: it prints the same in a hundred years),
 * the archival format hospitals and courts ask for. Call it last, just before saving, once the Info dictionary is
 * final. It adds what PDF/A asks of every file:
 * <ul>
 *   <li>XMP metadata saying so (pdfaid part 2, conformance B), with the Info dictionary's title, creator, producer
 *       and dates, which PDF/A requires to agree with it;</li>
 *   <li>an sRGB output intent, so that the colours (and grays) of every page are defined; the profile is the JDK's
 *       own sRGB profile, so the bytes of a file depend on the JDK it was written with.</li>
 * </ul>
 * What the pages hold is the writer's part: fonts embedded (never PDFBox's Standard 14 fonts, see {@link PdfFonts}),
 * images in gray or RGB, no transparency, no encryption, no JavaScript, no annotations. The tests check every kind of
 * PDF ChartVault writes with veraPDF.
 */
public final class PdfA {
    static final String PRODUCER = "ChartVault";
    private static final String SRGB = "sRGB IEC61966-2.1";
    /** Seconds and offset, as the Info dictionary's dates have them: PDF/A wants both dates to say the same. */
    private static final DateTimeFormatter XMP_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private PdfA() {
    }

    /** Marks the document as PDF/A-2b: XMP metadata with the PDF/A identification, and an sRGB output intent. */
    public static void mark(PDDocument document) throws IOException {
        write(document, true);
    }

    /**
     * The same metadata and output intent without the PDF/A identification, for a file whose content ChartVault
     * copied from elsewhere and cannot vouch for: a validator would find the claim false.
     */
    public static void markWithoutClaim(PDDocument document) throws IOException {
        write(document, false);
    }

    private static void write(PDDocument document, boolean claim) throws IOException {
        PDDocumentInformation info = document.getDocumentInformation();
        info.setProducer(PRODUCER);
        // XML cannot carry control characters; the Info dictionary is made to say what the XMP can
        if (info.getTitle() != null) info.setTitle(xmlSafe(info.getTitle()));
        if (info.getCreator() != null) info.setCreator(xmlSafe(info.getCreator()));
        PDDocumentCatalog catalog = document.getDocumentCatalog();
        PDMetadata metadata = new PDMetadata(document);
        metadata.importXMPMetadata(xmp(info, claim).getBytes(StandardCharsets.UTF_8));
        catalog.setMetadata(metadata);
        if (catalog.getOutputIntents().isEmpty()) catalog.addOutputIntent(srgb(document));
    }

    private static PDOutputIntent srgb(PDDocument document) throws IOException {
        byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        PDOutputIntent intent = new PDOutputIntent(document, new ByteArrayInputStream(profile));
        intent.setInfo(SRGB);
        intent.setOutputCondition(SRGB);
        intent.setOutputConditionIdentifier(SRGB);
        intent.setRegistryName("http://www.color.org");
        return intent;
    }

    /** The XMP packet, written out by hand: a fixed text for fixed values, so the same document gives the same bytes. */
    static String xmp(PDDocumentInformation info, boolean claim) {
        StringBuilder x = new StringBuilder();
        x.append("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n")
                .append("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n")
                .append(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
        if (claim) {
            x.append("  <rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n")
                    .append("   <pdfaid:part>2</pdfaid:part>\n")
                    .append("   <pdfaid:conformance>B</pdfaid:conformance>\n")
                    .append("  </rdf:Description>\n");
        }
        if (info.getTitle() != null) {
            x.append("  <rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n")
                    .append("   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">").append(escape(info.getTitle()))
                    .append("</rdf:li></rdf:Alt></dc:title>\n")
                    .append("  </rdf:Description>\n");
        }
        x.append("  <rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">\n");
        if (info.getCreator() != null) x.append("   <xmp:CreatorTool>").append(escape(info.getCreator())).append("</xmp:CreatorTool>\n");
        if (info.getCreationDate() != null) x.append("   <xmp:CreateDate>").append(date(info.getCreationDate())).append("</xmp:CreateDate>\n");
        if (info.getModificationDate() != null) x.append("   <xmp:ModifyDate>").append(date(info.getModificationDate())).append("</xmp:ModifyDate>\n");
        x.append("  </rdf:Description>\n")
                .append("  <rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n")
                .append("   <pdf:Producer>").append(escape(info.getProducer())).append("</pdf:Producer>\n")
                .append("  </rdf:Description>\n")
                .append(" </rdf:RDF>\n")
                .append("</x:xmpmeta>\n")
                .append("<?xpacket end=\"w\"?>");
        return x.toString();
    }

    private static String date(Calendar calendar) {
        int offsetMillis = calendar.get(Calendar.ZONE_OFFSET) + calendar.get(Calendar.DST_OFFSET);
        return calendar.toInstant().truncatedTo(ChronoUnit.SECONDS)
                .atOffset(ZoneOffset.ofTotalSeconds(offsetMillis / 1000)).format(XMP_DATE);
    }

    private static String xmlSafe(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> out.appendCodePoint(Character.isISOControl(cp) || cp == 0xFFFE || cp == 0xFFFF ? ' ' : cp));
        return out.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
