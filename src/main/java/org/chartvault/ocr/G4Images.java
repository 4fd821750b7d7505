package org.chartvault.ocr;

import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.filter.Filter;
import org.apache.pdfbox.filter.FilterFactory;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.graphics.color.PDDeviceGray;
import org.apache.pdfbox.pdmodel.graphics.image.CCITTFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.MultiPixelPackedSampleModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Black-and-white page images as CCITT G4 image XObjects, the way PDFBox's {@link CCITTFactory#createFromImage}
 * makes them, but from the packed raster a row at a time: PDFBox reads the image a pixel at a time through the
 * colour model, which made it the largest cost of a scanned document's searchable PDF.
 */
final class G4Images {
    private G4Images() {
    }

    static PDImageXObject of(PDDocument document, BufferedImage bitonal) throws IOException {
        byte[] rows = blackIsOne(bitonal);
        if (rows == null) return CCITTFactory.createFromImage(document, bitonal);
        int width = bitonal.getWidth(), height = bitonal.getHeight();
        COSDictionary parameters = new COSDictionary();
        parameters.setInt(COSName.COLUMNS, width);
        parameters.setInt(COSName.ROWS, height);
        ByteArrayOutputStream encoded = new ByteArrayOutputStream(rows.length / 8);
        Filter g4 = FilterFactory.INSTANCE.getFilter(COSName.CCITTFAX_DECODE);
        g4.encode(new ByteArrayInputStream(rows), encoded, parameters, 0);
        PDImageXObject image = new PDImageXObject(document, new ByteArrayInputStream(encoded.toByteArray()),
                COSName.CCITTFAX_DECODE, width, height, 1, PDDeviceGray.INSTANCE);
        parameters.setInt(COSName.K, -1);
        image.getCOSObject().setItem(COSName.DECODE_PARMS, parameters);
        return image;
    }

    /**
     * The image's rows packed a bit per pixel, 1 for black (what PDFBox's G4 encoder takes), each row padded with
     * white to a whole byte; null when the image is not laid out as one packed bit per pixel.
     */
    static byte[] blackIsOne(BufferedImage image) {
        Raster raster = image.getRaster();
        if (!(raster.getSampleModel() instanceof MultiPixelPackedSampleModel model) || model.getPixelBitStride() != 1
                || !(raster.getDataBuffer() instanceof DataBufferByte buffer) || buffer.getNumBanks() != 1
                || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
                || model.getDataBitOffset() != 0) {
            return null;
        }
        boolean zeroIsBlack = (image.getColorModel().getRGB(0) & 0xFFFFFF) < (image.getColorModel().getRGB(1) & 0xFFFFFF);
        int width = image.getWidth(), height = image.getHeight();
        int rowBytes = (width + 7) / 8, stride = model.getScanlineStride();
        int offset = buffer.getOffset();
        byte[] data = buffer.getData();
        int tailBits = width % 8;
        byte tailMask = (byte) (tailBits == 0 ? 0xFF : (0xFF << (8 - tailBits)));
        byte[] rows = new byte[rowBytes * height];
        for (int y = 0; y < height; y++) {
            int from = offset + y * stride, to = y * rowBytes;
            for (int i = 0; i < rowBytes; i++) {
                byte b = data[from + i];
                rows[to + i] = zeroIsBlack ? (byte) ~b : b;
            }
            rows[to + rowBytes - 1] &= tailMask;
        }
        return rows;
    }
}
