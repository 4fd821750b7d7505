package org.chartvault.audit;

import org.apache.commons.csv.CSVPrinter;
import org.chartvault.Csv;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class AuditCsvTest {

    static Stream<Arguments> cells() {
        return Stream.of(
                arguments("plain words", "plain words"),
                arguments("", ""),
                arguments("=1+2", "'=1+2"),
                arguments("+33 1 23", "'+33 1 23"),
                arguments("-2", "'-2"),
                arguments("@SUM(A1:A2)", "'@SUM(A1:A2)"),
                arguments("\tcmd", "'\tcmd"),
                arguments("\rcmd", "\"'\rcmd\""),
                arguments("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
                arguments("a=b", "a=b"),
                arguments("smith, john", "\"smith, john\""),
                arguments("say \"hi\"", "\"say \"\"hi\"\"\""),
                arguments("=HYPERLINK(\"x\",\"y\")", "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\""),
                arguments("two\nlines", "\"two\nlines\""));
    }

    @ParameterizedTest
    @MethodSource("cells")
    void cellIsNeutralisedAndQuoted(String value, String written) throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter row = Csv.writer(out)) {
            row.printRecord(List.of("x", AuditCsv.neutralised(value), "y"));
        }
        assertEquals("x," + written + ",y\r\n", out.toString());
    }
}
