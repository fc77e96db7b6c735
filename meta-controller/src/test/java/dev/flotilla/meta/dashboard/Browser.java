package dev.flotilla.meta.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven through its own chromedriver: both paths are explicit, so Selenium
 * Manager never looks for (or downloads) a browser or a driver.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    final ChromeDriver driver;
    final WebDriverWait wait;
    private final String base;

    Browser(int port) {
        this.base = "http://127.0.0.1:" + port;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-dev-shm-usage", "--window-size=1366,1000", "--lang=en-US");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        this.driver = new ChromeDriver(service, options);
        // generous: the machine is shared and the first page load compiles the modules
        this.wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        // live pages re-render parts of themselves; an element found just before a refresh goes stale
        this.wait.ignoring(StaleElementReferenceException.class);
    }

    static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Opens a dashboard route, e.g. {@code /fleet}. */
    void open(String route) {
        driver.get(base + "/#" + route);
    }

    /**
     * Loads the dashboard afresh at a route. Unlike a refresh it cannot land elsewhere: a page whose token was just
     * cleared may still get a 401 for a call in flight, sign out and move to {@code #/fleet} before a refresh.
     */
    void load(String route) {
        driver.get(base + "/?load=" + System.nanoTime() + "#" + route);
    }

    void signIn(String token) {
        driver.get(base + "/");
        WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id("token")));
        input.sendKeys(token);
        driver.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("who")));
    }

    WebElement visible(By by) {
        try {
            return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError(by + " never became visible; " + describe(), e);
        }
    }

    /** What the page shows now (URL, flash, header, main, whether a token is stored, script errors), for failures. */
    String describe() {
        return "the page was " + driver.getCurrentUrl() + " showing: "
                + ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "return 'flash: ' + (document.getElementById('flash') || {}).textContent + ' | header: '"
                        + " + (document.querySelector('header') || document.body).innerText + ' | main: '"
                        + " + document.getElementById('main').innerText + ' | token stored: '"
                        + " + (sessionStorage.getItem('flotilla.token') !== null)")
                + "; browser log: " + scriptErrors();
    }

    void waitForText(By by, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    void click(By by) {
        wait.until(ExpectedConditions.elementToBeClickable(by)).click();
    }

    /** The text of a visible element, read again if a re-render replaced the element meanwhile. */
    String text(By by) {
        return wait.until(d -> {
            WebElement element = d.findElement(by);
            return element.isDisplayed() ? element.getText() : null;
        });
    }

    /** JavaScript errors the pages raised (network answers such as an expected 404 are left out). */
    List<String> scriptErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> !m.contains("Failed to load resource"))
                .toList();
    }

    /**
     * Writes a screenshot of the whole page to {@code target/screenshots/<name>.png}, or to the repository's
     * {@code docs/images/} when run with {@code -Dflotilla.screenshots=docs} (to refresh the README's pictures).
     */
    void screenshot(String name) {
        Dimension before = driver.manage().window().getSize();
        long height = (Long) ((JavascriptExecutor) driver).executeScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        driver.manage().window().setSize(new Dimension(1366, (int) Math.min(Math.max(height + 140, 700), 2400)));
        try {
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path target = imagesDirectory().resolve(name + ".png");
            Files.createDirectories(target.getParent());
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    private static Path imagesDirectory() {
        Path here = Path.of("").toAbsolutePath();
        if (!"docs".equals(System.getProperty("flotilla.screenshots"))) {
            return here.resolve("target").resolve("screenshots");
        }
        Path root = Files.exists(here.resolve("meta-controller")) ? here : here.getParent();
        return root.resolve("docs").resolve("images");
    }

    @Override
    public void close() {
        driver.quit();
    }
}
