package io.healthmon.notify.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.healthmon.notify.HttpChannelContract;
import io.healthmon.notify.SendResult;
import io.healthmon.notify.Sender;
import java.net.URI;
import org.junit.jupiter.api.Test;

class SlackSenderTest extends HttpChannelContract {

    private static final String HOOK = "/services/T000/B000/XXXXsecretXXXX";

    @Override
    protected String path() {
        return HOOK;
    }

    @Override
    protected Sender sender(URI url) {
        return new SlackSender(http, url);
    }

    @Override
    protected String secret() {
        return "XXXXsecretXXXX";
    }

    @Test
    void postsTheExactBlockKitTrigger() throws Exception {
        wm.stubFor(post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(200).withBody("ok")));
        assertInstanceOf(SendResult.Delivered.class, send(trigger(), url()));
        wm.verify(postRequestedFor(urlPathEqualTo(HOOK))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("""
                        {"text": "[FIRING P1] error-rate on database /api/health/database: error-ratio over 5m 25.00 % > 1.000 %",
                         "blocks": [
                          {"type": "header", "text": {"type": "plain_text", "text": ":red_circle: FIRING · P1 · error-rate"}},
                          {"type": "section", "fields": [
                            {"type": "mrkdwn", "text": "*Endpoint*\\ndatabase `/api/health/database`\\nhttps://thebestnexusletters.com/api/health/database"},
                            {"type": "mrkdwn", "text": "*Severity*\\nP1 (respond within 1 h)"},
                            {"type": "mrkdwn", "text": "*Value vs threshold*\\nerror-ratio over 5m 25.00 % > 1.000 %"},
                            {"type": "mrkdwn", "text": "*Since*\\n<!date^1798761600^{date_short_pretty} {time_secs}|2027-01-01T00:00:00Z>"}]},
                          {"type": "context", "elements": [{"type": "mrkdwn", "text": "incident `error-rate:database:tp7ebd` · healthmon"}]}
                         ]}""")));
    }

    @Test
    void postsTheExactAcknowledgementNamingWhoAndWhatTheySaid() throws Exception {
        wm.stubFor(post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(200).withBody("ok")));
        assertInstanceOf(SendResult.Delivered.class, send(acknowledged(), url()));
        wm.verify(postRequestedFor(urlPathEqualTo(HOOK)).withRequestBody(equalToJson("""
                {"text": "[ACKNOWLEDGED P1] error-rate on database /api/health/database: acknowledged by alice (\\"restarting the pooler\\"): reminders stop until it resolves; error-ratio over 5m 25.00 % > 1.000 %",
                 "blocks": [
                  {"type": "header", "text": {"type": "plain_text", "text": ":eyes: ACKNOWLEDGED · P1 · error-rate"}},
                  {"type": "section", "fields": [
                    {"type": "mrkdwn", "text": "*Endpoint*\\ndatabase `/api/health/database`\\nhttps://thebestnexusletters.com/api/health/database"},
                    {"type": "mrkdwn", "text": "*Severity*\\nP1 (respond within 1 h)"},
                    {"type": "mrkdwn", "text": "*Value vs threshold*\\nacknowledged by alice (\\"restarting the pooler\\"): reminders stop until it resolves; error-ratio over 5m 25.00 % > 1.000 %"},
                    {"type": "mrkdwn", "text": "*Since*\\n<!date^1798761600^{date_short_pretty} {time_secs}|2027-01-01T00:00:00Z>"}]},
                  {"type": "context", "elements": [{"type": "mrkdwn", "text": "incident `error-rate:database:tp7ebd` · healthmon"}]}
                 ]}""")));
    }

    @Test
    void postsTheExactResolveWithHowItRecoveredAndWhatItFiredWith() throws Exception {
        wm.stubFor(post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(200).withBody("ok")));
        send(resolve(), url());
        wm.verify(postRequestedFor(urlPathEqualTo(HOOK)).withRequestBody(equalToJson("""
                {"text": "[RESOLVED P1] error-rate on database /api/health/database: resolved after 5m 10s, error-ratio over 1m back to 0.000 % (threshold 1.000 %); fired with error-ratio over 5m 25.00 % > 1.000 %",
                 "blocks": [
                  {"type": "header", "text": {"type": "plain_text", "text": ":white_check_mark: RESOLVED · P1 · error-rate"}},
                  {"type": "section", "fields": [
                    {"type": "mrkdwn", "text": "*Endpoint*\\ndatabase `/api/health/database`\\nhttps://thebestnexusletters.com/api/health/database"},
                    {"type": "mrkdwn", "text": "*Severity*\\nP1 (respond within 1 h)"},
                    {"type": "mrkdwn", "text": "*Resolved*\\nresolved after 5m 10s, error-ratio over 1m back to 0.000 % (threshold 1.000 %); fired with error-ratio over 5m 25.00 % > 1.000 %"},
                    {"type": "mrkdwn", "text": "*Firing for*\\n5m 10s"}]},
                  {"type": "context", "elements": [{"type": "mrkdwn", "text": "incident `error-rate:database:tp7ebd` · healthmon"}]}
                 ]}""")));
    }

    @Test
    void oneMessageForTheGroupWithOneLinePerIncidentMostSevereFirst() throws Exception {
        wm.stubFor(post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(200).withBody("ok")));
        send(groupTrigger(), url());
        wm.verify(postRequestedFor(urlPathEqualTo(HOOK)).withRequestBody(equalToJson("""
                {"text": "[FIRING P0] endpoint-down, error-rate on database /api/health/database: endpoint-down: 3 consecutive failed probes (http_status), threshold 2; error-rate: error-ratio over 5m 25.00 % > 1.000 %",
                 "blocks": [
                  {"type": "header", "text": {"type": "plain_text", "text": ":red_circle: FIRING · P0 · endpoint-down, error-rate"}},
                  {"type": "section", "fields": [
                    {"type": "mrkdwn", "text": "*Endpoint*\\ndatabase `/api/health/database`\\nhttps://thebestnexusletters.com/api/health/database"},
                    {"type": "mrkdwn", "text": "*Severity*\\nP0 (respond immediately)"},
                    {"type": "mrkdwn", "text": "*Value vs threshold*\\n• endpoint-down (P0): 3 consecutive failed probes (http_status), threshold 2\\n• error-rate (P1): error-ratio over 5m 25.00 % > 1.000 %"},
                    {"type": "mrkdwn", "text": "*Since*\\n<!date^1798761600^{date_short_pretty} {time_secs}|2027-01-01T00:00:00Z>"}]},
                  {"type": "context", "elements": [{"type": "mrkdwn", "text": "incidents `endpoint-down:database:tp7ebi`, `error-rate:database:tp7ebd` · healthmon"}]}
                 ]}""")));
    }

    @Test
    void theGroupsResolveListsWhatFiredAndForHowLong() throws Exception {
        wm.stubFor(post(urlPathEqualTo(HOOK)).willReturn(aResponse().withStatus(200).withBody("ok")));
        send(groupResolve(), url());
        wm.verify(postRequestedFor(urlPathEqualTo(HOOK)).withRequestBody(equalToJson("""
                {"blocks": [
                  {"type": "header", "text": {"type": "plain_text", "text": ":white_check_mark: RESOLVED · P0 · endpoint-down, error-rate"}},
                  {"type": "section", "fields": [
                    {"type": "mrkdwn", "text": "*Endpoint*\\ndatabase `/api/health/database`\\nhttps://thebestnexusletters.com/api/health/database"},
                    {"type": "mrkdwn", "text": "*Severity*\\nP0 (respond immediately)"},
                    {"type": "mrkdwn", "text": "*Resolved*\\n• endpoint-down (P0): resolved after 4m 45s, answering again (last probe ok); fired with 3 consecutive failed probes (http_status), threshold 2\\n• error-rate (P1): resolved after 5m 10s, error-ratio over 1m back to 0.000 % (threshold 1.000 %); fired with error-ratio over 5m 25.00 % > 1.000 %"},
                    {"type": "mrkdwn", "text": "*Firing for*\\n5m 10s"}]},
                  {"type": "context", "elements": [{"type": "mrkdwn", "text": "incidents `endpoint-down:database:tp7ebi`, `error-rate:database:tp7ebd` · healthmon"}]}
                 ]}""", true, true)));
    }
}
