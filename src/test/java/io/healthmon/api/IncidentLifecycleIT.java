package io.healthmon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.healthmon.FakePlatform;
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

/**
 * One incident's whole life in the packaged daemon, end to end: a database outage pages Slack and
 * PagerDuty, an escalation step tells the team lead, the on-call acknowledges it through the API
 * (PagerDuty acknowledge, Slack messages), a later step that respects acknowledgement stays quiet
 * while one that ignores it still escalates, the database recovers and everything resolves; the
 * timeline and the post-mortem draft then tell that story.
 */
class IncidentLifecycleIT {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final String TOKEN = "it-token-5e1a";
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newHttpClient();
    private FakePlatform platform;
    private Path data;

    @BeforeEach
    void start() throws Exception {
        platform = FakePlatform.start();
        platform.receive("/v2/enqueue", 202, "{\"status\":\"success\"}");
        for (String p : List.of("/slack/alerts", "/slack/critical", "/late", "/manager")) {
            platform.receive(p, 200, "ok");
        }
        data = Files.createTempDirectory("healthmon-lifecycle");
    }

    @AfterEach
    void stop() {
        JarProcess.deleteTree(data);
        platform.close();
    }

    private List<LoggedRequest> to(String path) {
        return platform.posts(path);
    }

    /** Slack messages as their fallback text; PagerDuty events as "action dedup_key"; webhooks as their status. */
    private List<String> seen(String path) throws Exception {
        List<String> out = new ArrayList<>();
        for (LoggedRequest r : to(path)) {
            JsonNode body = json.readTree(r.getBodyAsString());
            out.add(path.startsWith("/slack") ? body.get("text").asText()
                    : path.equals("/v2/enqueue") ? body.get("event_action").asText() + " " + body.get("dedup_key").asText()
                    : body.get("status").asText() + " " + body.get("alerts").get(0).get("labels").get("alertname").asText());
        }
        return out;
    }

    private String all() throws Exception {
        return "PagerDuty " + seen("/v2/enqueue") + ", #critical " + seen("/slack/critical") + ", #alerts (team lead) "
                + seen("/slack/alerts") + ", late " + seen("/late") + ", manager " + seen("/manager");
    }

