package org.chartvault.http.ui;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real headless Chromium (Debian's chromium and chromedriver) for the UI tests: one per test class. It never
 * touches the network to find a driver, records every JavaScript error, Content-Security-Policy violation and
 * alert the page causes (so a test can insist there were none), and saves screenshots.
 */
final class Browser implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** Runs before any page script: collects what went wrong where the test can read it. */
    private static final String WATCHER = """
            window.__cv = {errors: [], violations: [], alerts: []};
            addEventListener('error', e => window.__cv.errors.push(String(e.message || e.type) + ' @ ' + (e.filename || '') + ':' + (e.lineno || '')), true);
            addEventListener('unhandledrejection', e => window.__cv.errors.push('unhandled: ' + String(e.reason && (e.reason.stack || e.reason.message) || e.reason)));
            addEventListener('securitypolicyviolation', e => window.__cv.violations.push(e.violatedDirective + ' ' + (e.blockedURI || '') + ' ' + (e.sample || '')));
            for (const name of ['alert', 'confirm', 'prompt']) {
              window[name] = m => { window.__cv.alerts.push(name + ': ' + String(m)); return null; };
            }
            """;

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Browser open() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("The browser tests need Debian's chromium and chromium-driver: apt-get install chromium chromium-driver");
        }
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        Path profile = Files.createTempDirectory("chartvault-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-default-apps", "--disable-extensions", "--lang=en-US", "--window-size=1280,800",
                "--user-data-dir=" + profile);
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File("/dev/null"))
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", WATCHER));
        // the page itself (not the window around it) is 1280x800, the size the UI is designed for
        Browser browser = new Browser(driver, profile);
        browser.viewport(1280, 800);
        return browser;
    }

    /** Makes the page this size (1280x800 desktop at start; e.g. 768x1024 for a tablet held upright). */
    void viewport(int width, int height) {
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
    }

    /** Lets the pages download files, into this folder (headless Chromium refuses downloads until told where). */
    void downloadsTo(Path folder) {
        driver.executeCdpCommand("Browser.setDownloadBehavior", Map.of("behavior", "allow", "downloadPath", folder.toString()));
    }

    /** Waits for a finished download of that name in the folder (Chromium writes a .crdownload file until done). */
    byte[] downloaded(Path folder, String fileName) {
        Path file = folder.resolve(fileName);
        until(d -> Files.isRegularFile(file) && !Files.exists(folder.resolve(fileName + ".crdownload")) ? Boolean.TRUE : null,
                "the download of " + fileName);
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when nothing sticks out sideways: the page needs no horizontal scrolling at its current width. */
    boolean fitsWidth() {
        return Boolean.TRUE.equals(script("return document.documentElement.scrollWidth <= window.innerWidth;"));
    }

    WebDriver driver() {
        return driver;
    }

    void go(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits for an element matching css to be displayed and returns it. */
    WebElement await(String css) {
        return until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
        }, "a visible " + css);
    }

    /** Waits for an element matching css whose text contains text. */
    WebElement awaitText(String css, String text) {
        return until(d -> d.findElements(By.cssSelector(css)).stream()
                .filter(e -> e.getText().contains(text)).findFirst().orElse(null), css + " containing '" + text + "'");
    }

    <T> T until(ExpectedCondition<T> condition, String what) {
        return until(condition, what, WAIT);
    }

    <T> T until(ExpectedCondition<T> condition, String what, Duration timeout) {
        return new WebDriverWait(driver, timeout).ignoring(StaleElementReferenceException.class).withMessage(() -> "waiting for " + what + "; page problems: "
                + problems() + "; page text: " + clip(driver.findElement(By.tagName("body")).getText())).until(condition);
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** JavaScript errors, policy violations and alerts the pages have had since they loaded. */
    @SuppressWarnings("unchecked")
    Map<String, List<String>> problems() {
        Object found = script("return window.__cv || {errors: ['the watcher did not run'], violations: [], alerts: []};");
        return (Map<String, List<String>>) found;
    }

    /** Fails when a page has had a JavaScript error, a Content-Security-Policy violation or an alert. */
    void assertNoProblems() {
        Map<String, List<String>> problems = problems();
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), problems.get("errors"), "JavaScript errors");
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), problems.get("violations"), "Content-Security-Policy violations");
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), problems.get("alerts"), "alerts");
    }

    /**
     * Saves what the browser shows as a PNG (1280x800) under target/screenshots/, or under the folder the system
     * property {@code chartvault.screenshots} names ({@code -Dchartvault.screenshots=docs/screenshots} refreshes
     * the README's pictures), so an ordinary test run leaves the working tree as it was.
     */
    void screenshot(String name) {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Path target = Path.of(System.getProperty("chartvault.screenshots", "target/screenshots"), name + ".png");
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, png);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Logs in through the login form (logging out first if a session is open) and waits for the navigation. */
    void logIn(String baseUrl, String username, String password) {
        go(baseUrl + "/#/");
        await("input[name=username], #topbar #logout");
        if (find("#topbar").isDisplayed()) {
            find("#logout").click();
        }
        WebElement user = await("input[name=username]");
        user.clear();
        user.sendKeys(username);
        find("input[name=password]").clear();
        find("input[name=password]").sendKeys(password);
        find(".login-form button[type=submit]").click();
        await("#topbar nav a");
    }

    void logOut() {
        find("#logout").click();
        awaitText(".login .notice", "You have logged out.");
    }

    /** The HTTP status the page's own session gets from the API now (401 once it is over). */
    long sessionStatus() {
        return (Long) driver.executeAsyncScript("const done = arguments[0]; fetch('/api/session').then(r => done(r.status));");
    }

    /**
     * Fails if anything from documents was turned into markup: no element may carry an event-handler attribute
     * (the UI never sets one), no image may point at "x", and no script may exist but the UI's own module.
     */
    void assertNothingInjected() {
        Object found = script("""
                const bad = [];
                for (const el of document.querySelectorAll('*')) {
                  for (const a of el.attributes) if (a.name.toLowerCase().startsWith('on')) bad.push(el.tagName + '[' + a.name + ']');
                }
                for (const img of document.querySelectorAll('img')) if (/\\/x$|^x$/.test(img.getAttribute('src') || '')) bad.push('img src=x');
                for (const s of document.scripts) if (!s.src.endsWith('/js/main.js')) bad.push('script ' + (s.src || s.textContent.slice(0, 40)));
                return bad;""");
        org.junit.jupiter.api.Assertions.assertEquals(List.of(), found, "elements made from document data");
        assertNoProblems();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }

    private static String clip(String text) {
        return text.length() > 600 ? text.substring(0, 600) + "…" : text;
    }
}
