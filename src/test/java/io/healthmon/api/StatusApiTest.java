package io.healthmon.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.PlatformStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The daemon wired end to end against the stubbed platform: API JSON, metrics text, health. */
@QuarkusTest
@QuarkusTestResource(value = PlatformStub.class, restrictToAnnotatedClass = true)
class StatusApiTest {

    @BeforeEach
    void waitUntilEveryEndpointHasBeenProbedTwice() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            Response r = given().get("/api/v1/endpoints/services");
            if (r.statusCode() == 200 && r.jsonPath().getInt("probes") >= 2
                    && given().get("/q/health/ready").statusCode() == 200) {
                return;
            }
            Thread.sleep(100); // real probes over real sockets: polled, there is no clock to advance
        }
        throw new AssertionError("endpoints were not probed within 15 s");
    }

    @Test
    void statusListsEveryEndpointWithStateLastResultWindowsAndValues() {
        given().get("/api/v1/status").then()
                .statusCode(200)
                .contentType("application/json")
                .body("version", notNullValue())
                .body("at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z"))
                .body("endpoints.size()", equalTo(4))
                .body("endpoints.name", hasItems("application", "database", "auth", "services"))
                .body("scheduler.probesStarted", greaterThanOrEqualTo(8))
                .body("endpoints.find { it.name == 'database' }.state", equalTo("down"))
                .body("endpoints.find { it.name == 'database' }.url", containsString("/api/health/database"))
                .body("endpoints.find { it.name == 'database' }.last.outcome", equalTo("http_status"))
                .body("endpoints.find { it.name == 'database' }.last.httpStatus", equalTo(503))
                .body("endpoints.find { it.name == 'database' }.last.message", equalTo("HTTP 503, expected 2xx"))
                .body("endpoints.find { it.name == 'database' }.values.cpu.last", equalTo(97.0f))
                .body("endpoints.find { it.name == 'database' }.windows.'1m'.errorRatio", equalTo(1.0f))
                .body("endpoints.find { it.name == 'database' }.windows.'30d'.availabilityRatio", equalTo(0.0f))
                .body("endpoints.find { it.name == 'database' }.windows.'30d'.coverage", lessThan(0.001f))
                .body("endpoints.find { it.name == 'application' }.state", equalTo("up"))
                .body("endpoints.find { it.name == 'application' }.values.memory.max.'5m'", equalTo(71.5f))
                .body("endpoints.find { it.name == 'application' }.windows.'5m'.p95Seconds", notNullValue())
                .body("endpoints.find { it.name == 'auth' }.state", equalTo("up"))
                .body("endpoints.find { it.name == 'services' }.slo.objective", equalTo(0.999f))
                .body("endpoints.find { it.name == 'services' }.slo.window", equalTo("30d"))
                .body("endpoints.find { it.name == 'services' }.slo.errorBudgetRemaining", equalTo(1.0f))
                .body("endpoints.find { it.name == 'database' }.slo.errorBudgetRemaining", equalTo(-999.0f));
    }

    @Test
    void theStatusPageIsServedAtTheRootAndAtStatusAsOneSelfContainedPage() {
        for (String path : new String[] {"/", "/status"}) {
            String html = given().get(path).then().statusCode(200).contentType(containsString("text/html")).extract().asString();
            assertContains(html, "<html lang=\"en\">");
            assertContains(html, "<meta http-equiv=\"refresh\" content=\"30\">");
            assertContains(html, "id=\"banner\">Partial outage: database</p>");
            assertContains(html, "<article class=\"endpoint\" id=\"endpoint-database\" data-state=\"down\">");
            assertContains(html, "<span class=\"state down\">Down</span>");
            assertContains(html, "<span class=\"state up\">Operational</span>");
            assertContains(html, "<td>endpoint-down on database</td>");
            assertContains(html, "<span class=\"path\">/api/health/database</span>");
            assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<script")
                    || html.contains("<link") || html.contains("src="), "nothing fetched from elsewhere, no URL shown");
            assertFalse(html.contains("slack") || html.contains("pagerduty") || html.contains(PlatformStub.API_TOKEN), html);
        }
    }

    @Test
    void theSummaryCountsTheEndpointsByStateWithoutListingThem() {
        given().get("/api/v1/summary").then()
                .statusCode(200)
                .contentType("application/json")
                .body("version", notNullValue())
                .body("at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z"))
                .body("endpoints.total", equalTo(4))
                .body("endpoints.up", equalTo(3))
                .body("endpoints.down", equalTo(1)) // the database answers 503
                .body("endpoints.unknown", equalTo(0))
                .body("scheduler.probesStarted", greaterThanOrEqualTo(8))
                .body("scheduler.probesSkipped", equalTo(0))
                .body("size()", equalTo(4)); // version, at, endpoints, scheduler: nothing per endpoint
    }

    @Test
    void oneEndpointComesWithItsRecentResultsNewestFirst() {
        given().get("/api/v1/endpoints/database").then()
                .statusCode(200)
                .body("name", equalTo("database"))
                .body("recent.size()", greaterThanOrEqualTo(2))
                .body("recent[0].outcome", equalTo("http_status"))
                .body("recent[0].values.cpu", equalTo(97.0f));
    }

    @Test
    void oneEndpointComesWithItsAvailabilityByUtcDayForNinetyDays() {
        given().get("/api/v1/endpoints/database").then()
                .statusCode(200)
                .body("days.size()", equalTo(90))
                .body("days[0].date", matchesPattern("\\d{4}-\\d\\d-\\d\\d"))
                .body("days[0].availability", org.hamcrest.Matchers.nullValue()) // not probed 89 days ago
                .body("days[0].watchedSeconds", equalTo(0.0f))
                .body("days.findAll { it.watchedSeconds > 0 }[-1].availability", equalTo(0.0f)) // 503 on every probe
                .body("days.findAll { it.watchedSeconds > 0 }[-1].upSeconds", equalTo(0.0f));
        given().get("/api/v1/endpoints/application").then()
                .body("days.findAll { it.watchedSeconds > 0 }[-1].availability", equalTo(1.0f));
        given().get("/api/v1/status").then()
                .body("endpoints.find { it.name == 'database' }.days", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void unknownEndpointIsA404WithAJsonError() {
        given().get("/api/v1/endpoints/nope").then()
                .statusCode(404)
                .contentType("application/json")
                .body("error", equalTo("unknown endpoint 'nope'"))
                .body("known", hasItems("application", "database", "auth", "services"));
    }

    @Test
    void answersAreNeitherSniffedNorCached() {
        for (String path : new String[] {"/api/v1/status", "/api/v1/endpoints/nope", "/q/metrics", "/q/health"}) {
            given().get(path).then()
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Cache-Control", "no-store");
        }
    }

    /** Prometheus' own linter on a whole scrape (Debian's prometheus package, which CI installs). */
    @Test
    void promtoolFindsNothingToSayAboutTheScrape() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        if (!Files.isExecutable(promtool)) {
            assertFalse(System.getenv().containsKey("CI"), "CI installs promtool (.ci/run)");
            Assumptions.abort("promtool is not installed here (apt-get install prometheus)");
        }
        // promtool reads the classic text format (Prometheus itself may ask for OpenMetrics)
        String text = given().header("Accept", "text/plain; version=0.0.4").get("/q/metrics").then().statusCode(200)
                .extract().asString();
        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        java.util.regex.Matcher at = java.util.regex.Pattern.compile("line (\\d+)").matcher(said);
        String line = at.find() ? text.lines().skip(Long.parseLong(at.group(1)) - 1).findFirst().orElse("") : "";
        assertEquals("", said.trim(), "promtool check metrics; the line: " + line);
        assertEquals(0, p.exitValue());
    }

    @Test
    void theScrapeIsStreamedAsOneTextWithEachFamilyInOnePiece() {
        io.restassured.response.Response r = given().get("/q/metrics");
        r.then().statusCode(200).contentType("text/plain; version=0.0.4; charset=utf-8").header("Transfer-Encoding", "chunked");
        java.util.Set<String> declared = new java.util.HashSet<>();
        String family = null;
        for (String line : r.asString().lines().toList()) {
            if (line.startsWith("# TYPE ")) {
                family = line.split(" ")[2];
                assertTrue(declared.add(family), "family declared twice: " + family);
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                String name = line.substring(0, line.contains("{") ? line.indexOf('{') : line.indexOf(' '));
                assertTrue(name.equals(family) || name.startsWith(family + "_"), "sample " + name + " outside its family, under " + family);
            }
        }
        assertTrue(declared.containsAll(java.util.List.of("jvm_memory_used_bytes", "healthmon_notifications_total",
                "healthmon_endpoint_up", "healthmon_probe_duration_seconds", "healthmon_alerts")), "families: " + declared);
    }

    @Test
    void metricsFollowPrometheusConventions() {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertContains(text, "# TYPE healthmon_probe_duration_seconds histogram");
        assertContains(text, "healthmon_probe_duration_seconds_bucket{endpoint=\"application\",le=\"2.0\"}");
        assertContains(text, "healthmon_probes_total{endpoint=\"database\",outcome=\"http_status\"}");
        assertContains(text, "healthmon_probes_total{endpoint=\"database\",outcome=\"timeout\"} "); // pre-created; a busy machine may time one out
        assertContains(text, "healthmon_endpoint_up{endpoint=\"database\"} 0.0");
        assertContains(text, "healthmon_endpoint_up{endpoint=\"application\"} 1.0");
        assertContains(text, "healthmon_latency_p95_seconds{endpoint=\"application\",window=\"5m\"}");
        assertContains(text, "healthmon_error_ratio{endpoint=\"database\",window=\"1m\"} 1.0");
        assertContains(text, "healthmon_availability_ratio{endpoint=\"services\",window=\"30d\"} 1.0");
        assertContains(text, "healthmon_endpoint_value{endpoint=\"database\",name=\"cpu\"} 97.0");
        assertContains(text, "healthmon_endpoint_value_max{endpoint=\"application\",name=\"memory\",window=\"1h\"} 71.5");
        assertContains(text, "healthmon_probe_start_delay_p99_seconds");
        assertContains(text, "healthmon_probes_skipped_total "); // its value depends on how busy the machine is
        assertContains(text, "healthmon_error_budget_remaining_ratio{endpoint=\"services\"} 1.0");
        assertContains(text, "healthmon_slo_objective_ratio{endpoint=\"auth\"} 0.999");
    }

    @Test
    void theDownDatabaseHasAFiringIncidentRoutedToTheLogChannel() {
        given().get("/api/v1/alerts").then()
                .statusCode(200)
                .body("open.findAll { it.rule == 'endpoint-down' }.endpoint", hasItems("database"))
                .body("open.find { it.rule == 'endpoint-down' && it.endpoint == 'database' }.state", equalTo("firing"))
                .body("open.find { it.rule == 'endpoint-down' && it.endpoint == 'database' }.severity", equalTo("P1"))
                .body("open.find { it.rule == 'endpoint-down' && it.endpoint == 'database' }.url", containsString("/api/health/database"))
                .body("open.find { it.rule == 'endpoint-down' && it.endpoint == 'database' }.channels", hasItems("log"))
                .body("open.find { it.rule == 'endpoint-down' && it.endpoint == 'database' }.notified", equalTo(true))
                .body("open.find { it.rule == 'endpoint-down' && it.endpoint == 'database' }.silenced", equalTo(false))
                .body("open.find { it.rule == 'endpoint-down' && it.endpoint == 'database' }.deliveries[0].channel", equalTo("log"))
                .body("open.find { it.rule == 'endpoint-down' && it.endpoint == 'database' }.deliveries[0].state", equalTo("delivered"))
                .body("open.find { it.rule == 'database-cpu' }.state", org.hamcrest.Matchers.nullValue());
        String metrics = given().get("/q/metrics").asString();
        assertContains(metrics, "healthmon_alerts{endpoint=\"database\",rule=\"endpoint-down\",severity=\"P1\",state=\"firing\"} 1.0");
        assertContains(metrics, "healthmon_alerts{endpoint=\"auth\",rule=\"endpoint-down\",severity=\"P1\",state=\"firing\"} 0.0");
        assertContains(metrics, "healthmon_notifications_pending{channel=\"log\"} 0.0");
        assertContains(metrics, "healthmon_notifications_total{channel=\"log\",outcome=\"dropped\"} 0.0");
        assertContains(metrics, "healthmon_notification_latency_seconds_count{channel=\"log\"}");
        assertTrue(metrics.matches("(?s).*healthmon_notifications_total\\{channel=\"log\",outcome=\"delivered\"} [1-9].*"), metrics);
    }

    @Test
    void silencesAreListedByAnyoneAndWrittenOnlyWithTheToken() {
        String body = "{\"endpoint\":\"auth\",\"rule\":\"endpoint-down\",\"duration\":\"2h\","
                + "\"comment\":\"auth migration\",\"createdBy\":\"alice\"}";
        given().contentType("application/json").body(body).post("/api/v1/silences").then().statusCode(401)
                .body("error", containsString("Authorization: Bearer"));
        given().contentType("application/json").header("Authorization", "Bearer wrong").body(body)
                .post("/api/v1/silences").then().statusCode(401);
        String id = given().contentType("application/json").header("Authorization", "Bearer " + PlatformStub.API_TOKEN)
                .body(body).post("/api/v1/silences").then().statusCode(201)
                .body("endpoint", equalTo("auth")).body("comment", equalTo("auth migration"))
                .extract().path("id");
        given().get("/api/v1/silences").then().statusCode(200).body("silences.id", hasItems(id));
        given().contentType("application/json").header("Authorization", "Bearer " + PlatformStub.API_TOKEN)
                .body("{\"duration\":\"1h\",\"comment\":\"everything\"}").post("/api/v1/silences").then().statusCode(400)
                .body("error", equalTo("matchers: a silence needs at least one of rule, endpoint, severity or labels"));
        given().header("Authorization", "Bearer " + PlatformStub.API_TOKEN).delete("/api/v1/silences/" + id).then().statusCode(204);
        given().header("Authorization", "Bearer " + PlatformStub.API_TOKEN).delete("/api/v1/silences/nope").then().statusCode(404)
                .body("error", equalTo("unknown silence 'nope'"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "a misspelt field   | {\"endpiont\":\"auth\",\"duration\":\"1h\",\"comment\":\"x\"}             | unknown field 'endpiont'",
        "labels not a map   | {\"labels\":5,\"duration\":\"1h\",\"comment\":\"x\"}                        | labels: not of the expected type",
        "a null label value | {\"labels\":{\"team\":null},\"duration\":\"1h\",\"comment\":\"x\"}         | labels: every label needs a name and a value",
        "no JSON at all     | endpoint=auth                                                                   | the body is not valid JSON",
        "a silence for ever | {\"endpoint\":\"auth\",\"duration\":\"9999999999999d\",\"comment\":\"x\"}    | duration: "})
    void aBadSilenceIsA400NamingTheFieldNeverA500(String what, String body, String error) {
        given().contentType("application/json").header("Authorization", "Bearer " + PlatformStub.API_TOKEN).body(body)
                .post("/api/v1/silences").then().statusCode(400).body("error", startsWith(error));
    }

    @Test
    void aBodyLargerThan64KiBIsRefusedWith413() {
        String huge = "{\"endpoint\":\"auth\",\"duration\":\"1h\",\"comment\":\"" + "x".repeat(100_000) + "\"}";
        given().contentType("application/json").header("Authorization", "Bearer " + PlatformStub.API_TOKEN).body(huge)
                .post("/api/v1/silences").then().statusCode(413);
    }

    @Test
    void healthSaysLiveAndReadyOnceEveryEndpointWasProbed() {
        given().get("/q/health/live").then().statusCode(200).body("checks.find { it.name == 'probing' }.status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'endpoints-probed' }.status", equalTo("UP"));
    }

    @Test
    void theAuthTokenNeverLeaksIntoAnyAnswer() {
        for (String path : new String[] {"/api/v1/status", "/api/v1/endpoints/auth", "/api/v1/alerts", "/api/v1/silences", "/q/metrics", "/q/health"}) {
            given().get(path).then().body(not(containsString(PlatformStub.AUTH_TOKEN)))
                    .body(not(containsString(PlatformStub.API_TOKEN)));
        }
    }

    private static void assertContains(String text, String expected) {
        String family = expected.replaceAll("[{ ].*", "");
        assertTrue(text.contains(expected), "metrics lack: " + expected + "; they have: "
                + text.lines().filter(l -> l.startsWith(family)).limit(5).toList());
        assertFalse(expected.isEmpty());
    }
}
