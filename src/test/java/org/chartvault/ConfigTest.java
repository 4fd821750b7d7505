package org.chartvault;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Settings as an operator writes them in the environment. */
class ConfigTest {

    @Test
    void thePublicUrlIsTheConfiguredOneElseThisMachine() {
        assertEquals("http://localhost:8080", Config.from(Map.of()).publicBaseUrl(8080));
        assertEquals("http://localhost:41234", Config.from(Map.of("CHARTVAULT_PORT", "0")).publicBaseUrl(41234),
                "the port the server bound");
        assertEquals("https://localhost:9443", Config.from(Map.of("CHARTVAULT_KEYSTORE", "/etc/chartvault/keystore.p12",
                "CHARTVAULT_HTTPS_PORT", "9443")).publicBaseUrl(8080));
        assertEquals("https://archive.hospital.example/records", Config.from(Map.of("CHARTVAULT_PUBLIC_URL",
                " https://archive.hospital.example/records/ ")).publicBaseUrl(8080));
    }

    @ParameterizedTest
    @ValueSource(strings = {"archive.hospital.example", "ftp://archive.hospital.example", "https://", "https://a.example/?x=1",
            "https://a.example/#top", "https://user:pw@a.example", "https://a example"})
    void aPublicUrlThatIsNoHttpAddressIsRefusedAtStart(String value) {
        assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of("CHARTVAULT_PUBLIC_URL", value)));
    }

    @Test
    void daysAreShownInUsOrderUnlessTheOperatorChoosesAnother() {
        assertEquals("MM/DD/YYYY", Config.from(Map.of()).dateFormat());
        assertEquals("DD/MM/YYYY", Config.from(Map.of("CHARTVAULT_DATE_FORMAT", " dd/mm/yyyy ")).dateFormat());
        assertEquals("YYYY-MM-DD", Config.from(Map.of("CHARTVAULT_DATE_FORMAT", "YYYY-MM-DD")).dateFormat());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Config.from(Map.of("CHARTVAULT_DATE_FORMAT", "D. MMMM YYYY")));
        assertEquals("CHARTVAULT_DATE_FORMAT must be one of MM/DD/YYYY, DD/MM/YYYY, YYYY-MM-DD, not 'D. MMMM YYYY'",
                refused.getMessage());
    }

    @Test
    void searchIsEmbeddedUnlessAnOpenSearchAddressIsGiven() {
        assertFalse(Config.from(Map.of()).search().onOpenSearch());
        Config.Search search = Config.from(Map.of("CHARTVAULT_SEARCH_URL", " http://search.hospital.example:9200 ")).search();
        assertTrue(search.onOpenSearch());
        assertEquals("http://search.hospital.example:9200", search.url());
        assertEquals("chartvault-pages", search.indexName());
        assertEquals("archive-2", Config.from(Map.of("CHARTVAULT_SEARCH_URL", "https://search.hospital.example",
                "CHARTVAULT_SEARCH_INDEX", "archive-2")).search().indexName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"search.hospital.example:9200", "ftp://search.hospital.example", "http://",
            "http://admin:secret@search.hospital.example:9200", "http://search.hospital.example:9200/pages"})
    void aSearchAddressThatIsNoOpenSearchNodeIsRefusedAtStart(String value) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> Config.from(Map.of("CHARTVAULT_SEARCH_URL", value)));
        assertTrue(refused.getMessage().startsWith("CHARTVAULT_SEARCH_URL must be"), refused.getMessage());
    }

    @Test
    void aSearchIndexNameOpenSearchWouldRefuseIsRefusedAtStart() {
        assertThrows(IllegalArgumentException.class, () -> Config.from(Map.of("CHARTVAULT_SEARCH_URL",
                "http://search.hospital.example:9200", "CHARTVAULT_SEARCH_INDEX", "Chart Pages")));
    }
}
