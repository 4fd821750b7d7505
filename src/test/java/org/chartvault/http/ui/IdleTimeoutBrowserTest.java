package org.chartvault.http.ui;

import org.chartvault.testing.RunningChartVault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The idle timeout, with the shortest one the service can be set to (one minute): always visible as a countdown,
 * a warning the user can answer before the end, and a logout that ends the session on the server too.
 */
class IdleTimeoutBrowserTest {
    private static final Pattern COUNTDOWN = Pattern.compile("Logs out in (\\d+):(\\d\\d)");

    @TempDir
    static Path data;
    static RunningChartVault vault;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        vault = RunningChartVault.start(data, Map.of("CHARTVAULT_SESSION_IDLE_MINUTES", "1"));
        browser = Browser.open();
    }

    @AfterAll
    static void stop() {
        if (browser != null) browser.close();
        if (vault != null) vault.close();
    }

    @Test
    void idleCountdownIsVisibleWarnsBeforeTheEndAndLogsOut() {
        browser.logIn(vault.url(""), "admin", RunningChartVault.ADMIN_PASSWORD);
        WebElement countdown = browser.await("#countdown");
        int first = seconds(countdown.getText());
        assertTrue(first > 40 && first <= 60, "a minute's idle time is shown: " + countdown.getText());
        browser.until(d -> seconds(countdown.getText()) < first, "the countdown to run");

        // half a minute before the end the user is asked, and answering keeps the session
        WebElement dialog = browser.until(d -> browser.find("#idle-dialog").isDisplayed() ? browser.find("#idle-dialog") : null,
                "the idle warning", Duration.ofSeconds(45));
        assertTrue(dialog.getText().contains("you will be logged out in 0:"), dialog.getText());
        assertTrue(seconds(countdown.getText()) <= 30);
        assertEquals("idle-stay", browser.driver().switchTo().activeElement().getAttribute("id"), "Stay logged in has the focus");
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        browser.until(d -> !browser.find("#idle-dialog").isDisplayed() && seconds(countdown.getText()) > 50,
                "the session to be extended");
        assertEquals(200L, browser.sessionStatus());

        // left alone, the user is logged out when the countdown ends, and the session is over on the server
        browser.until(d -> d.findElements(org.openqa.selenium.By.cssSelector(".login .notice")).stream()
                .anyMatch(n -> n.getText().contains("logged out because ChartVault was not used for 1 minute")),
                "the automatic logout", Duration.ofSeconds(90));
        assertTrue(browser.driver().getTitle().startsWith("Log in"));
        assertEquals(401L, browser.sessionStatus());
        browser.assertNoProblems();
    }

    private static int seconds(String text) {
        Matcher m = COUNTDOWN.matcher(text);
        if (!m.find()) return Integer.MAX_VALUE;
        return Integer.parseInt(m.group(1)) * 60 + Integer.parseInt(m.group(2));
    }
}
