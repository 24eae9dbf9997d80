package io.healthmon.setup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.healthmon.JarProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live reload of the packaged daemon, by SIGHUP and by the API, with the configuration in a file
 * (quarkus.config.locations): what is kept, what is refused, what a removed rule does.
 */
class ReloadIT {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "reload-token-7d1c";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private WireMockServer wm;
    private Path file;
    private JarProcess daemon;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().jettyAcceptors(1).containerThreads(8));
        wm.start();
        for (String p : List.of("/api/health", "/api/health/auth", "/api/health/services", "/api/status")) {
            wm.stubFor(get(p).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("{\"status\":\"UP\"}")));
        }
        wm.stubFor(get("/api/health/database").willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"UP\",\"cpu\":12}")));
        wm.stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(202).withBody("{\"status\":\"success\"}")));
        file = dir.resolve("healthmon.yaml");
        write("");
        daemon = JarProcess.start("quarkus.config.locations=" + file, "healthmon.data-dir=" + dir.resolve("data"));
        port = daemon.awaitPort(30_000);
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
        wm.stop();
    }

    /** The test's configuration file: the loopback platform and PagerDuty, plus {@code extra} under healthmon. */
    private void write(String extra) throws Exception {
        Files.writeString(file, """
                healthmon:
                  base-url: http://127.0.0.1:%d
                  probe:
                    interval: 1s
                    timeout: 800ms
                  api:
                    token: %s
                  channels:
                    pagerduty:
                      routing-key: %s
                      url: http://127.0.0.1:%d/v2/enqueue
                  routing:
                    p1: pagerduty
                  rules:
                    error-rate: {enabled: false}
                    availability: {enabled: false}
                    slo-burn-fast: {enabled: false}
                    slo-burn-slow: {enabled: false}
                    slo-budget-ticket: {enabled: false}
                """.formatted(wm.port(), TOKEN, KEY, wm.port()) + extra);
    }

    private HttpResponse<String> call(String method, String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long probes(String endpoint) throws Exception {
        HttpResponse<String> r = call("GET", "/api/v1/endpoints/" + endpoint, null);
        return r.statusCode() == 200 ? JSON.readTree(r.body()).get("probes").asLong() : -1;
    }

    private String metrics() throws Exception {
        return call("GET", "/q/metrics", null).body();
    }

    private void await(String what, long timeoutMillis, Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.call()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what + ":\n"
                    + String.join("\n", daemon.output()));
            Thread.sleep(200); // another process over real sockets: polled
        }
    }

    /** PagerDuty's events as "action dedup_key", in arrival order. */
    private List<String> events() throws Exception {
        List<String> out = new ArrayList<>();
        wm.findAll(postRequestedFor(urlPathEqualTo("/v2/enqueue"))).forEach(r -> {
            try {
                JsonNode e = JSON.readTree(r.getBodyAsString());
                out.add(e.get("event_action").asText() + " " + e.get("dedup_key").asText());
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        });
        return out;
    }

    private void sighup() throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-HUP", Long.toString(daemon.pid())).start().waitFor());
    }

    @Test
    void sighupAppliesTheNewFileAndKeepsTheWindowsOfUnchangedEndpoints() throws Exception {
        await("database probed", 20_000, () -> probes("database") >= 3);
        write("""
                  endpoints:
                    status:
                      path: /api/status
                """);
        sighup();
        await("the reload", 20_000, () -> daemon.output().stream().anyMatch(l -> l.contains("configuration reloaded (SIGHUP)")));
        long afterReload = probes("database");
        assertTrue(afterReload >= 3, "the database's history carried on: " + afterReload);
        await("the new endpoint probed", 20_000, () -> probes("status") >= 1);
        await("more database probes", 20_000, () -> probes("database") > afterReload);
        String m = metrics();
        assertTrue(m.contains("healthmon_config_reloads_total{result=\"success\"} 1.0"), m);
        assertTrue(m.contains("healthmon_endpoint_up{endpoint=\"status\"}"), "the new endpoint's gauges are registered");
        assertTrue(m.contains("healthmon_config_last_reload_success_timestamp_seconds"), m);
        assertTrue(daemon.output().stream().noneMatch(l -> l.contains("ERROR")), String.join("\n", daemon.output()));
    }

    @Test
    void aBrokenFileIsRefusedWithItsProblemsAndTheDaemonRunsOn() throws Exception {
        await("database probed", 20_000, () -> probes("database") >= 2);
        write("""
                  endpoints:
                    databse:
                      interval: 30s
                """);
        assertEquals(401, call("POST", "/api/v1/reload", "wrong").statusCode());
        assertEquals(401, call("POST", "/api/v1/reload", null).statusCode());
        HttpResponse<String> refused = call("POST", "/api/v1/reload", TOKEN);
        assertEquals(400, refused.statusCode(), refused.body());
        JsonNode body = JSON.readTree(refused.body());
        assertFalse(body.get("reloaded").asBoolean());
        assertTrue(body.get("problems").get(0).asText().startsWith("healthmon.endpoints.databse: unknown endpoint 'databse'"),
                refused.body());
        assertFalse(refused.body().contains(KEY) || refused.body().contains(TOKEN), "no secret in the answer");

        long before = probes("database");
        await("probing to go on", 20_000, () -> probes("database") > before);
        assertTrue(metrics().contains("healthmon_config_reloads_total{result=\"failure\"} 1.0"));

        write("""
                  endpoints:
                    status:
                      path: /api/status
                quarkus:
                  mailer:
                    port: 2525
                """);
        HttpResponse<String> ok = call("POST", "/api/v1/reload", TOKEN);
        assertEquals(200, ok.statusCode(), ok.body());
        JsonNode applied = JSON.readTree(ok.body());
        assertTrue(applied.get("summary").asText().startsWith("5 endpoint(s)"), ok.body());
        assertEquals("quarkus.mailer.port", applied.get("needsRestart").get(0).asText(), "the mailer changes only with a restart");
    }

    @Test
    void aDeliveryInFlightIsNotRepeatedAndARemovedRuleResolvesItsIncidentWithNotification() throws Exception {
        // A slow PagerDuty: the trigger is still in flight when the configuration changes.
        wm.stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(202).withFixedDelay(3_000)));
        wm.stubFor(get("/api/health/database").willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"DOWN\"}")));
        // endpoint-down is the only rule left to fire on the database: its group on PagerDuty holds it alone
        await("the endpoint-down trigger", 30_000, () -> events().stream().anyMatch(e -> e.startsWith("trigger endpoint=database/")));
        String id = events().stream().filter(e -> e.startsWith("trigger endpoint=database/")).findFirst().orElseThrow()
                .split(" ")[1];
        write("    endpoint-down: {enabled: false}\n"); // one more line under rules
        sighup();
        await("the reload", 20_000, () -> daemon.output().stream().anyMatch(l -> l.contains("configuration reloaded (SIGHUP)")));
        await("the resolve of the removed rule's incident", 20_000, () -> events().contains("resolve " + id));
        Thread.sleep(4_000); // the slow answers come back: nothing may be sent twice
        List<String> all = events();
        assertEquals(List.of("trigger " + id, "resolve " + id), all.stream().filter(e -> e.endsWith(" " + id)).toList(),
                "one trigger, then one resolve: " + all);
        JsonNode alerts = JSON.readTree(call("GET", "/api/v1/alerts", null).body());
        assertTrue(alerts.get("open").findValuesAsText("rule").stream().noneMatch("endpoint-down"::equals), alerts.toString());
        JsonNode resolved = alerts.get("resolved").get(0);
        assertEquals("endpoint-down", resolved.get("rule").asText(), alerts.toString());
        assertEquals(id, resolved.get("groups").get(0).asText(), "told in the group PagerDuty had: " + alerts);
    }
}
