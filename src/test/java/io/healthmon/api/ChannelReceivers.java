package io.healthmon.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.healthmon.JarProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A healthy platform and a receiver for every channel type on loopback: Slack, PagerDuty, a
 * webhook, an Alertmanager (WireMock), a webhook that refuses everything, and a real SMTP server.
 */
public class ChannelReceivers implements QuarkusTestResourceLifecycleManager {

    static final String TOKEN = "channels-token-51af";
    static final String KEY = "0123456789abcdef0123456789abcdef";
    static WireMockServer wm;
    static GreenMail smtp;
    private Path data;

    @Override
    public Map<String, String> start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().jettyAcceptors(1).containerThreads(8));
        wm.start();
        for (String p : new String[] {"/api/health", "/api/health/database", "/api/health/auth", "/api/health/services"}) {
            wm.stubFor(get(p).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("{\"status\":\"UP\",\"cpu\":10,\"memory\":20}")));
        }
        wm.stubFor(post("/slack/T0/B0/s3cretpath").willReturn(aResponse().withStatus(200).withBody("ok")));
        wm.stubFor(post("/v2/enqueue").willReturn(aResponse().withStatus(202).withBody("{\"status\":\"success\"}")));
        wm.stubFor(post("/hook").willReturn(aResponse().withStatus(200)));
        wm.stubFor(post("/api/v2/alerts").willReturn(aResponse().withStatus(200)));
        wm.stubFor(post("/refuses").willReturn(aResponse().withStatus(400)));
        int smtpPort;
        try (ServerSocket s = new ServerSocket(0)) {
            smtpPort = s.getLocalPort();
            data = Files.createTempDirectory("healthmon-channels");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        String base = "http://127.0.0.1:" + wm.port();
        Map<String, String> c = new HashMap<>();
        c.put("healthmon.base-url", base);
        c.put("healthmon.data-dir", data.toString());
        c.put("healthmon.api.token", TOKEN);
        c.put("healthmon.channels.slack-alerts.url", base + "/slack/T0/B0/s3cretpath");
        c.put("healthmon.channels.pagerduty.routing-key", KEY);
        c.put("healthmon.channels.pagerduty.url", base + "/v2/enqueue");
        c.put("healthmon.channels.ops.type", "webhook");
        c.put("healthmon.channels.ops.url", base + "/hook");
        c.put("healthmon.channels.am.type", "alertmanager");
        c.put("healthmon.channels.am.url", base);
        c.put("healthmon.channels.refuses.type", "webhook");
        c.put("healthmon.channels.refuses.url", base + "/refuses");
        c.put("healthmon.channels.email.to", "oncall@example.com");
        c.put("quarkus.mailer.mock", "false");
        c.put("quarkus.mailer.host", "127.0.0.1");
        c.put("quarkus.mailer.port", Integer.toString(smtpPort));
        c.put("quarkus.mailer.tls", "false");
        c.put("quarkus.mailer.start-tls", "DISABLED");
        c.put("quarkus.mailer.from", "healthmon@example.com");
        return c;
    }

    @Override
    public void stop() {
        if (smtp != null) {
            smtp.stop();
        }
        if (wm != null) {
            wm.stop();
        }
        if (data != null) {
            JarProcess.deleteTree(data);
        }
    }
}
