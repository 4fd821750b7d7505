package org.chartvault.pdf;

import org.apache.pdfbox.cos.COSBoolean;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What on a page copied from an upload keeps ChartVault from claiming PDF/A for the file, and what does not. */
class CopiedContentTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a scanned page: one gray image                  | q 100 0 0 100 0 0 cm /Im Do Q                  | ",
            "an invisible OCR layer in a font not embedded   | BT 3 Tr /F 12 Tf 72 700 Td (words) Tj ET       | ",
            "visible text in a font not embedded             | BT /F 12 Tf 72 700 Td (words) Tj ET            | visible text in Helvetica",
            "text made visible again after an invisible run  | BT 3 Tr /F 12 Tf (a) Tj 0 Tr (b) Tj ET         | visible text in Helvetica",
            "CMYK colour set by operator                     | 0 0 0 1 k 0 0 10 10 re f                       | CMYK color",
            "CMYK colour space selected                      | /DeviceCMYK cs 0 0 0 1 sc 0 0 10 10 re f       | CMYK color",
            "an image in LZW                                 | q 100 0 0 100 0 0 cm /Lzw Do Q                 | LZWDecode data",
            "an image to be interpolated                     | q 100 0 0 100 0 0 cm /Smooth Do Q              | image interpolation",
    })
    void doubtsOfAPage(String what, String content, String doubt) throws IOException {
        try (PDDocument pdf = new PDDocument()) {
            PDPage page = page(pdf, content);
            assertEquals(doubt == null ? List.of() : List.of(doubt), CopiedContent.doubts(page), what);
        }
    }

    private static PDPage page(PDDocument pdf, String content) throws IOException {
        PDPage page = new PDPage(PDRectangle.LETTER);
        pdf.addPage(page);
        // only what the content names, as PageCopies leaves a copied page
        PDResources resources = new PDResources();
        if (content.contains("/F ")) resources.put(COSName.getPDFName("F"), new PDType1Font(Standard14Fonts.FontName.HELVETICA));
        if (content.contains("/Im ")) resources.put(COSName.getPDFName("Im"), gray(pdf));
        if (content.contains("/Lzw ")) {
            PDImageXObject lzw = gray(pdf);
            lzw.getCOSObject().setItem(COSName.FILTER, COSName.LZW_DECODE); // only named: the check never decodes it
            resources.put(COSName.getPDFName("Lzw"), lzw);
        }
        if (content.contains("/Smooth ")) {
            PDImageXObject smooth = gray(pdf);
            smooth.getCOSObject().setItem(COSName.INTERPOLATE, COSBoolean.TRUE);
            resources.put(COSName.getPDFName("Smooth"), smooth);
        }
        page.setResources(resources);
        PDStream stream = new PDStream(pdf);
        try (OutputStream out = stream.createOutputStream()) {
            out.write(content.getBytes(StandardCharsets.US_ASCII));
        }
        page.setContents(stream);
        return page;
    }

    private static PDImageXObject gray(PDDocument pdf) throws IOException {
        return LosslessFactory.createFromImage(pdf, new BufferedImage(4, 4, BufferedImage.TYPE_BYTE_GRAY));
    }
}
