package io.healthmon.notify.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import io.healthmon.notify.HttpChannelContract;
import io.healthmon.notify.Sender;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WebhookSenderTest extends HttpChannelContract {

    @Override
    protected String path() {
        return "/hooks/healthmon";
    }

    @Override
    protected Sender sender(URI url) {
        return new WebhookSender(http, url, "team-webhook", Map.of("Authorization", "Bearer hook-s3cret"));
    }

    @Override
    protected String secret() {
        return "hook-s3cret";
    }

    private static final String ALERT_TRIGGER = """
            {"status": "firing",
             "labels": {"alertname": "error-rate", "endpoint": "database", "path": "/api/health/database",
                        "severity": "P1", "source": "healthmon"},
             "annotations": {"description": "error-ratio over 5m 25.00 % > 1.000 %", "incident": "error-rate:database:tp7ebd",
                             "group": "endpoint=database/tp7ebd", "respond": "respond within 1 h",
                             "summary": "[FIRING P1] error-rate on database /api/health/database: error-ratio over 5m 25.00 % > 1.000 %",
                             "url": "https://thebestnexusletters.com/api/health/database"},
             "startsAt": "2027-01-01T00:00:00Z", "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "",
             "fingerprint": "${json-unit.any-string}"}""";

    @Test
    void postsAlertmanagerWebhookVersion4OnTrigger() throws Exception {
        wm.stubFor(post(urlPathEqualTo(path())).willReturn(aResponse().withStatus(200)));
        send(trigger(), url());
        wm.verify(postRequestedFor(urlPathEqualTo(path()))
                .withHeader("Authorization", equalTo("Bearer hook-s3cret"))
                .withRequestBody(equalToJson("""
                {"version": "4", "groupKey": "{}:{endpoint=\\"database\\"}", "truncatedAlerts": 0,
                 "status": "firing", "receiver": "team-webhook",
                 "groupLabels": {"endpoint": "database"},
                 "commonLabels": {"alertname": "error-rate", "endpoint": "database", "path": "/api/health/database",
                                  "severity": "P1", "source": "healthmon"},
                 "commonAnnotations": "${json-unit.ignore}",
                 "externalURL": "",
                 "alerts": [%s]}""".formatted(ALERT_TRIGGER))));
    }

    @Test
    void postsTheResolvedStatusWithItsEndTime() throws Exception {
        wm.stubFor(post(urlPathEqualTo(path())).willReturn(aResponse().withStatus(200)));
        send(resolve(), url());
        wm.verify(postRequestedFor(urlPathEqualTo(path())).withRequestBody(equalToJson("""
                {"status": "resolved",
                 "alerts": [{"status": "resolved", "startsAt": "2027-01-01T00:00:00Z", "endsAt": "2027-01-01T00:05:10Z"}]}""",
                true, true)));
    }

    @Test
    void oneMessagePerGroupWithItsCommonLabelsAndOneAlertPerIncident() throws Exception {
        wm.stubFor(post(urlPathEqualTo(path())).willReturn(aResponse().withStatus(200)));
        send(groupTrigger(), url());
        wm.verify(postRequestedFor(urlPathEqualTo(path())).withRequestBody(equalToJson("""
                {"groupKey": "{}:{endpoint=\\"database\\"}", "status": "firing", "groupLabels": {"endpoint": "database"},
                 "commonLabels": {"endpoint": "database", "path": "/api/health/database", "source": "healthmon"},
                 "commonAnnotations": {"group": "endpoint=database/tp7ebd", "url": "https://thebestnexusletters.com/api/health/database"},
                 "alerts": [{"status": "firing", "labels": {"alertname": "endpoint-down"}},
                            {"status": "firing", "labels": {"alertname": "error-rate"}}]}""", false, true)));
    }
}