    private void await(String what, JarProcess daemon, Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.call()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what + "; " + all()
                    + "\n--- daemon output ---\n" + String.join("\n", daemon.output()));
            Thread.sleep(200); // another process and a real server: polled
        }
    }

    private HttpResponse<String> call(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (body != null) {
            b.header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void outageEscalationAcknowledgementAndResolveAreToldAndRecorded() throws Exception {
        String base = platform.url();
        JarProcess daemon = JarProcess.start(
                "healthmon.base-url=" + base,
                "healthmon.probe.interval=1s",
                "healthmon.data-dir=" + data,
                "healthmon.api.token=" + TOKEN,
                // endpoint-down alone, resolving at the first good probe (the window rules would hold it a minute)
                "healthmon.rules.error-rate.enabled=false", "healthmon.rules.availability.enabled=false",
                "healthmon.rules.slo-burn-fast.enabled=false", "healthmon.rules.slo-burn-slow.enabled=false",
                "healthmon.rules.slo-budget-ticket.enabled=false",
                "healthmon.rules.endpoint-down.channels=slack-critical,pagerduty", // the availability rule's pager, turned off
                "healthmon.rules.endpoint-down.keep-firing-for=0s",
                "healthmon.channels.pagerduty.routing-key=" + KEY,
                "healthmon.channels.pagerduty.url=" + base + "/v2/enqueue",
                "healthmon.channels.slack-alerts.url=" + base + "/slack/alerts",
                "healthmon.channels.slack-critical.url=" + base + "/slack/critical",
                "healthmon.channels.late.type=webhook", "healthmon.channels.late.url=" + base + "/late",
                "healthmon.channels.manager.type=webhook", "healthmon.channels.manager.url=" + base + "/manager",
                "healthmon.escalation.steps.team-lead.after=3s",
                "healthmon.escalation.steps.team-lead.channels=slack-alerts",
                "healthmon.escalation.steps.late.after=12s", "healthmon.escalation.steps.late.channels=late",
                "healthmon.escalation.steps.manager.after=12s", "healthmon.escalation.steps.manager.channels=manager",
                "healthmon.escalation.steps.manager.ignore-ack=true");
        try {
            int port = daemon.awaitPort(30_000);
            String api = "http://127.0.0.1:" + port + "/api/v1";
            Thread.sleep(2000);
            assertEquals("PagerDuty [], #critical [], #alerts (team lead) [], late [], manager []", all());

            platform.database(500, "DOWN");
            await("the page and the team lead's escalation", daemon, () -> !seen("/v2/enqueue").isEmpty()
                    && !seen("/slack/critical").isEmpty() && !seen("/slack/alerts").isEmpty());
            JsonNode open = json.readTree(call("GET", api + "/alerts", null).body()).get("open");
            assertEquals(1, open.size(), open.toString());
            String id = open.get(0).get("id").asText();
            String dedup = seen("/v2/enqueue").get(0).split(" ")[1];

            HttpResponse<String> ack = call("POST", api + "/incidents/" + id + "/ack",
                    "{\"by\":\"alice\",\"comment\":\"restarting the pooler\"}");
            assertEquals(200, ack.statusCode(), ack.body());
            await("the acknowledgement on every channel told", daemon, () -> seen("/v2/enqueue").size() == 2
                    && seen("/slack/critical").size() == 2 && seen("/slack/alerts").size() == 2);
            await("the step that ignores acknowledgement", daemon, () -> !seen("/manager").isEmpty());

            platform.database(200, "UP");
            await("the resolves", daemon, () -> seen("/v2/enqueue").stream().anyMatch(e -> e.startsWith("resolve"))
                    && seen("/slack/critical").stream().anyMatch(t -> t.startsWith("[RESOLVED")));
            Thread.sleep(2000); // nothing more may follow

            assertEquals(List.of("trigger " + dedup, "acknowledge " + dedup, "resolve " + dedup), seen("/v2/enqueue"), all());
            List<String> critical = seen("/slack/critical");
            assertEquals(3, critical.size(), all());
            assertTrue(critical.get(0).startsWith("[FIRING P1] endpoint-down on database"), all());
            assertTrue(critical.get(1).startsWith("[ACKNOWLEDGED P1] endpoint-down on database /api/health/database:"
                    + " acknowledged by alice (\"restarting the pooler\")"), all());
            assertTrue(critical.get(2).startsWith("[RESOLVED P1] endpoint-down on database"), all());
            List<String> lead = seen("/slack/alerts");
            assertEquals(3, lead.size(), all());
            assertTrue(lead.get(0).startsWith("[ESCALATED P1]") && lead.get(1).startsWith("[ACKNOWLEDGED P1]")
                    && lead.get(2).startsWith("[RESOLVED P1]"), all());
            assertEquals(List.of(), seen("/late"), "a step that respects acknowledgement: " + all());
            assertEquals(List.of("firing endpoint-down", "resolved endpoint-down"), seen("/manager"), all());

            JsonNode incident = json.readTree(call("GET", api + "/incidents/" + id, null).body());
            assertEquals("resolved", incident.get("state").asText());
            List<String> kinds = new ArrayList<>();
            incident.get("timeline").forEach(e -> kinds.add(e.get("kind").asText()
                    + (e.hasNonNull("channel") ? "@" + e.get("channel").asText() : "")));
            for (String k : List.of("first_failure", "firing", "notification_delivered@slack-critical",
                    "notification_delivered@pagerduty", "escalated@slack-alerts", "acknowledged", "escalated@manager",
                    "endpoint_state", "resolved")) {
                assertTrue(kinds.contains(k), k + " in " + kinds);
            }
            assertTrue(!kinds.contains("escalated@late"), kinds.toString());
            assertTrue(kinds.indexOf("first_failure") < kinds.indexOf("firing")
                    && kinds.indexOf("firing") < kinds.indexOf("escalated@slack-alerts")
                    && kinds.indexOf("escalated@slack-alerts") < kinds.indexOf("acknowledged")
                    && kinds.indexOf("acknowledged") < kinds.indexOf("escalated@manager")
                    && kinds.indexOf("escalated@manager") < kinds.indexOf("resolved"), kinds.toString());

            HttpResponse<String> pm = call("GET", api + "/incidents/" + id + "/postmortem", null);
            assertEquals(200, pm.statusCode());
            assertTrue(pm.headers().firstValue("Content-Type").orElse("").startsWith("text/markdown"));
            assertTrue(pm.body().contains("- Acknowledged: ") && pm.body().contains("acknowledged by alice: restarting the pooler"),
                    pm.body());
            assertTrue(pm.body().contains("escalated to slack-alerts (step team-lead)")
                    && pm.body().contains("escalated to manager (step manager)"), pm.body());
            System.out.printf("incident lifecycle: %s%n%s%n", all(), pm.body());
        } finally {
            daemon.close();
        }
    }
}
