package io.healthmon.notify.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import io.healthmon.TestClock;
import io.healthmon.notify.HttpChannelContract;
import io.healthmon.notify.Sender;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertmanagerSenderTest extends HttpChannelContract {

    private final TestClock clock = new TestClock(FIRED.plusSeconds(60));

    @Override
    protected String path() {
        return "/am/api/v2/alerts";
    }

    @Override
    protected Sender sender(URI url) {
        // The channel is configured with the Alertmanager's base URL; it appends /api/v2/alerts.
        String base = url.toString().substring(0, url.toString().length() - "/api/v2/alerts".length());
        return new AlertmanagerSender(http, URI.create(base), clock, Map.of("Authorization", "Basic YW06czNjcmV0"));
    }

    @Override
    protected String secret() {
        return "YW06czNjcmV0";
    }

    @Test
    void postsAFiringAlertThatEndsFiveMinutesAheadUnlessRefreshed() throws Exception {
        wm.stubFor(post(urlPathEqualTo(path())).willReturn(aResponse().withStatus(200)));
        send(trigger(), url());
        wm.verify(postRequestedFor(urlPathEqualTo(path())).withRequestBody(equalToJson("""
                [{"labels": {"alertname": "error-rate", "endpoint": "database", "path": "/api/health/database",
                             "severity": "P1", "source": "healthmon"},
                  "annotations": {"description": "error-ratio over 5m 25.00 % > 1.000 %", "incident": "error-rate:database:tp7ebd",
                                  "group": "endpoint=database/tp7ebd", "respond": "respond within 1 h",
                                  "summary": "[FIRING P1] error-rate on database /api/health/database: error-ratio over 5m 25.00 % > 1.000 %",
                                  "url": "https://thebestnexusletters.com/api/health/database"},
                  "startsAt": "2027-01-01T00:00:00Z", "endsAt": "2027-01-01T00:06:00Z", "generatorURL": ""}]""")));
    }

    @Test
    void anAcknowledgedAlertCarriesWhoAndWhatTheySaidAndStaysFiring() throws Exception {
        wm.stubFor(post(urlPathEqualTo(path())).willReturn(aResponse().withStatus(200)));
        send(acknowledged(), url());
        wm.verify(postRequestedFor(urlPathEqualTo(path())).withRequestBody(equalToJson("""
                [{"annotations": {"acknowledged": "alice: restarting the pooler at 2027-01-01T00:01:00Z",
                                  "summary": "[ACKNOWLEDGED P1] error-rate on database /api/health/database: acknowledged by alice (\\"restarting the pooler\\"): reminders stop until it resolves; error-ratio over 5m 25.00 % > 1.000 %"},
                  "endsAt": "2027-01-01T00:06:00Z"}]""", true, true)));
    }

    @Test
    void anInstanceLabelIsAddedToEveryAlert() throws Exception {
        wm.stubFor(post(urlPathEqualTo(path())).willReturn(aResponse().withStatus(200)));
        String base = url().toString().substring(0, url().toString().length() - "/api/v2/alerts".length());
        new AlertmanagerSender(http, URI.create(base), clock, Map.of(), Map.of("replica", "a")).send(trigger())
                .toCompletionStage().toCompletableFuture().get();
        wm.verify(postRequestedFor(urlPathEqualTo(path())).withRequestBody(equalToJson("""
                [{"labels": {"alertname": "error-rate", "endpoint": "database", "path": "/api/health/database",
                             "severity": "P1", "source": "healthmon", "replica": "a"}}]""", true, true)));
    }

    @Test
    void postsTheResolvedAlertEndingWhenItResolved() throws Exception {
        wm.stubFor(post(urlPathEqualTo(path())).willReturn(aResponse().withStatus(200)));
        send(resolve(), url());
        wm.verify(postRequestedFor(urlPathEqualTo(path())).withRequestBody(equalToJson("""
                [{"startsAt": "2027-01-01T00:00:00Z", "endsAt": "2027-01-01T00:05:10Z"}]""", true, true)));
    }

    @Test
    void postsEveryAlertOfTheGroupInOneRequest() throws Exception {
        wm.stubFor(post(urlPathEqualTo(path())).willReturn(aResponse().withStatus(200)));
        send(groupResolve(), url());
        wm.verify(postRequestedFor(urlPathEqualTo(path())).withRequestBody(equalToJson("""
                [{"labels": {"alertname": "endpoint-down", "severity": "P0"}, "annotations": {"description": "answering again (last probe ok)"},
                  "startsAt": "2027-01-01T00:00:05Z", "endsAt": "2027-01-01T00:04:50Z"},
                 {"labels": {"alertname": "error-rate", "severity": "P1"},
                  "annotations": {"description": "error-ratio over 1m back to 0.000 % (threshold 1.000 %)"},
                  "startsAt": "2027-01-01T00:00:00Z", "endsAt": "2027-01-01T00:05:10Z"}]""", false, true)));
    }
}
