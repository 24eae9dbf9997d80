package io.healthmon.deploy;

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
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana/healthmon.json and deploy/prometheus/healthmon-rules.yaml against a real
 * Prometheus (Debian's) scraping the packaged jar, which watches a fake platform with its database
 * down: every dashboard query parses and returns data; every rule evaluates without error; every
 * healthmon metric the rules name exists. Dashboard variables are given the values a user picks
 * first (all endpoints, the 5m window).
 */
class GrafanaDashboardIT {

    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private WireMockServer platform;
    private Path dir;
    private Process prometheus;

    @BeforeEach
    void start() throws IOException {
        if (!Files.isExecutable(PROMETHEUS)) {
            assertFalse(System.getenv().containsKey("CI"), "CI installs prometheus (.ci/run)");
            Assumptions.abort("prometheus is not installed");
        }
        platform = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().jettyAcceptors(1).containerThreads(8));
        platform.start();
        answer("/api/health", 200, "{\"status\":\"UP\",\"memory\":71.5}");
        answer("/api/health/database", 503, "{\"status\":\"DOWN\",\"cpu\":91}");
        answer("/api/health/auth", 200, "{\"status\":\"UP\"}");
        answer("/api/health/services", 200, "{\"status\":\"UP\"}");
        dir = Files.createTempDirectory("healthmon-grafana");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (dir != null) {
            JarProcess.deleteTree(dir);
        }
        if (platform != null) {
            platform.stop();
        }
    }

    private void answer(String path, int status, String body) {
        platform.stubFor(get(path).willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Prometheus on a free loopback port, scraping healthmon every second and evaluating the shipped rules. */
    private String startPrometheus(int healthmonPort) throws Exception {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                rule_files: ["%s"]
                scrape_configs:
                  - job_name: healthmon
                    metrics_path: /q/metrics
                    static_configs: [{targets: ["127.0.0.1:%d"]}]
                """.formatted(Project.path("deploy", "prometheus", "healthmon-rules.yaml").toAbsolutePath(), healthmonPort));
        for (int attempt = 0; ; attempt++) { // a port taken between choosing and binding: another one
            int port = freePort();
            Path log = dir.resolve("prometheus-" + attempt + ".log");
            prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data-" + attempt), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            String base = "http://127.0.0.1:" + port;
            long deadline = System.currentTimeMillis() + 30_000;
            while (prometheus.isAlive() && System.currentTimeMillis() < deadline) {
                try {
                    if (http.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                        return base;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                Thread.sleep(200); // another process: polled
            }
            prometheus.destroyForcibly();
            assertTrue(attempt < 2, "prometheus did not start:\n" + Files.readString(log));
        }
    }

    private JsonNode query(String base, String expr) throws Exception {
        String url = base + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8);
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    private static void await(String what, long millis, Callable<Boolean> condition, Callable<String> seen) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.call()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what + "; " + seen.call());
            Thread.sleep(500); // two other processes: polled
        }
    }

    /** A dashboard query as Grafana sends it with the first choices: every endpoint, the 5m window, a 30 s rate interval. */
    static String resolve(String expr) {
        return expr.replace("$endpoint", ".*").replace("$window", "5m").replace("$__rate_interval", "30s");
    }

    @Test
    void everyDashboardQueryAndRuleWorksAgainstARealPrometheus() throws Exception {
        try (JarProcess daemon = JarProcess.start(
                "healthmon.base-url=http://127.0.0.1:" + platform.port(),
                "healthmon.probe.interval=1s",
                "healthmon.data-dir=" + dir.resolve("healthmon"))) {
            String base = startPrometheus(daemon.awaitPort(30_000));
            await("healthmon scraped and its database incident notified", 60_000, () ->
                    query(base, "up{job=\"healthmon\"} == 1").path("data").path("result").size() == 1
                    && query(base, "healthmon_alerts{state=\"firing\"} == 1").path("data").path("result").size() > 0
                    && query(base, "healthmon_notifications_total{outcome=\"delivered\"} > 0").path("data").path("result").size() > 0
                    // rates need two scrapes of each series in their 30 s
                    && query(base, "count_over_time(up{job=\"healthmon\"}[30s]) >= 5").path("data").path("result").size() > 0,
                    () -> "targets " + json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/targets")).build(),
                            HttpResponse.BodyHandlers.ofString()).body()).path("data").path("activeTargets")
                            + ", alerts " + query(base, "healthmon_alerts == 1").path("data").path("result")
                            + ", notifications " + query(base, "healthmon_notifications_total").path("data").path("result"));

            JsonNode dashboard = json.readTree(Project.path("deploy", "grafana", "healthmon.json").toFile());
            List<String> empty = new ArrayList<>();
            int queries = 0;
            for (JsonNode panel : dashboard.get("panels")) {
                for (JsonNode target : panel.path("targets")) {
                    String expr = resolve(target.get("expr").asText());
                    JsonNode answer = query(base, expr);
                    assertEquals("success", answer.path("status").asText(), panel.get("title").asText() + ": " + expr + " -> " + answer);
                    if (answer.path("data").path("result").isEmpty()) {
                        empty.add(panel.get("title").asText() + ": " + expr);
                    }
                    queries++;
                }
            }
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                String series = variable.get("definition").asText().replaceAll("label_values\\((\\w+), \\w+\\)", "$1");
                assertFalse(query(base, series).path("data").path("result").isEmpty(), "variable " + variable.get("name"));
            }
            assertEquals(List.of(), empty, "queries without data");
            assertEquals(24, queries);

            // the rules: each evaluated without an error, each healthmon metric it names exported
            JsonNode rules = json.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/rules")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            int evaluated = 0;
            for (JsonNode group : rules.path("data").path("groups")) {
                for (JsonNode rule : group.path("rules")) {
                    assertEquals("ok", rule.path("health").asText(), rule.path("name").asText() + ": " + rule.path("lastError"));
                    evaluated++;
                }
            }
            assertEquals(19, evaluated, rules.toString());
            Set<String> metrics = new TreeSet<>();
            Matcher m = Pattern.compile("\\b(healthmon_[a-z0-9_]+)").matcher(
                    Files.readString(Project.path("deploy", "prometheus", "healthmon-rules.yaml")));
            while (m.find()) {
                metrics.add(m.group(1));
            }
            for (String metric : metrics) {
                assertFalse(query(base, "group(" + metric + ")").path("data").path("result").isEmpty(),
                        metric + " is named by the rules but not exported");
            }
            JsonNode firing = query(base, "ALERTS{alertname=\"HealthmonEndpointDown\"}").path("data").path("result");
            System.out.printf("grafana dashboard: %d queries, all with data; rules: %d evaluated without error, %d healthmon"
                    + " metrics named, all exported; HealthmonEndpointDown %s for the database%n", queries, evaluated,
                    metrics.size(), firing.isEmpty() ? "not yet active" : firing.get(0).path("metric").path("alertstate").asText());
        }
    }
}
