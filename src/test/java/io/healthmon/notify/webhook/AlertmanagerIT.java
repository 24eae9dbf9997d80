package io.healthmon.notify.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.healthmon.TestClock;
import io.healthmon.notify.HttpChannelContract;
import io.healthmon.JarProcess;
import io.healthmon.notify.HttpPost;
import io.healthmon.notify.SendResult;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * healthmon's alerts in a real Alertmanager (Debian's prometheus-alertmanager, which .ci/run
 * installs), started on loopback: a trigger from two healthmon instances is one alert, and the
 * resolve ends it.
 */
class AlertmanagerIT {

    static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    /** Its configuration, data and log; removed afterwards. */
    private static Path dir;
    static Process alertmanager;
    static URI base;
    static Vertx vertx;
    static HttpPost http;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(BINARY), "prometheus-alertmanager is not installed (apt-get install prometheus-alertmanager;"
                + " .ci/run does)");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        dir = Files.createTempDirectory("alertmanager");
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: nobody
                  group_by: [alertname, endpoint]
                receivers:
                  - name: nobody
                """);
        alertmanager = new ProcessBuilder(BINARY.toString(), "--config.file=" + config, "--storage.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager.log").toFile()).start();
        base = URI.create("http://127.0.0.1:" + port);
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            try {
                if (client.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode() == 200) {
                    break;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            assertTrue(System.currentTimeMillis() < deadline, "alertmanager did not become ready; see " + dir);
            Thread.sleep(100);
        }
        vertx = Vertx.vertx();
        http = new HttpPost(vertx, Duration.ofSeconds(5), "test");
    }

    @AfterAll
    static void stop() throws Exception {
        if (http != null) {
            http.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        if (alertmanager != null) {
            alertmanager.destroy();
            alertmanager.waitFor(10, TimeUnit.SECONDS);
        }
        if (dir != null) {
            JarProcess.deleteTree(dir);
        }
    }

    private static JsonNode alerts(String query) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts" + query)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new ObjectMapper().readTree(body);
    }

    @Test
    void twoInstancesTriggerOneAlertAndTheResolveEndsIt() throws Exception {
        // Alertmanager takes times from the real clock: fire "now".
        TestClock clock = new TestClock(Instant.now());
        AlertmanagerSender a = new AlertmanagerSender(http, base, clock, Map.of());
        AlertmanagerSender b = new AlertmanagerSender(http, base, clock, Map.of());
        var trigger = HttpChannelContract.trigger();
        var incident = new io.healthmon.alert.Incident(trigger.lead().id(), trigger.lead().rule(), trigger.lead().endpoint(),
                trigger.lead().url(), trigger.lead().severity(), trigger.lead().state(), clock.instant().minusSeconds(30),
                null, 0.25, 0.01, trigger.lead().text(), List.of("alertmanager"), Map.of(), false);
        var n = io.healthmon.alert.Notification.of(io.healthmon.alert.Notification.Kind.TRIGGER, incident, "alertmanager", clock.instant());
        assertInstanceOf(SendResult.Delivered.class, a.send(n).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        assertInstanceOf(SendResult.Delivered.class, b.send(n).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));

        JsonNode active = alerts("?active=true");
        assertEquals(1, active.size(), "two instances, one alert: " + active);
        JsonNode alert = active.get(0);
        assertEquals("error-rate", alert.at("/labels/alertname").asText());
        assertEquals("database", alert.at("/labels/endpoint").asText());
        assertEquals("/api/health/database", alert.at("/labels/path").asText());
        assertEquals("P1", alert.at("/labels/severity").asText());
        assertEquals("active", alert.at("/status/state").asText());

        var resolved = io.healthmon.alert.Notification.of(io.healthmon.alert.Notification.Kind.RESOLVE,
                incident.resolved(clock.instant(), 0.0, "error-ratio over 5m 0 % > 1.000 %"), "alertmanager", clock.instant());
        assertInstanceOf(SendResult.Delivered.class, a.send(resolved).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS));
        long deadline = System.currentTimeMillis() + 10_000;
        while (alerts("?active=true").size() > 0) {
            assertTrue(System.currentTimeMillis() < deadline, "the resolve did not end the alert: " + alerts(""));
            Thread.sleep(100);
        }
    }
}
