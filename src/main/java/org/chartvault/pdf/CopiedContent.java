package org.chartvault.pdf;

import org.apache.pdfbox.contentstream.PDFStreamEngine;
import org.apache.pdfbox.contentstream.operator.DrawObject;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.contentstream.operator.OperatorName;
import org.apache.pdfbox.contentstream.operator.OperatorProcessor;
import org.apache.pdfbox.contentstream.operator.state.Restore;
import org.apache.pdfbox.contentstream.operator.state.Save;
import org.apache.pdfbox.contentstream.operator.state.SetGraphicsStateParameters;
import org.apache.pdfbox.contentstream.operator.text.BeginText;
import org.apache.pdfbox.contentstream.operator.text.EndText;
import org.apache.pdfbox.contentstream.operator.text.SetFontAndSize;
import org.apache.pdfbox.contentstream.operator.text.SetTextRenderingMode;
import org.apache.pdfbox.contentstream.operator.text.ShowText;
import org.apache.pdfbox.contentstream.operator.text.ShowTextAdjusted;
import org.apache.pdfbox.contentstream.operator.text.ShowTextLine;
import org.apache.pdfbox.contentstream.operator.text.ShowTextLineAndSpace;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSBoolean;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;

import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether ChartVault can vouch that a page copied from an uploaded PDF keeps the file it is copied into PDF/A-2b.
 * Scanner output passes: images in gray, RGB or ICC colour (CCITT, JBIG2, JPEG, Flate), and an invisible OCR layer
 * (PDF/A does not ask fonts that draw nothing to be embedded). What born-digital uploads carry does not: visible text
 * (fonts are often not embedded, and an embedded one can still break PDF/A's font rules: widths, CharSet, CIDSet),
 * CMYK colour (the output intent is sRGB), LZW or JPEG 2000 data, image interpolation, transfer functions,
 * non-standard blend modes, PostScript, OPI and reference XObjects, optional content. The check refuses what it
 * cannot tell rather than let a file claim PDF/A that a validator would reject.
 */
public final class CopiedContent {
    private static final Set<COSName> STANDARD_BLEND_MODES = Set.of(COSName.getPDFName("Normal"),
            COSName.getPDFName("Compatible"), COSName.getPDFName("Multiply"), COSName.getPDFName("Screen"),
            COSName.getPDFName("Overlay"), COSName.getPDFName("Darken"), COSName.getPDFName("Lighten"),
            COSName.getPDFName("ColorDodge"), COSName.getPDFName("ColorBurn"), COSName.getPDFName("HardLight"),
            COSName.getPDFName("SoftLight"), COSName.getPDFName("Difference"), COSName.getPDFName("Exclusion"),
            COSName.getPDFName("Hue"), COSName.getPDFName("Saturation"), COSName.getPDFName("Color"),
            COSName.getPDFName("Luminosity"));
    private static final Set<String> UNCHECKED_FILTERS = Set.of("LZWDecode", "LZW", "JPXDecode", "Crypt");

    private CopiedContent() {
    }

    /** What on the page keeps ChartVault from claiming PDF/A-2b for a file that holds it; empty when nothing does. */
    public static List<String> doubts(PDPage page) {
        Set<String> doubts = new LinkedHashSet<>();
        try {
            new TextModes(doubts).processPage(page);
            if (page.getResources() != null) resources(page.getResources().getCOSObject(), doubts, visited());
        } catch (IOException | RuntimeException e) {
            doubts.add("its content cannot be read through (" + e.getMessage() + ")");
        }
        return List.copyOf(doubts);
    }

    private static Set<COSBase> visited() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }

    /** Every resource the content can reach, at any depth (forms, patterns, Type 3 glyphs). */
    private static void resources(COSDictionary resources, Set<String> doubts, Set<COSBase> seen) {
        if (resources == null || !seen.add(resources)) return;
        for (COSBase gs : values(resources, COSName.EXT_G_STATE)) graphicsState(gs, doubts);
        for (COSBase space : values(resources, COSName.COLORSPACE)) colourSpace(space, doubts, seen);
        for (COSBase xobject : values(resources, COSName.XOBJECT)) xobject(xobject, doubts, seen);
        for (COSBase pattern : values(resources, COSName.PATTERN)) {
            if (!(deref(pattern) instanceof COSDictionary p)) continue;
            shading(p.getDictionaryObject(COSName.SHADING), doubts, seen);
            resources(p.getCOSDictionary(COSName.RESOURCES), doubts, seen);
        }
        for (COSBase shading : values(resources, COSName.SHADING)) shading(shading, doubts, seen);
        for (COSBase font : values(resources, COSName.FONT)) {
            if (deref(font) instanceof COSDictionary f && COSName.TYPE3.equals(f.getCOSName(COSName.SUBTYPE))) {
                resources(f.getCOSDictionary(COSName.RESOURCES), doubts, seen);
            }
        }
        for (COSBase property : values(resources, COSName.PROPERTIES)) {
            if (deref(property) instanceof COSDictionary p && (COSName.OCG.equals(p.getCOSName(COSName.TYPE))
                    || COSName.OCMD.equals(p.getCOSName(COSName.TYPE)))) {
                doubts.add("optional content (layers)");
            }
        }
    }

    private static void graphicsState(COSBase base, Set<String> doubts) {
        if (!(deref(base) instanceof COSDictionary gs)) return;
        if (gs.containsKey(COSName.TR)) doubts.add("a transfer function");
        COSBase tr2 = gs.getDictionaryObject(COSName.TR2);
        if (tr2 != null && !COSName.DEFAULT.equals(tr2)) doubts.add("a transfer function");
        if (gs.containsKey(COSName.getPDFName("HTP")) || gs.containsKey(COSName.getPDFName("HT"))) doubts.add("a halftone");
        COSBase blend = gs.getDictionaryObject(COSName.BM);
        if (blend instanceof COSName mode && !STANDARD_BLEND_MODES.contains(mode)) doubts.add("blend mode " + mode.getName());
        if (blend instanceof COSArray modes) {
            for (COSBase mode : modes) {
                if (!STANDARD_BLEND_MODES.contains(deref(mode))) doubts.add("a non-standard blend mode");
            }
        }
    }

    private static void xobject(COSBase base, Set<String> doubts, Set<COSBase> seen) {
        if (!(deref(base) instanceof COSStream stream) || !seen.add(stream)) return;
        COSName subtype = stream.getCOSName(COSName.SUBTYPE);
        if (COSName.IMAGE.equals(subtype)) {
            image(stream, doubts, seen);
        } else if (COSName.FORM.equals(subtype)) {
            if (stream.containsKey(COSName.getPDFName("Ref"))) doubts.add("a reference XObject");
            if (stream.containsKey(COSName.getPDFName("OPI"))) doubts.add("OPI");
            if (stream.containsKey(COSName.PS) || COSName.PS.equals(stream.getCOSName(COSName.getPDFName("Subtype2")))) {
                doubts.add("PostScript");
            }
            if (stream.getDictionaryObject(COSName.GROUP) instanceof COSDictionary group) {
                colourSpace(group.getDictionaryObject(COSName.CS), doubts, seen);
            }
            resources(stream.getCOSDictionary(COSName.RESOURCES), doubts, seen);
        } else {
            doubts.add("an XObject of type " + (subtype == null ? "(none)" : subtype.getName()));
        }
    }

    private static void image(COSStream image, Set<String> doubts, Set<COSBase> seen) {
        filters(image.getDictionaryObject(COSName.FILTER), doubts);
        if (image.getDictionaryObject(COSName.INTERPOLATE) == COSBoolean.TRUE) doubts.add("image interpolation");
        if (image.containsKey(COSName.getPDFName("Alternates"))) doubts.add("alternate images");
        if (image.containsKey(COSName.getPDFName("OPI"))) doubts.add("OPI");
        colourSpace(image.getDictionaryObject(COSName.COLORSPACE), doubts, seen);
        xobject(image.getDictionaryObject(COSName.SMASK), doubts, seen);
        if (image.getDictionaryObject(COSName.MASK) instanceof COSStream mask) xobject(mask, doubts, seen);
    }

    private static void filters(COSBase filter, Set<String> doubts) {
        if (filter instanceof COSName name && UNCHECKED_FILTERS.contains(name.getName())) doubts.add(name.getName() + " data");
        if (filter instanceof COSArray names) for (COSBase name : names) filters(deref(name), doubts);
    }

    private static void shading(COSBase base, Set<String> doubts, Set<COSBase> seen) {
        if (deref(base) instanceof COSDictionary shading) colourSpace(shading.getDictionaryObject(COSName.COLORSPACE), doubts, seen);
    }

    /** Gray, RGB and ICC-based spaces are defined under the sRGB output intent; CMYK is not. */
    private static void colourSpace(COSBase base, Set<String> doubts, Set<COSBase> seen) {
        COSBase space = deref(base);
        if (space instanceof COSName name) {
            if (COSName.DEVICECMYK.equals(name) || COSName.getPDFName("CMYK").equals(name)) doubts.add("CMYK color");
            return;
        }
        if (!(space instanceof COSArray array) || array.size() == 0 || !seen.add(array)) return;
        COSBase family = deref(array.get(0));
        if (COSName.INDEXED.equals(family) && array.size() > 1) colourSpace(array.get(1), doubts, seen);
        if (COSName.PATTERN.equals(family) && array.size() > 1) colourSpace(array.get(1), doubts, seen);
        if (COSName.SEPARATION.equals(family) && array.size() > 2) colourSpace(array.get(2), doubts, seen);
        if (COSName.DEVICEN.equals(family) && array.size() > 2) colourSpace(array.get(2), doubts, seen);
    }

    private static List<COSBase> values(COSDictionary resources, COSName category) {
        if (!(resources.getDictionaryObject(category) instanceof COSDictionary entries)) return List.of();
        return List.copyOf(entries.getValues());
    }

    private static COSBase deref(COSBase base) {
        return base instanceof COSObject object ? object.getObject() : base;
    }

    /** Walks the content (and the forms it draws) for text that is drawn, and for colour set as CMYK. */
    private static final class TextModes extends PDFStreamEngine {
        private final Set<String> doubts;

        TextModes(Set<String> doubts) {
            this.doubts = doubts;
            addOperator(new BeginText(this));
            addOperator(new EndText(this));
            addOperator(new SetFontAndSize(this));
            addOperator(new SetTextRenderingMode(this));
            addOperator(new ShowText(this));
            addOperator(new ShowTextAdjusted(this));
            addOperator(new ShowTextLine(this));
            addOperator(new ShowTextLineAndSpace(this));
            addOperator(new Save(this));
            addOperator(new Restore(this));
            addOperator(new SetGraphicsStateParameters(this));
            addOperator(new DrawObject(this));
            for (String cmyk : List.of(OperatorName.STROKING_COLOR_CMYK, OperatorName.NON_STROKING_CMYK)) {
                addOperator(new Doubt(this, cmyk, "CMYK color"));
            }
            addOperator(new InlineImage(this));
        }

        @Override
        protected void showText(byte[] string) {
            if (getGraphicsState().getTextState().getRenderingMode() == RenderingMode.NEITHER) return;
            PDFont font = getGraphicsState().getTextState().getFont();
            doubts.add("visible text" + (font == null ? "" : " in " + font.getName()));
        }

        @Override
        protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
            if ((OperatorName.STROKING_COLORSPACE.equals(operator.getName())
                    || OperatorName.NON_STROKING_COLORSPACE.equals(operator.getName())) && !operands.isEmpty()) {
                colourSpace(operands.get(0), doubts, visited());
            }
            super.processOperator(operator, operands);
        }

        private final class Doubt extends OperatorProcessor {
            private final String name;
            private final String doubt;

            Doubt(PDFStreamEngine context, String name, String doubt) {
                super(context);
                this.name = name;
                this.doubt = doubt;
            }

            @Override
            public void process(Operator operator, List<COSBase> operands) {
                doubts.add(doubt);
            }

            @Override
            public String getName() {
                return name;
            }
        }

        private final class InlineImage extends OperatorProcessor {
            InlineImage(PDFStreamEngine context) {
                super(context);
            }

            @Override
            public void process(Operator operator, List<COSBase> operands) {
                COSDictionary parameters = operator.getImageParameters();
                if (parameters == null) return;
                filters(parameters.getDictionaryObject(COSName.F, COSName.FILTER), doubts);
                COSBase interpolate = parameters.getDictionaryObject(COSName.getPDFName("I"), COSName.INTERPOLATE);
                if (interpolate == COSBoolean.TRUE) doubts.add("image interpolation");
                colourSpace(parameters.getDictionaryObject(COSName.CS, COSName.COLORSPACE), doubts, visited());
            }

            @Override
            public String getName() {
                return OperatorName.BEGIN_INLINE_IMAGE;
            }
        }
    }
}
