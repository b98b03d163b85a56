package org.urja.mdms.support;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) driven by Selenium against the
 * running server. Each instance is one browser with its own empty profile (own cookies); close it after the test.
 * <p>
 * Screenshots go to {@code target/screenshots/<name>/NN-<step>.png} (kept as build artefacts by CI).
 * <p>
 * Where Chromium is not installed the test is skipped (a developer's fresh machine has only Java), unless
 * {@code URJA_BROWSER_REQUIRED=true} — set by {@code .ci/run}, which installs it — makes a missing browser a
 * failure.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("URJA_CHROMIUM", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("URJA_CHROMEDRIVER", "/usr/bin/chromedriver"));

    /** A narrow phone (the portal must work from 360 px) and an ordinary desktop window. */
    public static final Dimension PHONE = new Dimension(360, 780);
    public static final Dimension DESKTOP = new Dimension(1280, 900);

    private final WebDriver driver;
    private final String base;
    private final Path shots;
    private final Path profile;
    private final AtomicInteger shot = new AtomicInteger();

    private Browser(int port, String name, Dimension size) {
        requireChromium();
        this.base = "http://localhost:" + port;
        this.shots = Path.of("target", "screenshots", name);
        try {
            this.profile = Files.createTempDirectory("urja-chromium-");
            Files.createDirectories(shots);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The flags that keep Chromium quiet on a machine without outside network (no background fetches).
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--lang=en-IN", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(size);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    /** A desktop-sized browser; {@code name} names its screenshot folder (use the test's name). */
    public static Browser open(int port, String name) {
        return new Browser(port, name, DESKTOP);
    }

    /** A phone-sized browser (360 px wide). */
    public static Browser phone(int port, String name) {
        return new Browser(port, name, PHONE);
    }

    /** Skips the test where Chromium is missing, or fails it when the environment requires the browser. */
    public static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present && Boolean.parseBoolean(System.getenv("URJA_BROWSER_REQUIRED"))) {
            throw new IllegalStateException("URJA_BROWSER_REQUIRED is set but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing (Debian packages chromium, chromium-driver)");
        }
        Assumptions.assumeTrue(present, "headless Chromium not installed (" + CHROMIUM + ", " + CHROMEDRIVER + ")");
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens a path of the server (e.g. {@code /login}). */
    public Browser go(String path) {
        driver.get(base + path);
        return this;
    }

    /** The path (and query) of the page shown now. */
    public String path() {
        String url = driver.getCurrentUrl();
        return url.startsWith(base) ? url.substring(base.length()) : url;
    }

    public WebElement find(String css) {
        return waitFor(css);
    }

    public List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits (up to 10 s) until an element matching {@code css} is visible. */
    public WebElement waitFor(String css) {
        return until(Duration.ofSeconds(10), ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    /**
     * Waits until {@code condition} holds. An element replaced while it was being looked at (a new page, an htmx swap)
     * only means "look again": Chromium reports it either as a stale element or as an inspector error "Node with given
     * id does not belong to the document", and both are retried.
     */
    public <T> T until(Duration timeout, Function<? super WebDriver, T> condition) {
        return new WebDriverWait(driver, timeout).ignoring(StaleElementReferenceException.class).until(d -> {
            try {
                return condition.apply(d);
            } catch (WebDriverException e) {
                if (replaced(e)) {
                    return null;
                }
                throw e;
            }
        });
    }

    private static boolean replaced(WebDriverException e) {
        return e instanceof StaleElementReferenceException || !(e instanceof TimeoutException)
                && String.valueOf(e.getMessage()).contains("does not belong to the document");
    }

    /** Waits until the element matching {@code css} contains {@code text}. */
    public Browser waitForText(String css, String text) {
        until(Duration.ofSeconds(10), ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        return this;
    }

    /** Types into the field whose {@code name} attribute is {@code name}, replacing what it held. */
    public Browser fill(String name, String value) {
        WebElement field = waitFor("[name='" + name + "']");
        field.clear();
        field.sendKeys(value);
        return this;
    }

    /** Clicks the element matching {@code css}. */
    public Browser click(String css) {
        clickAndSettle(until(Duration.ofSeconds(10), ExpectedConditions.elementToBeClickable(By.cssSelector(css))));
        return this;
    }

    /** Clicks the button or link whose visible text is exactly {@code text}. */
    public Browser press(String text) {
        By by = By.xpath("//button[normalize-space()=" + xpathLiteral(text) + "] | //a[normalize-space()="
                + xpathLiteral(text) + "] | //input[@type='submit' and @value=" + xpathLiteral(text) + "]");
        clickAndSettle(until(Duration.ofSeconds(10), ExpectedConditions.elementToBeClickable(by)));
        return this;
    }

    /**
     * Whether clicking the element loads a new page: a link to another page, or a submit button of a form that is not
     * htmx's. Such a click waits until the old page is gone, so the next lookup never reads the page being left.
     */
    private static final String NAVIGATES = """
            var e = arguments[0];
            function hx(n) {
              return !!n && !!n.getAttributeNames && n.getAttributeNames().some(function (a) {
                return a.indexOf('hx-') === 0 || a.indexOf('data-hx-') === 0; });
            }
            if (hx(e) || e.closest('[hx-boost]')) { return false; }
            if (e.tagName === 'A') {
              var h = e.getAttribute('href') || '';
              return h !== '' && h.charAt(0) !== '#' && h.indexOf('javascript:') !== 0 && !e.hasAttribute('download')
                  && (!e.target || e.target === '_self');
            }
            var f = e.form || e.closest('form');
            if (f && (e.type === 'submit' || e.type === 'image')) {
              return !hx(f) && (!f.target || f.target === '_self');
            }
            return false;""";

    private void clickAndSettle(WebElement element) {
        JavascriptExecutor js = (JavascriptExecutor) driver;
        boolean navigates = Boolean.TRUE.equals(js.executeScript(NAVIGATES, element));
        // The page being left is marked with a token of its own; a new document does not carry it. No element handle
        // is kept across the navigation (Chromium may answer for such a handle with an inspector error, not "stale").
        String token = navigates ? UUID.randomUUID().toString() : null;
        if (token != null) {
            js.executeScript("window.__urjaPage = arguments[0];", token);
        }
        element.click();
        if (token != null) {
            try {
                // A download or a refused submit stays on the page: then give up waiting after a few seconds.
                new WebDriverWait(driver, Duration.ofSeconds(5)).until(d -> {
                    try {
                        return !token.equals(js.executeScript("return window.__urjaPage || null;"));
                    } catch (WebDriverException navigating) {
                        return false; // the document is being swapped: ask again
                    }
                });
            } catch (TimeoutException stayed) {
                // no new page came
            }
        }
    }

    /** The visible text of the first element matching {@code css}. */
    public String text(String css) {
        for (int attempt = 1; ; attempt++) {
            try {
                return waitFor(css).getText();
            } catch (WebDriverException e) {
                if (!replaced(e) || attempt == 5) {
                    throw e; // the element keeps being replaced (htmx polling): let the test see it
                }
            }
        }
    }

    /** The visible text of the whole page. */
    public String pageText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Waits until the page's path starts with {@code prefix}. */
    public Browser waitForPath(String prefix) {
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> path().startsWith(prefix));
        return this;
    }

    /** Saves a screenshot as {@code NN-step.png} in this browser's folder and returns its path. */
    public Path screenshot(String step) {
        File file = ((ChromeDriver) driver).getScreenshotAs(OutputType.FILE);
        Path target = shots.resolve(String.format("%02d-%s.png", shot.incrementAndGet(), step));
        try {
            Files.copy(file.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** Signs in through the login form and waits for the home page's list of functions. */
    public Browser signIn(String username, String password) {
        go("/login").fill("username", username).fill("password", password).press("Sign in");
        waitFor("li.function");
        return this;
    }

    /**
     * The page's width in CSS pixels ({@code document.documentElement.scrollWidth}): more than the window's means the
     * page scrolls sideways (a table in a {@code .scroll} box scrolls inside it instead).
     */
    public int pageWidth() {
        return ((Number) ((org.openqa.selenium.JavascriptExecutor) driver)
                .executeScript("return document.documentElement.scrollWidth;")).intValue();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind is harmless
            }
        }
    }

    private static String xpathLiteral(String s) {
        if (!s.contains("'")) {
            return "'" + s + "'";
        }
        return "concat('" + s.replace("'", "', \"'\", '") + "')";
    }
}
