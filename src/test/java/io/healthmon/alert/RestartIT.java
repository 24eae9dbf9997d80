package io.healthmon.alert;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.healthmon.FakePlatform;
import io.healthmon.JarProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The packaged daemon is killed (SIGKILL) in the middle of an incident and started again on the same
 * data directory: PagerDuty gets exactly one trigger and one resolve per incident.
 */
class RestartIT {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private FakePlatform platform;
    private Path data;

    @BeforeEach
    void start() throws Exception {
        platform = FakePlatform.start();
        platform.database(503, "DOWN");
        platform.receive("/v2/enqueue", 202, "{\"status\":\"success\"}");
        data = Files.createTempDirectory("healthmon-restart");
    }

    @AfterEach
    void stop() {
        JarProcess.deleteTree(data);
        platform.close();
    }

    private JarProcess daemon(String... more) throws Exception {
        List<String> props = new ArrayList<>(List.of(
                "healthmon.base-url=" + platform.url(),
                "healthmon.probe.interval=2s",
                "healthmon.probe.recovery-interval=1s",
                "healthmon.data-dir=" + data,
                "healthmon.channels.pagerduty.routing-key=" + KEY,
                "healthmon.channels.pagerduty.url=" + platform.url() + "/v2/enqueue",
                "healthmon.routing.p1=pagerduty"));
        props.addAll(List.of(more));
        return JarProcess.start(props.toArray(String[]::new));
    }

    /** Events PagerDuty received, as "action dedup_key". */
    private List<String> events() throws Exception {
        List<String> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (LoggedRequest r : platform.posts("/v2/enqueue")) {
            JsonNode e = json.readTree(r.getBodyAsString());
            assertEquals(KEY, e.get("routing_key").asText());
            out.add(e.get("event_action").asText() + " " + e.get("dedup_key").asText());
        }
        return out;
    }

