package io.healthmon.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.healthmon.JarProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged daemon stopped (SIGTERM) or killed (SIGKILL) and started again on the same data
 * directory: the database's 30d window still holds its probes. To read the windows with nothing
 * moving, the database is parked before a stop (a reload to a 1h interval puts its next probe a
 * quarter of an hour away: it is the second of four endpoints) and after the restart.
 */
class WindowsSurviveRestartIT {

    private static final String TOKEN = "restart-token-51aa";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path config;
    private Path data;
    private HttpServer platform;
    /** Answers the database endpoint gave: every fourth one a 500. */
    private final AtomicLong databaseAnswers = new AtomicLong();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        platform = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        platform.createContext("/", exchange -> {
            int status = 200;
            if (exchange.getRequestURI().getPath().equals("/api/health/database")) {
                status = databaseAnswers.incrementAndGet() % 4 == 0 ? 500 : 200;
            }
            byte[] body = (status == 200 ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        platform.start();
        config = dir.resolve("healthmon.yaml");
        data = dir.resolve("data");
    }

    @AfterEach
    void stop() {
        platform.stop(0);
    }

    private void configure(String interval, String checkpointInterval) throws IOException {
        Files.writeString(config, """
                healthmon:
                  base-url: http://127.0.0.1:%d
                  probe:
                    interval: %s
                    recovery-interval: 1s
                    timeout: 800ms
                  windows:
                    checkpoint-interval: %s
                  api:
                    token: %s
                """.formatted(platform.getAddress().getPort(), interval, checkpointInterval, TOKEN));
    }

    private JarProcess daemon() throws IOException {
        return JarProcess.start("quarkus.config.locations=" + config, "healthmon.data-dir=" + data);
    }

    private JsonNode database(int port) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/endpoints/database"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static JsonNode window(JsonNode endpoint, String label) {
        return endpoint.get("windows").get(label);
    }

    private static void await(String what, JarProcess d, Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!condition.call()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what + ":\n" + String.join("\n", d.output()));
            Thread.sleep(200); // another process over real sockets: polled
        }
    }

    /** Reloads to a 1h interval and waits until the database's windows stop moving; returns them. */
    private JsonNode park(JarProcess d, int port) throws Exception {
        configure("1h", "60s");
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/reload"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        JsonNode[] last = {database(port)};
        await("the database's windows to stop moving", d, () -> {
            Thread.sleep(1500); // longer than a probe's timeout: one still in flight has landed
            JsonNode now = database(port);
            boolean still = window(now, "30d").get("probes").equals(window(last[0], "30d").get("probes"));
            last[0] = now;
            return still;
        });
        return last[0];
    }

    @Test
    void afterSigtermThe30dWindowHoldsEveryProbeItHeldAndTheSameErrorRatio() throws Exception {
        configure("1s", "60s"); // no periodic checkpoint within the test: only the one at shutdown
        JsonNode before;
        try (JarProcess first = daemon()) {
            int port = first.awaitPort(30_000);
            await("a dozen database probes", first, () -> window(database(port), "30d").get("probes").asLong() >= 12);
            before = park(first, port);
            first.close(); // SIGTERM
            assertTrue(first.output().stream().anyMatch(l -> l.contains("windows saved to")), String.join("\n", first.output()));
        }
        assertTrue(window(before, "30d").get("failures").asLong() > 0, "every fourth answer failed: " + before);

        try (JarProcess second = daemon()) {
            int port = second.awaitPort(30_000);
            JsonNode after = database(port);
            for (String w : List.of("1h", "30d")) {
                JsonNode was = window(before, w);
                JsonNode is = window(after, w);
                assertEquals(was.get("probes"), is.get("probes"), w + " probes: " + is);
                assertEquals(was.get("failures"), is.get("failures"), w + " failures: " + is);
                assertEquals(was.get("errorRatio"), is.get("errorRatio"), w + " error ratio: " + is);
                assertEquals(was.get("p95Seconds"), is.get("p95Seconds"), w + " p95: " + is);
                double gained = is.get("coveredSeconds").asDouble() - was.get("coveredSeconds").asDouble();
                assertTrue(gained >= 0 && gained < 10, w + ": the downtime is not covered, the seconds before the stop are: " + gained);
            }
            assertEquals(before.get("probes"), after.get("probes"), "the recent results carry on too");
            assertTrue(second.output().stream().anyMatch(l -> l.contains("restored the windows of 4 endpoint(s)")),
                    String.join("\n", second.output()));
        }
    }

    @Test
    void afterSigkillAtMostOneCheckpointIntervalOfProbesIsLost() throws Exception {
        configure("1s", "2s");
        long answered;
        try (JarProcess first = daemon()) {
            int port = first.awaitPort(30_000);
            await("ten database probes and a checkpoint", first,
                    () -> window(database(port), "30d").get("probes").asLong() >= 10 && Files.exists(data.resolve(Checkpoint.FILE)));
            first.kill(); // SIGKILL: no shutdown, no last checkpoint
            answered = databaseAnswers.get(); // all the database answered, recorded or not
        }

        configure("1h", "60s"); // parked from the start
        try (JarProcess second = daemon()) {
            int port = second.awaitPort(30_000);
            long kept = window(database(port), "30d").get("probes").asLong();
            long lost = answered - kept;
            // one checkpoint interval is 2 probes at 1 s; one more may have been answered but not yet recorded
            assertTrue(lost >= 0 && lost <= 3, "answered " + answered + ", kept " + kept);
            assertTrue(kept >= 8, "kept " + kept);
        }
    }

    @Test
    void aCorruptCheckpointIsMovedAsideAndTheDaemonStartsWithEmptyWindows() throws Exception {
        configure("1s", "60s");
        Files.createDirectories(data);
        Files.writeString(data.resolve(Checkpoint.FILE), "HMWC but not really a checkpoint");
        try (JarProcess d = daemon()) {
            int port = d.awaitPort(30_000);
            assertTrue(d.output().stream().anyMatch(l -> l.contains("WARN") && l.contains("window checkpoint")
                    && l.contains("is unreadable") && l.contains("moved aside to windows.bin.corrupt-")), String.join("\n", d.output()));
            assertTrue(window(database(port), "30d").get("probes").asLong() <= 1);
            try (Stream<Path> files = Files.list(data)) {
                assertEquals(1, files.filter(p -> p.getFileName().toString().startsWith("windows.bin.corrupt-")).count());
            }
            assertFalse(d.output().stream().anyMatch(l -> l.contains("Exception")), "a warning, not a stack trace");
        }
    }
}
