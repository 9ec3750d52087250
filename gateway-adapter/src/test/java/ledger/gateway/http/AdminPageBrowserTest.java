package ledger.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.embedded.SharedInfrastructure;
import ledger.gateway.app.GatewayConfig;
import ledger.gateway.app.GatewayService;
import ledger.schemas.serde.MockSchemaRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The organization admin's page in a real browser: Debian's headless chromium driven by Debian's chromedriver,
 * against the real gateway on the shared broker with a fake CloudPayments. Signs in through the form with an
 * org-admin key, saves a connection, sees Connected and the seven webhook URLs, switches to LIVE and sees the
 * history; saves a full-page screenshot to {@code target/screenshots/org-admin.png}.
 *
 * <p>Without chromium this test fails, naming the packages. Selenium Manager is never asked for a driver.
 */
class AdminPageBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOT = Path.of("target", "screenshots", "org-admin.png");
    private static final String PREFIX = "gw-admin-browser-";
    private static final String SCOPE = "AdminPageBrowserTest";
    private static final String OPERATOR = "admin-token-browser-0123456789";
    private static final String ORG = "org-browser";

    private static FakeCloudPaymentsApi cloudPayments;
    private static GatewayService gateway;
    private static ChromeDriver browser;
    private static Path profile;

    @BeforeAll
    static void start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("The admin page test needs Debian's headless browser and its driver at " + CHROMIUM + " and "
                    + CHROMEDRIVER + ". Install them with: apt-get update && apt-get install -y chromium chromium-driver");
        }
        cloudPayments = new FakeCloudPaymentsApi();
        gateway = GatewayService.start(GatewayConfig.fromEnv(
                TestGateways.env(SharedInfrastructure.kafka().bootstrapServers(), SCOPE, PREFIX, OPERATOR, cloudPayments)));
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("chromium-profile");
        final ChromeDriverService driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        final ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-extensions", "--lang=en-US", "--window-size=1280,900", "--user-data-dir=" + profile);
        browser = new ChromeDriver(driverService, options);
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (gateway != null) {
            gateway.close();
            MockSchemaRegistry.dropScope(SCOPE);
        }
        if (cloudPayments != null) {
            cloudPayments.close();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void anAdminSignsInConnectsSeesTheUrlsSwitchesToLiveAndSeesTheHistory() throws Exception {
        final String key = createKey();
        cloudPayments.accept("pk_browser", "browser-secret");

        browser.get(url("/orgs/" + ORG + "/settings/integrations/cloudpayments"));
        assertThat(browser.getTitle()).startsWith("Sign in");
        browser.findElement(By.id("key")).sendKeys(key);
        browser.findElement(By.id("sign-in")).click();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(browser.getTitle()).as(browser.getPageSource()).startsWith("CloudPayments"));
        final Cookie session = browser.manage().getCookieNamed("admin_session");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(text("#connection-status")).isEqualTo("Not connected");

        browser.findElement(By.id("publicId")).sendKeys("pk_browser");
        browser.findElement(By.id("apiSecret")).sendKeys("browser-secret");
        browser.findElement(By.id("save")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> !browser.findElements(By.id("result")).isEmpty());
        assertThat(text("#connection-status")).isEqualTo("Connected");
        assertThat(text("#result")).contains("Connected");
        assertThat(browser.findElement(By.id("apiSecret")).getAttribute("value")).as("the secret is never echoed").isEmpty();

        final List<WebElement> urls = browser.findElements(By.cssSelector("#webhooks input.url"));
        assertThat(urls).hasSize(7);
        assertThat(urls.stream().map(u -> u.getAttribute("value")).toList())
                .allMatch(u -> u.startsWith("http") && u.contains("/cloudpayments/" + ORG + "/"));
        assertThat(browser.findElements(By.cssSelector("#webhooks button.copy")).stream().filter(WebElement::isDisplayed).count())
                .as("the copy buttons appear where script runs").isEqualTo(7);

        assertThat(text("#current-mode")).isEqualTo("TEST");
        browser.findElement(By.id("switch-mode")).click();
        await().atMost(Duration.ofSeconds(10)).until(() -> text("#current-mode").equals("LIVE"));
        final List<String> actions = browser.findElements(By.cssSelector("#history tbody tr")).stream()
                .map(r -> r.getAttribute("data-action")).toList();
        assertThat(actions).contains("connection.mode", "connection.connected");
        assertThat(text("#history")).contains("Mode changed").contains("from TEST, to LIVE");

        final long width = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth");
        final long height = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollHeight");
        final Map<String, Object> shot = browser.executeCdpCommand("Page.captureScreenshot", Map.of(
                "format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        Files.createDirectories(SCREENSHOT.getParent());
        Files.write(SCREENSHOT, Base64.getDecoder().decode((String) shot.get("data")));
        assertThat(Files.size(SCREENSHOT)).isGreaterThan(10_000);
    }

    private static String createKey() throws Exception {
        final HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url("/orgs/" + ORG + "/api-keys")))
                .header("Authorization", "Bearer " + OPERATOR).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"role\":\"org-admin\",\"label\":\"browser test\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return new ObjectMapper().readTree(created.body()).path("key").asText();
    }

    private static String url(final String path) {
        return "http://127.0.0.1:" + gateway.port() + path;
    }

    private static String text(final String css) {
        return browser.findElement(By.cssSelector(css)).getText();
    }
}
