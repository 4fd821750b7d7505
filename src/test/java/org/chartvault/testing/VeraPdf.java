package org.chartvault.testing;

import org.verapdf.gf.foundry.VeraGreenfieldFoundryProvider;
import org.verapdf.pdfa.Foundries;
import org.verapdf.pdfa.PDFAParser;
import org.verapdf.pdfa.PDFAValidator;
import org.verapdf.pdfa.flavours.PDFAFlavour;
import org.verapdf.pdfa.results.TestAssertion;
import org.verapdf.pdfa.results.ValidationResult;

import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.TreeSet;

/**
 * veraPDF, the PDF/A reference validator (of the PDF Association and the Open Preservation Foundation), checking a
 * PDF against PDF/A-2b whatever the file claims to be.
 */
public final class VeraPdf {
    static {
        VeraGreenfieldFoundryProvider.initialise();
    }

    private VeraPdf() {
    }

    /**
     * The rules of PDF/A-2b the file breaks, one entry per rule ("6.2.11.4.1-1: the font program is not embedded"),
     * in clause order; empty when veraPDF finds the file compliant.
     */
    public static List<String> failedRules(byte[] pdf) {
        try (PDFAParser parser = Foundries.defaultInstance().createParser(new ByteArrayInputStream(pdf), PDFAFlavour.PDFA_2_B);
             PDFAValidator validator = Foundries.defaultInstance().createValidator(PDFAFlavour.PDFA_2_B, false)) {
            ValidationResult result = validator.validate(parser);
            TreeSet<String> failed = new TreeSet<>();
            for (TestAssertion assertion : result.getTestAssertions()) {
                if (assertion.getStatus() != TestAssertion.Status.FAILED) continue;
                failed.add(assertion.getRuleId().getClause() + "-" + assertion.getRuleId().getTestNumber() + ": "
                        + assertion.getMessage());
            }
            if (failed.isEmpty() && !result.isCompliant()) failed.add("not compliant (" + result.getJobEndStatus() + ")");
            return List.copyOf(failed);
        } catch (Exception e) {
            throw new AssertionError("veraPDF could not read the file: " + e, e);
        }
    }
}
