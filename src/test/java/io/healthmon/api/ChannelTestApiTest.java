package io.healthmon.api;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The "Test" button: POST /api/v1/channels/{name}/test through each channel type's real sender. */
@QuarkusTest
@QuarkusTestResource(value = ChannelReceivers.class, restrictToAnnotatedClass = true)
class ChannelTestApiTest {

    private static final String AUTH = "Bearer " + ChannelReceivers.TOKEN;

    @ParameterizedTest(name = "{0} at {1}")
    @CsvSource({"slack-alerts, /slack/T0/B0/s3cretpath", "ops, /hook", "am, /api/v2/alerts"})
    void anHttpChannelDeliversAClearlyMarkedTest(String channel, String path) {
        given().header("Authorization", AUTH).queryParam("by", "alice").post("/api/v1/channels/" + channel + "/test").then()
                .statusCode(200).body("channel", equalTo(channel)).body("outcome", equalTo("delivered"));
        List<LoggedRequest> got = ChannelReceivers.wm.findAll(postRequestedFor(urlPathEqualTo(path)));
        String body = got.get(got.size() - 1).getBodyAsString();
        assertTrue(body.contains("TEST") && body.contains("test notification requested by alice"), body);
    }

    @Test
    void pagerDutyGetsATestTriggerAndItsResolveSoNoIncidentStaysOpen() {
        given().header("Authorization", AUTH).post("/api/v1/channels/pagerduty/test").then()
                .statusCode(200).body("outcome", equalTo("delivered")).body("reason", equalTo("HTTP 202"));
        List<LoggedRequest> got = ChannelReceivers.wm.findAll(postRequestedFor(urlPathEqualTo("/v2/enqueue")));
        assertEquals(2, got.size());
        assertTrue(got.get(0).getBodyAsString().contains("\"event_action\":\"trigger\""), got.get(0).getBodyAsString());
        assertTrue(got.get(0).getBodyAsString().contains("[TEST P3]"), got.get(0).getBodyAsString());
        assertTrue(got.get(1).getBodyAsString().contains("\"event_action\":\"resolve\""), got.get(1).getBodyAsString());
    }

    @Test
    void emailArrivesAtTheSmtpServer() throws Exception {
        given().header("Authorization", AUTH).post("/api/v1/channels/email/test").then()
                .statusCode(200).body("outcome", equalTo("delivered"));
        assertTrue(ChannelReceivers.smtp.waitForIncomingEmail(10_000, 1));
        MimeMessage m = ChannelReceivers.smtp.getReceivedMessages()[0];
        assertEquals("[TEST P3] test-notification on healthmon /test", m.getSubject());
    }

    @Test
    void aRefusingChannelAnswers502WithItsReasonAndNoSecret() {
        String body = given().header("Authorization", AUTH).post("/api/v1/channels/refuses/test").then()
                .statusCode(502).body("outcome", equalTo("permanent")).body("reason", equalTo("HTTP 400"))
                .extract().asString();
        assertTrue(!body.contains("s3cretpath") && !body.contains(ChannelReceivers.KEY), body);
    }

    @Test
    void unknownUnconfiguredAndUnauthorisedRequestsAreRefused() {
        given().header("Authorization", AUTH).post("/api/v1/channels/slack-ops/test").then()
                .statusCode(404).body("error", equalTo("unknown channel 'slack-ops'"))
                .body("known", hasItems("log", "slack-alerts", "pagerduty", "ops", "am", "email"));
        given().header("Authorization", AUTH).post("/api/v1/channels/slack-critical/test").then().statusCode(409);
        given().post("/api/v1/channels/ops/test").then().statusCode(401);
        given().header("Authorization", "Bearer wrong").post("/api/v1/channels/ops/test").then().statusCode(401);
    }
}
