package io.healthmon.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.healthmon.JarProcess;
import io.healthmon.Project;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The status page in a real headless Chromium (Debian's chromium and chromedriver), against the
 * packaged daemon and a fake platform: healthy, through a database outage, and after it.
 */
class StatusPageIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final String TOKEN = "status-page-it-token";
    private WireMockServer platform;
    private Path data;
    private Path profile;
    private WebDriver browser;

    @BeforeEach
    void start() throws Exception {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            assertFalse(System.getenv().containsKey("CI"), "CI installs chromium and chromium-driver (.ci/run)");
            Assumptions.abort("chromium and chromedriver are not installed here (apt-get install chromium chromium-driver)");
        }
        platform = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().jettyAcceptors(1).containerThreads(8));
        platform.start();
        for (String p : List.of("/api/health", "/api/health/auth", "/api/health/services")) {
            answer(p, 200, "UP");
        }
        answer("/api/health/database", 200, "UP");
        data = Files.createTempDirectory("healthmon-statuspage");
        profile = Files.createTempDirectory("healthmon-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-dev-shm-usage", "--window-size=1000,1400",
                "--user-data-dir=" + profile);
        // The driver named outright: Selenium Manager would otherwise look for one on the network.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (platform != null) {
            platform.stop();
        }
        JarProcess.deleteTree(data);
        JarProcess.deleteTree(profile);
    }

    private void answer(String path, int status, String state) {
        platform.stubFor(get(path).willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"" + state + "\"}")));
    }

    private String banner() {
        return browser.findElement(By.id("banner")).getText();
    }

    private String state(String endpoint) {
        return browser.findElement(By.id("endpoint-" + endpoint)).getAttribute("data-state");
    }

    /** Reloads the page until {@code what} holds (the daemon is another process on a real clock: polled). */
    private void await(String what, Duration timeout, Supplier<Boolean> condition, String url) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            browser.get(url);
            if (condition.get()) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what + "; the banner reads: " + banner());
            Thread.sleep(500);
        }
    }

    /** The on-call acknowledges the database's incident of {@code rule} through the API, as alice. */
    private static void acknowledge(String base, String rule) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        JsonNode open = new ObjectMapper().readTree(client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/alerts")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("open");
        String id = null;
        for (JsonNode a : open) {
            id = a.get("rule").asText().equals(rule) && a.get("endpoint").asText().equals("database") ? a.get("id").asText() : id;
        }
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/incidents/" + id + "/ack"))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"by\":\"alice\",\"comment\":\"on it\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void healthyThenADatabaseOutageThenItsIncidentUnderRecent() throws Exception {
        try (JarProcess daemon = JarProcess.start(
                "healthmon.base-url=http://127.0.0.1:" + platform.port(),
                "healthmon.probe.interval=2s",
                "healthmon.api.token=" + TOKEN,
                "healthmon.data-dir=" + data)) {
            String base = "http://127.0.0.1:" + daemon.awaitPort(30_000);
            String url = base + "/";

            await("four operational endpoints", Duration.ofSeconds(20),
                    () -> browser.findElements(By.cssSelector("article.endpoint[data-state=up]")).size() == 4, url);
            assertEquals("All systems operational", banner());
            assertEquals("en", browser.findElement(By.tagName("html")).getAttribute("lang"));
            assertTrue(browser.findElements(By.id("open-incidents")).isEmpty());
            assertEquals("No incidents.", browser.findElement(By.cssSelector("#recent-incidents p")).getText());
            WebElement today = browser.findElement(By.cssSelector("#endpoint-database ol.days li:last-child"));
            assertEquals(90, browser.findElements(By.cssSelector("#endpoint-database ol.days li")).size());
            assertEquals("ok", today.getAttribute("class"));
            assertTrue(today.getAttribute("title").endsWith(": 100 %"), today.getAttribute("title"));

            answer("/api/health/database", 500, "DOWN");
            await("the outage on the page", Duration.ofSeconds(30),
                    () -> banner().equals("Partial outage: database")
                            && !browser.findElements(By.id("open-incidents")).isEmpty(), url);
            assertEquals("down", state("database"));
            assertEquals("Down", browser.findElement(By.cssSelector("#endpoint-database .state")).getText().replace("✖", "").trim());
            assertEquals("up", state("auth"));
            String open = browser.findElement(By.id("open-incidents")).getText();
            assertTrue(open.contains("endpoint-down on database"), open);
            assertTrue(open.contains("Not yet"), "nobody acknowledged it yet: " + open);

            acknowledge(base, "endpoint-down");
            await("the acknowledgement on the page", Duration.ofSeconds(10),
                    () -> browser.findElement(By.id("open-incidents")).getText().contains("Investigating since "), url);
            assertFalse(browser.getPageSource().contains("alice"), "who acknowledged stays in the API");
            Path shot = Project.path("target", "status-page.png");
            Files.createDirectories(shot.getParent());
            Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), shot,
                    StandardCopyOption.REPLACE_EXISTING);

            answer("/api/health/database", 200, "UP");
            await("the incident resolved and listed under recent incidents", Duration.ofSeconds(150),
                    () -> browser.findElements(By.id("open-incidents")).isEmpty()
                            && browser.findElement(By.id("recent-incidents")).getText().contains("endpoint-down on database"), url);
            assertEquals("All systems operational", banner());
            assertEquals("up", state("database"));
        }
    }
}
