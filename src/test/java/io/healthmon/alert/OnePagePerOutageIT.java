package io.healthmon.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.healthmon.FakePlatform;
import io.healthmon.JarProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged daemon on the runbook's defaults (rules, routing, grouping, inhibition), probing
 * every 5 s, through a 40-second database outage (HTTP 500): PagerDuty sees one incident, Slack
 * #critical one FIRING and its RESOLVED, Slack #alerts nothing.
 */
class OnePagePerOutageIT {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final Duration INTERVAL = Duration.ofSeconds(5);
    private final ObjectMapper json = new ObjectMapper();
    private FakePlatform platform;
    private Path data;
    /** The daemon under test: its output goes into a failed wait's message (a slow resolve needs its log to explain). */
    private JarProcess daemon;

    @BeforeEach
    void start() throws Exception {
        platform = FakePlatform.start();
        platform.receive("/v2/enqueue", 202, "{\"status\":\"success\"}");
        platform.receive("/slack/alerts", 200, "ok");
        platform.receive("/slack/critical", 200, "ok");
        data = Files.createTempDirectory("healthmon-onepage");
    }

    @AfterEach
    void stop() {
        JarProcess.deleteTree(data);
        platform.close();
    }

    private List<LoggedRequest> to(String path) {
        return platform.posts(path);
    }

    /** Each request to a Slack webhook as its first line ("[FIRING P1] endpoint-down, error-rate on database ..."). */
    private List<String> slack(String path) throws Exception {
        List<String> out = new ArrayList<>();
        for (LoggedRequest r : to(path)) {
            out.add(json.readTree(r.getBodyAsString()).get("text").asText());
        }
        return out;
    }

    /** PagerDuty events as "action dedup_key". */
    private List<String> pagerduty() throws Exception {
        List<String> out = new ArrayList<>();
        for (LoggedRequest r : to("/v2/enqueue")) {
            JsonNode e = json.readTree(r.getBodyAsString());
            out.add(e.get("event_action").asText() + " " + e.get("dedup_key").asText());
        }
        return out;
    }

    private String seen() throws Exception {
        return "PagerDuty " + pagerduty() + ", #critical " + slack("/slack/critical") + ", #alerts " + slack("/slack/alerts");
    }

    private void await(String what, long timeoutMillis, Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.call()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what + "; " + seen()
                    + (daemon == null ? "" : "\n--- daemon output ---\n" + String.join("\n", daemon.output())));
            Thread.sleep(200); // another process and a real server: polled
        }
    }

    @Test
    void aDatabaseOutageIsOnePagerDutyIncidentOneCriticalMessageAndNothingOnAlerts() throws Exception {
        String base = platform.url();
        daemon = JarProcess.start(
                "healthmon.base-url=" + base,
                "healthmon.probe.interval=" + INTERVAL.toSeconds() + "s",
                "healthmon.data-dir=" + data,
                "healthmon.channels.pagerduty.routing-key=" + KEY,
                "healthmon.channels.pagerduty.url=" + base + "/v2/enqueue",
                "healthmon.channels.slack-alerts.url=" + base + "/slack/alerts",
                "healthmon.channels.slack-critical.url=" + base + "/slack/critical");
        try {
            daemon.awaitPort(30_000);
            Thread.sleep(INTERVAL.toMillis() * 2); // a few healthy probes first
            assertEquals("PagerDuty [], #critical [], #alerts []", seen());

            Instant down = Instant.now();
            platform.database(500, "DOWN");
            await("the page", 30_000, () -> !pagerduty().isEmpty() && !slack("/slack/critical").isEmpty());
            Instant paged = to("/slack/critical").get(0).getLoggedDate().toInstant();
            Duration detection = Duration.between(down, paged);
            assertTrue(detection.compareTo(INTERVAL.multipliedBy(2).plusSeconds(1)) <= 0,
                    "notified " + detection + " after the outage began: within two probe intervals");
            Thread.sleep(Math.max(0, Duration.ofSeconds(40).minus(Duration.between(down, Instant.now())).toMillis()));

            Instant up = Instant.now();
            platform.database(200, "UP");
            await("the resolves", 150_000, () -> pagerduty().stream().anyMatch(e -> e.startsWith("resolve"))
                    && slack("/slack/critical").stream().anyMatch(t -> t.startsWith("[RESOLVED")));
            Thread.sleep(INTERVAL.toMillis() * 2); // nothing more may follow

            List<String> pd = pagerduty();
            String dedup = pd.get(0).split(" ")[1];
            assertEquals(List.of("trigger " + dedup, "resolve " + dedup), pd, "one PagerDuty incident: " + seen());
            List<String> critical = slack("/slack/critical");
            assertEquals(2, critical.size(), seen());
            assertTrue(critical.get(0).startsWith("[FIRING P1] endpoint-down on database /api/health/database: "),
                    "the first page at the second failed probe: " + critical.get(0));
            assertTrue(critical.get(1).startsWith("[RESOLVED P1] endpoint-down, error-rate on database"),
                    "error-rate joined at the third without a ping; the resolve lists both: " + critical.get(1));
            assertEquals(List.of(), slack("/slack/alerts"), "nothing on #alerts");
            Instant resolved = to("/slack/critical").get(1).getLoggedDate().toInstant();
            Duration after = Duration.between(up, resolved);
            assertTrue(after.compareTo(Duration.ofSeconds(50)) >= 0 && after.compareTo(Duration.ofSeconds(100)) <= 0,
                    "resolved " + after + " after recovery: about a minute");
            System.out.printf("one page per outage: first page %.1f s after the outage began, resolve %.1f s after recovery;"
                    + " %s%n", detection.toMillis() / 1000.0, after.toMillis() / 1000.0, seen());
        } finally {
            daemon.close();
        }
    }
}
