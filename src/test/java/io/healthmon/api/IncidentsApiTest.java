package io.healthmon.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.PlatformStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The incident API against the running daemon with the database down: its timeline, its
 * post-mortem draft, and acknowledging it (which the alerts API and the status page then show).
 */
@QuarkusTest
@QuarkusTestResource(value = PlatformStub.class, restrictToAnnotatedClass = true)
class IncidentsApiTest {

    private static final String AUTH = "Bearer " + PlatformStub.API_TOKEN;
    private String id;

    @BeforeEach
    void waitForTheDatabaseIncidentToBeNotified() throws InterruptedException {
        for (int n = 0; n < 100 && id == null; n++) {
            JsonPath alerts = given().get("/api/v1/alerts").then().extract().jsonPath();
            if (Boolean.TRUE.equals(alerts.get("open.find { it.rule == 'endpoint-down' && it.endpoint == 'database' }.notified"))
                    && !given().pathParam("id", (String) alerts.get("open.find { it.rule == 'endpoint-down' && it.endpoint == 'database' }.id"))
                    .get("/api/v1/incidents/{id}").jsonPath().getList("timeline.findAll { it.kind == 'notification_delivered' }").isEmpty()) {
                id = alerts.get("open.find { it.rule == 'endpoint-down' && it.endpoint == 'database' }.id");
            } else {
                Thread.sleep(100);
            }
        }
        assertTrue(id != null, "the database's endpoint-down incident was notified within 10 s");
    }

    @Test
    void anIncidentComesWithItsTimelineInTimeOrderFromTheFirstFailedProbe() {
        JsonPath incident = given().pathParam("id", id).get("/api/v1/incidents/{id}").then().statusCode(200)
                .body("rule", equalTo("endpoint-down"))
                .body("state", equalTo("firing"))
                .body("acknowledged", nullValue())
                .body("timeline.kind", hasItems("first_failure", "firing", "notification_queued", "notification_delivered"))
                .body("timeline[0].kind", equalTo("first_failure"))
                .body("timeline[0].details.http_status", equalTo("503"))
                .body("timeline.find { it.kind == 'notification_delivered' }.channel", equalTo("log"))
                .extract().jsonPath();
        List<String> at = incident.getList("timeline.at");
        for (int n = 1; n < at.size(); n++) {
            assertTrue(!Instant.parse(at.get(n)).isBefore(Instant.parse(at.get(n - 1))), "time order at " + n + ": " + at);
        }
    }

    @Test
    void acknowledgingTakesTheTokenAndAName() {
        given().pathParam("id", id).contentType("application/json").body("{\"by\":\"alice\"}")
                .post("/api/v1/incidents/{id}/ack").then().statusCode(401);
        given().pathParam("id", id).header("Authorization", AUTH).contentType("application/json").body("{\"comment\":\"x\"}")
                .post("/api/v1/incidents/{id}/ack").then().statusCode(400)
                .body("error", equalTo("by: who acknowledges is required (a name or handle)"));
        given().pathParam("id", id).header("Authorization", AUTH).contentType("application/json").body("{\"by\":\"a\",\"who\":1}")
                .post("/api/v1/incidents/{id}/ack").then().statusCode(400).body("error", equalTo("unknown field 'who'"));
        given().header("Authorization", AUTH).contentType("application/json").body("{\"by\":\"alice\"}")
                .post("/api/v1/incidents/nope:database:1/ack").then().statusCode(404)
                .body("error", containsString("unknown incident 'nope:database:1'"));
        given().get("/api/v1/incidents/nope:database:1").then().statusCode(404);
    }

    @Test
    void anAcknowledgementIsToldShownAndWithdrawn() {
        given().pathParam("id", id).header("Authorization", AUTH).contentType("application/json")
                .body("{\"by\":\"alice\",\"comment\":\"restarting the pooler\"}")
                .post("/api/v1/incidents/{id}/ack").then().statusCode(200)
                .body("acknowledged.by", equalTo("alice"))
                .body("acknowledged.comment", equalTo("restarting the pooler"))
                .body("timeline.find { it.kind == 'acknowledged' }.text", equalTo("acknowledged by alice: restarting the pooler"))
                .body("timeline.find { it.kind == 'notification_queued' && it.details.notification == 'acknowledge' }.channel",
                        equalTo("log"));
        given().get("/api/v1/alerts").then()
                .body("open.find { it.id == '" + id + "' }.acknowledged.by", equalTo("alice"));
        String page = given().get("/status").then().statusCode(200).extract().asString();
        assertTrue(page.contains("Investigating since "), "the open incident's row says it is acknowledged");
        assertTrue(!page.contains("alice") && !page.contains("pooler"), "who and what they said stay in the API");

        given().pathParam("id", id).header("Authorization", AUTH).contentType("application/json").body("{\"by\":\"bob\"}")
                .delete("/api/v1/incidents/{id}/ack").then().statusCode(200)
                .body("acknowledged", nullValue())
                .body("timeline.find { it.kind == 'unacknowledged' }.details.by", equalTo("bob"));
        assertTrue(given().get("/status").asString().contains("Not yet"));
    }

    @Test
    void thePostmortemIsAMarkdownDraftFollowingTheRunbook() {
        String md = given().pathParam("id", id).get("/api/v1/incidents/{id}/postmortem").then().statusCode(200)
                .contentType(containsString("text/markdown")).extract().asString();
        assertTrue(md.startsWith("# Post-mortem: endpoint-down on database (P1)\n"), md);
        for (String section : List.of("## Summary", "## Impact", "## Timeline (UTC)", "## Detection", "## Response",
                "## Root cause analysis", "## Action items", "## Process improvements")) {
            assertTrue(md.contains("\n" + section + "\n"), section + " in:\n" + md);
        }
        assertTrue(md.contains("| first_failure |"), md);
        assertTrue(md.contains("- **Downtime:** "), md);
        assertEquals(-1, md.indexOf(PlatformStub.AUTH_TOKEN), "no secret in the draft");
    }
}
