package org.chartvault.http.ui;

import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A browser test's fixture: a real ChartVault on its own data directory and a headless Chromium, per test class. */
abstract class BrowserTest {
    @TempDir
    static Path data;
    static RunningChartVault vault;
    static Browser browser;

    @BeforeAll
    static void startServiceAndBrowser() throws Exception {
        vault = RunningChartVault.start(data);
        browser = Browser.open();
    }

    @AfterAll
    static void stopServiceAndBrowser() {
        if (browser != null) browser.close();
        if (vault != null) vault.close();
        browser = null;
        vault = null;
    }
}
