package io.healthmon.deploy;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.healthmon.JarProcess;
import io.healthmon.Project;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * deploy/config/application.yaml as shipped, against a platform that serves only the runbook's
 * four endpoints, healthy, with the secrets an operator sets: its first minute is clean (no
 * warning or error in the log, no alert, no notification, ready, nothing asked for beyond the four
 * endpoints). The minute's six rounds at the shipped 10 s interval are played as twenty at 1 s.
 */
class ExampleConfigIT {

    private WireMockServer wm;
    private Path data;

    @BeforeEach
    void start() throws Exception {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().jettyAcceptors(1).containerThreads(8));
        wm.start();
        json("/api/health", "{\"status\":\"UP\",\"memory\":61.5}");
        json("/api/health/database", "{\"status\":\"UP\",\"cpu\":41.5}");
        json("/api/health/auth", "{\"status\":\"UP\"}");
        json("/api/health/services", "{\"status\":\"UP\"}");
        wm.stubFor(any(urlPathMatching("/hooks/.*")).willReturn(aResponse().withStatus(200)));
        data = Files.createTempDirectory("healthmon-example");
    }

    @AfterEach
    void stop() {
        JarProcess.deleteTree(data);
        wm.stop();
    }

    private void json(String path, String body) {
        wm.stubFor(get(path).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body)));
    }

    @Test
    void theShippedExampleRunsCleanAgainstTheFourRunbookEndpoints() throws Exception {
        // Where the README puts it: config/application.yaml in healthmon's working directory.
        Files.createDirectories(data.resolve("run/config"));
        Files.copy(Project.path("deploy", "config", "application.yaml"), data.resolve("run/config/application.yaml"));
        String hooks = "http://127.0.0.1:" + wm.port() + "/hooks/";
        try (JarProcess p = JarProcess.startIn(data.resolve("run"),
                // what an operator sets beside the file: the platform, the data directory, the secrets
                "healthmon.base-url=http://127.0.0.1:" + wm.port(),
                "healthmon.data-dir=" + data.resolve("state"),
                "SLACK_ALERTS_WEBHOOK=" + hooks + "alerts",
                "SLACK_CRITICAL_WEBHOOK=" + hooks + "critical",
                "PAGERDUTY_ROUTING_KEY=0123456789abcdef0123456789abcdef",
                "HEALTHMON_AUTH_TOKEN=example-token",
                "HEALTHMON_API_TOKEN=example-api-token",
                "healthmon.probe.interval=1s",
                "healthmon.probe.timeout=800ms",
                "healthmon.endpoints.database.timeout=800ms")) {
            int port = p.awaitPort(30_000);
            Thread.sleep(20_000); // 20 rounds of the four endpoints: another process, a real clock
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> alerts = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/alerts"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            List<String> out = p.output();
            String all = String.join("\n", out);
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(alerts.body().startsWith("{\"open\":[]"), alerts.body());
            assertEquals(List.of(), out.stream().filter(l -> l.contains(" WARN ") || l.contains(" ERROR ")).toList(), all);
            assertEquals(0, wm.findAll(anyRequestedFor(urlPathMatching("/hooks/.*"))).size(), "no notification");
            assertTrue(wm.findAll(getRequestedFor(urlPathEqualTo("/api/health/database"))).size() >= 15, "probed all along");
            assertTrue(wm.findUnmatchedRequests().getRequests().isEmpty(),
                    "only the four runbook endpoints asked for: " + wm.findUnmatchedRequests().getRequests());
        }
    }
}
