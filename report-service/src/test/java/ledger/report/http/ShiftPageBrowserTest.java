package ledger.report.http;

import static ledger.report.TestKit.FINANCE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import ledger.report.FinanceShift;
import ledger.report.TestKit;
import ledger.report.app.ReportConfig;
import ledger.report.app.ReportService;
import ledger.schemas.serde.MockSchemaRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The finance page in a real browser: Debian's headless chromium driven by Debian's chromedriver, against the real
 * service on the embedded broker and database. Signs in through the form, checks what a person sees (totals, live
 * and test apart, payouts and test payments while live apart from the club's money, the payment rows, one chart bar
 * per hour with payments) and saves a full-page screenshot to
 * {@code target/screenshots/shift-report.png} (and the refused sign-in to {@code sign-in.png} beside it).
 *
 * <p>Without chromium this test fails, naming the packages: a page test that cannot fail proves nothing. Selenium
 * Manager is never asked for a driver (the driver's path is given, and the build sets {@code SE_OFFLINE=true}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ShiftPageBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOT = Path.of("target", "screenshots", "shift-report.png");
    private static final String SCOPE = "browser_page";
    private static final String ORG = "org-browser";

    private static ReportService service;
    private static ChromeDriver browser;
    private static Path profile;

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The finance page test needs Debian's headless browser and its driver at " + CHROMIUM + " and "
                    + CHROMEDRIVER + ". Install them with: apt-get update && apt-get install -y chromium chromium-driver");
        }
        TestKit.createTopics(TestKit.topics(SCOPE));
        service = ReportService.start(ReportConfig.fromEnv(TestKit.env(SCOPE, Map.of())));
        FinanceShift.tell(service.port(), TestKit.topics(SCOPE), ORG);

        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("chromium-profile");
        final ChromeDriverService driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--lang=ru-RU", "--window-size=1280,900", "--user-data-dir=" + profile);
        browser = new ChromeDriver(driverService, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.close();
            MockSchemaRegistry.dropScope(SCOPE);
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void withoutASessionThePageIsTheSignInFormAndSigningInOpensIt() {
        browser.get(url(FinanceShift.page(ORG)));
        assertThat(browser.getTitle()).startsWith("Sign in");
        assertThat(text("body")).doesNotContain(FinanceShift.IVAN).doesNotContain("2500.50");

        browser.findElement(By.id("token")).sendKeys("wrong-token-0123456789");
        browser.findElement(By.id("sign-in")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("login-error")).isEmpty());
        assertThat(text("#login-error")).isEqualTo("That key is not valid.");
        save(SCREENSHOT.resolveSibling("sign-in.png"), browser.getScreenshotAs(OutputType.BYTES));

        browser.findElement(By.id("token")).sendKeys(FINANCE_TOKEN);
        browser.findElement(By.id("sign-in")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> browser.getTitle().startsWith("Shift "));
        assertThat(browser.getCurrentUrl()).isEqualTo(url(FinanceShift.page(ORG)));
        final Cookie session = browser.manage().getCookieNamed("report_session");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
    }

    @Test
    @Order(2)
    void showsTheShiftAndItsTotalsWithLiveAndTestApart() {
        assertThat(text("h1")).isEqualTo("Shift " + FinanceShift.SHIFT + " CLOSED AMENDED");
        assertThat(text("#shift")).contains("Club\n" + FinanceShift.CLUB).contains("Opened by\nАнна")
                .contains("Time zone\nUTC").contains("Amended: payments reached the report after the shift was closed");

        assertThat(text("#totals-live h2")).isEqualTo("Live money");
        assertThat(cells("#totals-live th")).containsExactly("Currency", "App top-ups", "Gross", "Refunds", "Refunded", "Net",
                "Fees", "Failed attempts", "Payouts", "Paid out");
        assertThat(cells("#totals-live tr[data-currency='RUB'] td"))
                .containsExactly("RUB", "4", "2500.50", "1", "100.00", "2400.50", "57.20", "1", "1", "200.00");
        assertThat(cells("#totals-live tr[data-currency='USD'] td"))
                .containsExactly("USD", "1", "10.00", "0", "0.00", "10.00", "0.00", "0", "0", "0.00");
        assertThat(text("#totals-test h2")).isEqualTo("Test mode — not real money");
        assertThat(cells("#totals-test th").get(10)).isEqualTo("Test payments while live");
        assertThat(cells("#totals-test tr[data-currency='RUB'] td"))
                .containsExactly("RUB", "1", "999.00", "0", "0.00", "999.00", "0.00", "0", "0", "0.00", "1");
        assertThat(browser.findElements(By.cssSelector("#totals-test tr[data-currency='USD']"))).isEmpty();
        assertThat(text("#apart-notice")).isEqualTo("Payouts are money paid out to cards: not top-ups, not refunds, not in net."
                + " Test payments while live were made in test mode after the organization went live: listed and counted,"
                + " never money.");
    }

    @Test
    @Order(3)
    void listsEveryPaymentWithCyrillicIntactAndNothingFromOutsideRunning() {
        final List<WebElement> rows = browser.findElements(By.cssSelector("#payments tbody tr"));
        assertThat(rows).hasSize(FinanceShift.LINES);
        assertThat(text("#payments h2")).isEqualTo("Payments (" + FinanceShift.LINES + ")");

        assertThat(row("1001")).containsExactly(FinanceShift.DAY + " 08:15:00", FinanceShift.IVAN, "1001",
                "220220******1234 Visa", "Top-up PAY", "Completed", "1500.00 RUB", "");
        assertThat(row("2001")).containsExactly(FinanceShift.DAY + " 10:05:00", FinanceShift.IVAN, "2001 refund of 1001",
                "220220******1234 Visa", "Refund REFUND", "—", "−100.00 RUB", "");
        assertThat(row("1004")).containsExactly(FinanceShift.DAY + " 10:30:00", FinanceShift.SCRIPT, "1004", "—",
                "Failed FAIL", "Declined InsufficientFunds", "300.00 RUB", "");
        assertThat(row("1005")).containsExactly(FinanceShift.DAY + " 11:20:00", FinanceShift.TESTER, "1005", "—",
                "Top-up PAY", "Completed", "999.00 RUB", "TEST");
        assertThat(row("1006")).containsExactly(FinanceShift.DAY + " 11:45:00", FinanceShift.FORMULA, "1006", "—",
                "Top-up PAY", "Completed", "10.00 USD", "");
        assertThat(row("1009")).containsExactly(FinanceShift.DAY + " 11:50:00", FinanceShift.TEST_CARD, "1009", "—",
                "Test payment while live PAY", "Completed", "50.00 RUB", "TEST");
        assertThat(row("1008")).containsExactly(FinanceShift.DAY + " 12:10:00", FinanceShift.PAYEE, "1008",
                "220220******5678 Visa", "Payout PAY", "Completed", "200.00 RUB", "");
        // What is not money is struck out; a payout moved money, only not the club's.
        assertThat(browser.findElement(By.cssSelector("#payments tr[data-transaction='1009'] td.amount")).getCssValue("text-decoration-line"))
                .isEqualTo("line-through");
        assertThat(browser.findElement(By.cssSelector("#payments tr[data-transaction='1008'] td.amount")).getCssValue("text-decoration-line"))
                .isEqualTo("none");
        assertThat(row("1007").get(1)).isEqualTo(FinanceShift.LATE);
        assertThat(row("1007").get(7)).isEqualTo("AMENDED");
        assertThat(browser.findElement(By.cssSelector("#payments tr[data-transaction='1005']")).getAttribute("class"))
                .isEqualTo("line test");
        // The customer id that tried to be a script is text: no script element, no alert.
        assertThat(browser.findElements(By.tagName("script"))).isEmpty();
        assertThat(text("#payments tr[data-transaction='1004'] td.customer")).isEqualTo(FinanceShift.SCRIPT);
    }

    @Test
    @Order(4)
    void theChartHasOneBarPerHourWithPayments() {
        final List<WebElement> bars = browser.findElements(By.cssSelector("#chart svg.chart g.bar"));

        assertThat(bars.stream().map(bar -> bar.getAttribute("data-hour")).toList()).containsExactlyElementsOf(
                FinanceShift.HOURS_WITH_PAYMENTS.stream().map(h -> FinanceShift.DAY + String.format(" %02d:00", h)).toList());
        assertThat(bars.stream().map(bar -> bar.getAttribute("data-count")).toList()).containsExactly("2", "1", "2", "3", "2");
        for (final WebElement bar : bars) {
            assertThat(bar.getRect().getHeight()).as("bar %s is drawn", bar.getAttribute("data-hour")).isGreaterThan(10);
        }
        // The two test-mode payments are one stacked segment in the 11:00 bar.
        assertThat(browser.findElements(By.cssSelector("#chart g.bar rect.test"))).hasSize(1);
        assertThat(text("#chart h2")).isEqualTo("Payments by hour (UTC)");
    }

    @Test
    @Order(5)
    void takesAFullPageScreenshot() throws IOException {
        final long width = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth");
        final long height = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight");
        // The whole page, beyond the window, in one image (chromedriver passes the call to the browser).
        final Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of(
                "format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        final byte[] png = Base64.getDecoder().decode((String) shot.get("data"));

        save(SCREENSHOT, png);
        final var image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo((int) width);
        assertThat(image.getHeight()).isEqualTo((int) height);
        assertThat(height).as("the whole list is on the page").isGreaterThan(900);
    }

    private static void save(final Path file, final byte[] png) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, png);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String url(final String path) {
        return "http://127.0.0.1:" + service.port() + path;
    }

    private static String text(final String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }

    private static List<String> cells(final String css) {
        return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
    }

    /** The cells of a payment row as the browser shows them, line breaks within a cell as spaces. */
    private static List<String> row(final String transaction) {
        return cells("#payments tr[data-transaction='" + transaction + "'] td").stream()
                .map(cell -> cell.replace('\n', ' '))
                .toList();
    }
}