    private void await(String what, long timeoutMillis, java.util.concurrent.Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!condition.call()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what + "; PagerDuty got " + events());
            Thread.sleep(200); // another process and a real server: polled
        }
    }

    /** Waits until PagerDuty has received nothing new for 3 s, and returns how many events it got. */
    private int stableCount() throws Exception {
        int n = events().size();
        long quietSince = System.currentTimeMillis();
        while (System.currentTimeMillis() - quietSince < 3_000) {
            Thread.sleep(200);
            int now = events().size();
            if (now != n) {
                n = now;
                quietSince = System.currentTimeMillis();
            }
        }
        return n;
    }

    @Test
    void exactlyOneTriggerAndOneResolveReachPagerDutyAcrossACrash() throws Exception {
        JarProcess first = daemon();
        int triggers;
        String id;
        List<JsonNode> before;
        try { // a failed wait must not leave the daemon running
            int port = first.awaitPort(30_000);
            // endpoint-down, availability and the burn rates fire on the database: one group, one PagerDuty incident
            await("the trigger", 30_000, () -> events().stream().anyMatch(e -> e.startsWith("trigger")));
            triggers = stableCount();
            id = null;
            for (JsonNode a : api(port, "/api/v1/alerts").get("open")) {
                id = a.get("rule").asText().equals("endpoint-down") ? a.get("id").asText() : id;
            }
            before = new ArrayList<>();
            api(port, "/api/v1/incidents/" + id).get("timeline").forEach(before::add);
            assertEquals("first_failure", before.get(0).get("kind").asText(), before.toString());
        } finally {
            first.kill();
        }

        JarProcess second = daemon();
        try {
            second.awaitPort(30_000);
            await("the restart to probe the still-down database", 20_000,
                    () -> second.output().stream().anyMatch(l -> l.contains("carried on ") && l.contains("open incident(s)")));
            Thread.sleep(4_000); // several probes, still failing: no second trigger may come
            assertEquals(triggers, events().size(), "no new page after the restart: " + events());

            platform.database(200, "UP");
            await("the resolves", 120_000, () -> events().stream().filter(e -> e.startsWith("resolve")).count() >= triggers);
            Thread.sleep(3_000); // nothing more may follow
            Map<String, List<String>> byIncident = new TreeMap<>();
            for (String e : events()) {
                String[] parts = e.split(" ");
                byIncident.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(parts[0]);
            }
            assertEquals(triggers, byIncident.size(), byIncident.toString());
            byIncident.forEach((key, actions) -> assertEquals(List.of("trigger", "resolve"), actions, key));
            assertFalse(String.join("\n", second.output()).contains(KEY), "the routing key never reaches the log");

            // the incident's timeline survived the kill and goes on to its resolve
            List<JsonNode> after = new ArrayList<>();
            api(second.awaitPort(1_000), "/api/v1/incidents/" + id).get("timeline").forEach(after::add);
            assertEquals(before, after.subList(0, before.size()), "what was recorded before the kill is kept");
            List<String> kinds = after.stream().map(e -> e.get("kind").asText()).toList();
            assertTrue(kinds.indexOf("restarted") >= before.size() && kinds.indexOf("restarted") < kinds.indexOf("resolved"),
                    "the restart is in the timeline: " + kinds);
            assertTrue(kinds.contains("resolved") && kinds.lastIndexOf("notification_delivered") > kinds.indexOf("resolved"),
                    "resolved after the restart, and its resolve delivered: " + kinds);
        } finally {
            second.close();
        }
    }

    private static JsonNode api(int port, String path) throws Exception {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return new ObjectMapper().readTree(r.body());
    }

    /** Where the kill lands around the first page; the state writer pauses 2 s before each write, and says so. */
    enum KillPoint {
        /** The trigger is being journaled: nothing on disk, nothing sent. */
        WRITING_THE_JOURNAL("delivery.log", 1),
        /** The journal holds the trigger (sent meanwhile), incidents.json does not have the incident yet. */
        BEFORE_THE_INCIDENT_IS_SAVED("incidents.json", 1),
        /** Delivered, incident saved, the journal not yet cleared of the trigger. */
        BEFORE_THE_DELIVERY_IS_RECORDED("delivery.log", 2),
        /** PagerDuty has the request and answers after 3 s. */
        WHILE_PAGERDUTY_ANSWERS(null, 0);

        final String file;
        final int nth;

        KillPoint(String file, int nth) {
            this.file = file;
            this.nth = nth;
        }
    }

    @ParameterizedTest(name = "killed {0}")
    @EnumSource(KillPoint.class)
    void wherever_a_kill_lands_around_a_page_the_outage_is_one_pagerduty_incident_triggered_then_resolved_once(KillPoint point)
            throws Exception {
        List<String> only = new ArrayList<>();
        for (String rule : List.of("response-time", "error-rate", "availability", "complete-outage", "slo-burn-fast",
                "slo-burn-slow", "slo-budget-ticket")) {
            only.add("healthmon.rules." + rule + ".enabled=false");
        }
        only.add("healthmon.rules.endpoint-down.keep-firing-for=0s");
        only.add("healthmon.probe.interval=1s");
        List<String> first = new ArrayList<>(only);
        if (point.file != null) {
            first.add("healthmon.state.write-delay=2s");
        } else {
            platform.server().stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(202).withFixedDelay(3_000))); // slow: the kill lands mid-delivery
        }
        JarProcess crashed = daemon(first.toArray(String[]::new));
        try {
            crashed.awaitPort(30_000);
            if (point.file != null) {
                String announced = "writing " + point.file + " in";
                await("write " + point.nth + " of " + point.file, 30_000, () -> crashed.output().stream()
                        .filter(l -> l.contains("fault injection") && l.contains(announced)).count() >= point.nth);
            } else {
                await("the trigger on the wire", 30_000, () -> !events().isEmpty());
            }
            if (point == KillPoint.WRITING_THE_JOURNAL) {
                assertEquals(List.of(), events(), "nothing is sent before the journal holding it is on disk");
            }
        } finally {
            crashed.kill();
        }
        List<String> beforeRestart = events();
        platform.receive("/v2/enqueue", 202, "");

        try (JarProcess second = daemon(only.toArray(String[]::new))) {
            second.awaitPort(30_000);
            await("a trigger after the restart", 30_000, () -> !events().isEmpty());
            Thread.sleep(3_000); // several probes of the still-failing database: no second incident may open
            platform.database(200, "UP");
            await("the resolve", 30_000, () -> events().stream().anyMatch(e -> e.startsWith("resolve")));
            stableCount();
            Map<String, List<String>> byIncident = new TreeMap<>();
            for (String e : events()) {
                String[] parts = e.split(" ");
                byIncident.computeIfAbsent(parts[1], k -> new ArrayList<>()).add(parts[0]);
            }
            assertEquals(1, byIncident.size(), "one PagerDuty incident for one outage (before the restart: "
                    + beforeRestart + ")\n" + String.join("\n", second.output()));
            List<String> actions = byIncident.values().iterator().next();
            assertEquals("resolve", actions.get(actions.size() - 1), actions.toString());
            assertEquals(1, actions.stream().filter("resolve"::equals).count(), actions.toString());
            // A trigger is sent again only when the kill hid its delivery (on the wire, or delivered and not yet
            // recorded): the same dedup_key, which PagerDuty folds into the one incident.
            long triggers = actions.stream().filter("trigger"::equals).count();
            assertTrue(triggers == 1 || (triggers == 2 && point != KillPoint.WRITING_THE_JOURNAL), actions.toString());
        }
    }

    /** Only endpoint-down: its group on PagerDuty holds nothing else. */
    private static String[] endpointDownOnly(String... more) {
        List<String> only = new ArrayList<>();
        for (String rule : List.of("response-time", "error-rate", "availability", "complete-outage", "slo-burn-fast",
                "slo-burn-slow", "slo-budget-ticket")) {
            only.add("healthmon.rules." + rule + ".enabled=false");
        }
        only.addAll(List.of(more));
        return only.toArray(String[]::new);
    }

    @Test
    void anIncidentWhoseRuleIsGoneAfterTheRestartIsResolvedThenWithNotification() throws Exception {
        try (JarProcess first = daemon(endpointDownOnly())) {
            first.awaitPort(30_000);
            await("the endpoint-down trigger", 30_000, () -> events().stream().anyMatch(e -> e.startsWith("trigger endpoint=database/")));
        }
        String group = events().get(0).split(" ")[1];
        try (JarProcess second = daemon(endpointDownOnly("healthmon.rules.endpoint-down.enabled=false"))) {
            second.awaitPort(30_000);
            await("the resolve of the group whose only rule was removed", 20_000, () -> events().contains("resolve " + group));
            assertTrue(second.output().stream().anyMatch(l -> l.contains("incident endpoint-down:database:")
                    && l.contains("no longer configured")), String.join("\n", second.output()));
        }
    }

    @Test
    void aDeliveryUnderWayAtSigtermCompletesOnceAndIsNotSentAgainAfterTheRestart() throws Exception {
        platform.server().stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(202).withFixedDelay(3_000))); // slow: the kill lands mid-delivery
        JarProcess first = daemon();
        String id;
        try {
            first.awaitPort(30_000);
            await("a trigger under way", 30_000, () -> events().stream().anyMatch(e -> e.startsWith("trigger endpoint=database/")));
            id = events().get(0).split(" ")[1];
            assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(first.pid())).start().waitFor());
            assertEquals(0, first.awaitExit(30_000), "a stop is exit 0: " + String.join("\n", first.output()));
        } finally {
            first.close(); // gone already when all went well
        }
        assertTrue(first.output().stream().noneMatch(l -> l.contains("delivery to pagerduty") && l.contains(id)),
                "the slow answer came within the grace: no failed attempt\n" + String.join("\n", first.output()));

        platform.receive("/v2/enqueue", 202, "");
        try (JarProcess second = daemon()) {
            second.awaitPort(30_000);
            await("the restart to carry the incident on", 20_000,
                    () -> second.output().stream().anyMatch(l -> l.contains("carried on ") && l.contains("open incident(s)")));
            Thread.sleep(4_000); // probes still failing, the outbox resumed: nothing may be sent again
            assertEquals(1, events().stream().filter(e -> e.equals("trigger " + id)).count(), events().toString());
        }
    }
}
