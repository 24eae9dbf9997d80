package io.healthmon.notify.pagerduty;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.healthmon.notify.HttpChannelContract;
import io.healthmon.notify.SendResult;
import io.healthmon.notify.Sender;
import io.healthmon.rule.Severity;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PagerDutySenderTest extends HttpChannelContract {

    private static final String KEY = "R0UTINGKEYsecret0123456789abcdef";

    @Override
    protected String path() {
        return "/v2/enqueue";
    }

    @Override
    protected Sender sender(URI url) {
        return new PagerDutySender(http, url, KEY);
    }

    @Override
    protected String secret() {
        return KEY;
    }

    @Test
    void triggersWithTheGroupAsDedupKeyAndWindowFiguresInDetails() throws Exception {
        wm.stubFor(post(urlPathEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(202)
                .withBody("{\"status\":\"success\",\"dedup_key\":\"endpoint=database/tp7ebd\"}")));
        assertEquals(new SendResult.Delivered("HTTP 202"), send(trigger(), url()));
        wm.verify(postRequestedFor(urlPathEqualTo("/v2/enqueue")).withRequestBody(equalToJson("""
                {"routing_key": "R0UTINGKEYsecret0123456789abcdef",
                 "dedup_key": "endpoint=database/tp7ebd",
                 "event_action": "trigger",
                 "payload": {
                   "summary": "[FIRING P1] error-rate on database /api/health/database: error-ratio over 5m 25.00 % > 1.000 %",
                   "source": "thebestnexusletters.com",
                   "severity": "error",
                   "timestamp": "2027-01-01T00:00:00Z",
                   "component": "database",
                   "group": "/api/health/database",
                   "class": "error-rate",
                   "custom_details": {
                     "group": "endpoint=database", "respond": "respond within 1 h",
                     "firing": [{"rule": "error-rate", "endpoint": "database", "severity": "P1",
                       "url": "https://thebestnexusletters.com/api/health/database",
                       "condition": "error-ratio over 5m 25.00 % > 1.000 %", "value": 0.25, "threshold": 0.01,
                       "since": "2027-01-01T00:00:00Z", "incident": "error-rate:database:tp7ebd"}],
                     "windows": {"availability_1h": 0.9, "error_ratio_5m": 0.25, "p95_seconds_5m": 0.12}}},
                 "client": "healthmon"}""")));
    }

    @Test
    void aRisenSeverityReTriggersTheSameIncidentWithEveryRuleInItsDetails() throws Exception {
        wm.stubFor(post(urlPathEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(202)));
        send(groupTrigger(), url());
        wm.verify(postRequestedFor(urlPathEqualTo("/v2/enqueue")).withRequestBody(equalToJson("""
                {"routing_key": "R0UTINGKEYsecret0123456789abcdef",
                 "dedup_key": "endpoint=database/tp7ebd",
                 "event_action": "trigger",
                 "payload": {
                   "summary": "[FIRING P0] endpoint-down, error-rate on database /api/health/database: endpoint-down: 3 consecutive failed probes (http_status), threshold 2; error-rate: error-ratio over 5m 25.00 % > 1.000 %",
                   "source": "thebestnexusletters.com",
                   "severity": "critical",
                   "timestamp": "2027-01-01T00:00:00Z",
                   "component": "database",
                   "group": "/api/health/database",
                   "class": "endpoint-down,error-rate",
                   "custom_details": {
                     "group": "endpoint=database", "respond": "respond immediately",
                     "firing": [
                       {"rule": "endpoint-down", "endpoint": "database", "severity": "P0",
                        "url": "https://thebestnexusletters.com/api/health/database",
                        "condition": "3 consecutive failed probes (http_status), threshold 2", "value": 3.0, "threshold": 2.0,
                        "since": "2027-01-01T00:00:05Z", "incident": "endpoint-down:database:tp7ebi"},
                       {"rule": "error-rate", "endpoint": "database", "severity": "P1",
                        "url": "https://thebestnexusletters.com/api/health/database",
                        "condition": "error-ratio over 5m 25.00 % > 1.000 %", "value": 0.25, "threshold": 0.01,
                        "since": "2027-01-01T00:00:00Z", "incident": "error-rate:database:tp7ebd"}],
                     "windows": {}}},
                 "client": "healthmon"}""")));
    }

    @Test
    void resolvesWithTheSameDedupKey() throws Exception {
        wm.stubFor(post(urlPathEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(202)));
        send(groupResolve(), url());
        wm.verify(postRequestedFor(urlPathEqualTo("/v2/enqueue")).withRequestBody(equalToJson("""
                {"routing_key": "R0UTINGKEYsecret0123456789abcdef", "dedup_key": "endpoint=database/tp7ebd",
                 "event_action": "resolve"}""")));
    }

    @Test
    void anAcknowledgementAcknowledgesTheGroupsAlertWithTheSameDedupKey() throws Exception {
        wm.stubFor(post(urlPathEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(202)));
        assertEquals(new SendResult.Delivered("HTTP 202"), send(acknowledged(), url()));
        wm.verify(postRequestedFor(urlPathEqualTo("/v2/enqueue")).withRequestBody(equalToJson("""
                {"routing_key": "R0UTINGKEYsecret0123456789abcdef", "dedup_key": "endpoint=database/tp7ebd",
                 "event_action": "acknowledge"}""")));
    }

    @Test
    void aStableKeyIsTheGroupsLabelsTheSameFromEveryReplicaAndEveryOutage() throws Exception {
        wm.stubFor(post(urlPathEqualTo("/v2/enqueue")).willReturn(aResponse().withStatus(202)));
        new PagerDutySender(http, url(), KEY, true).send(groupResolve()).toCompletionStage().toCompletableFuture().get();
        wm.verify(postRequestedFor(urlPathEqualTo("/v2/enqueue")).withRequestBody(equalToJson("""
                {"routing_key": "R0UTINGKEYsecret0123456789abcdef", "dedup_key": "healthmon/endpoint=database",
                 "event_action": "resolve"}""")));
        assertEquals(true, PagerDutySender.event(trigger(), KEY, true).contains("\"dedup_key\":\"healthmon/endpoint=database\""));
    }

    @Test
    void aWithdrawnAcknowledgementIsATriggerThatSaysSo() {
        String json = PagerDutySender.event(unacknowledged(), KEY);
        assertEquals(true, json.contains("\"event_action\":\"trigger\""), json);
        assertEquals(true, json.contains("\"summary\":\"[UNACKNOWLEDGED P1] error-rate on database /api/health/database:"
                + " acknowledgement withdrawn: reminders and escalation resume; error-ratio over 5m 25.00 % > 1.000 %\""), json);
        assertEquals(true, json.contains("\"dedup_key\":\"endpoint=database/tp7ebd\""), json);
    }

    @Test
    void mapsSeveritiesToPagerDutys() {
        for (var e : Map.of(Severity.P0, "critical", Severity.P1, "error", Severity.P2, "warning", Severity.P3, "info").entrySet()) {
            Incident i = incident(Incident.State.FIRING);
            Incident s = new Incident(i.id(), i.rule(), i.endpoint(), i.url(), e.getKey(), i.state(), i.firedAt(), null,
                    i.value(), i.threshold(), i.text(), List.of(), Map.of(), false);
            assertEquals(e.getValue(), PagerDutySender.severity(s));
        }
    }

    @Test
    void summaryIsCutAt1024Characters() {
        Incident i = incident(Incident.State.FIRING);
        Incident longText = new Incident(i.id(), i.rule(), i.endpoint(), i.url(), i.severity(), i.state(), i.firedAt(), null,
                i.value(), i.threshold(), "x".repeat(3000), List.of(), Map.of(), false);
        String json = PagerDutySender.event(Notification.of(Notification.Kind.TRIGGER, longText, "pd", FIRED), KEY);
        String summary = json.replaceAll(".*\"summary\":\"([^\"]*)\".*", "$1");
        assertEquals(1024, summary.length());
    }
}
