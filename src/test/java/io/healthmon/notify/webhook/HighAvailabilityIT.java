package io.healthmon.notify.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.healthmon.FakePlatform;
import io.healthmon.JarProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The high-availability deployment the README describes, for real: two healthmon replicas (each its
 * own data directory, each with only Alertmanager channels, one per peer) feeding a two-peer
 * Alertmanager cluster (Debian's, gossiping on loopback) whose receiver is a webhook. One database
 * outage is exactly one FIRING and one RESOLVED at the receiver, although a replica is killed
 * mid-incident and an Alertmanager peer too.
 */
class HighAvailabilityIT {

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> alertmanagers = new ArrayList<>();
    private FakePlatform platform;
    private Path dir;

    @BeforeEach
    void start() throws IOException {
        if (!Files.isExecutable(AlertmanagerIT.BINARY)) {
            assertFalse(System.getenv().containsKey("CI"), "CI installs prometheus-alertmanager (.ci/run)");
            Assumptions.abort("prometheus-alertmanager is not installed");
        }
        platform = FakePlatform.start();
        platform.receive("/receiver", 200, "");
        dir = Files.createTempDirectory("alertmanager-ha");
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : alertmanagers) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        if (dir != null) {
            JarProcess.deleteTree(dir);
        }
        if (platform != null) {
            platform.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Notifications the receiver got, as "status alertname endpoint xN", N the alerts in it: one,
     * since both replicas send the same labels (a label that differed would make two alerts).
     */
    private List<String> received() throws Exception {
        List<String> out = new ArrayList<>();
        for (LoggedRequest r : platform.posts("/receiver")) {
            JsonNode n = json.readTree(r.getBodyAsString());
            out.add(n.get("status").asText() + " " + n.at("/groupLabels/alertname").asText() + " " + n.at("/groupLabels/endpoint").asText()
                    + " x" + n.get("alerts").size());
        }
        return out;
    }

    private void await(String what, long millis, Callable<Boolean> condition) throws Exception {
        long deadline = System.currentTimeMillis() + millis;
        while (!condition.call()) {
            assertTrue(System.currentTimeMillis() < deadline, "timed out waiting for " + what + "; the receiver got " + received());
            Thread.sleep(200); // other processes: polled
        }
    }

    private Process alertmanager(int n, int web, int cluster, int peer) throws Exception {
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: hook
                  group_by: [alertname, endpoint]
                  group_wait: 2s
                  group_interval: 5s
                  repeat_interval: 1h
                receivers:
                  - name: hook
                    webhook_configs: [{url: "http://127.0.0.1:%d/receiver", send_resolved: true}]
                """.formatted(platform.port()));
        Process p = new ProcessBuilder(AlertmanagerIT.BINARY.toString(), "--config.file=" + config,
                "--storage.path=" + dir.resolve("data-" + n), "--web.listen-address=127.0.0.1:" + web,
                "--cluster.listen-address=127.0.0.1:" + cluster, "--cluster.peer=127.0.0.1:" + peer,
                // how long the second peer waits for the first's notification before sending it itself
                "--cluster.peer-timeout=3s")
                .redirectErrorStream(true).redirectOutput(dir.resolve("alertmanager-" + n + ".log").toFile()).start();
        alertmanagers.add(p);
        return p;
    }

    private JarProcess replica(String name, int am1, int am2) throws IOException {
        return JarProcess.start(
                "healthmon.base-url=" + platform.url(),
                "healthmon.probe.interval=1s",
                "healthmon.data-dir=" + dir.resolve("healthmon-" + name),
                // endpoint-down alone, resolving at the first good probe
                "healthmon.rules.error-rate.enabled=false", "healthmon.rules.availability.enabled=false",
                "healthmon.rules.slo-burn-fast.enabled=false", "healthmon.rules.slo-burn-slow.enabled=false",
                "healthmon.rules.slo-budget-ticket.enabled=false", "healthmon.rules.endpoint-down.keep-firing-for=0s",
                "healthmon.channels.am-1.type=alertmanager", "healthmon.channels.am-1.url=http://127.0.0.1:" + am1,
                "healthmon.channels.am-2.type=alertmanager", "healthmon.channels.am-2.url=http://127.0.0.1:" + am2,
                "healthmon.routing.p0=am-1,am-2", "healthmon.routing.p1=am-1,am-2",
                "healthmon.routing.p2=am-1,am-2", "healthmon.routing.p3=am-1,am-2",
                "healthmon.rules.complete-outage.channels=am-1,am-2",
                "healthmon.escalation.steps.team-lead.enabled=false", "healthmon.escalation.steps.platform-lead.enabled=false",
                "healthmon.escalation.steps.cto.enabled=false");
    }

    @Test
    void twoReplicasAndTwoAlertmanagersTellOneOutageOnceThroughAReplicaAndAPeerDying() throws Exception {
        int web1 = freePort();
        int web2 = freePort();
        int gossip1 = freePort();
        int gossip2 = freePort();
        alertmanager(1, web1, gossip1, gossip2);
        Process second = alertmanager(2, web2, gossip2, gossip1);
        await("a two-peer cluster", 30_000, () -> {
            try {
                JsonNode status = json.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web1
                        + "/api/v2/status")).build(), HttpResponse.BodyHandlers.ofString()).body());
                return status.at("/cluster/status").asText().equals("ready") && status.at("/cluster/peers").size() == 2;
            } catch (IOException notYet) {
                return false;
            }
        });
        JarProcess a = replica("a", web1, web2);
        JarProcess b = replica("b", web1, web2);
        try {
            a.awaitPort(30_000);
            b.awaitPort(30_000);
            Thread.sleep(2_000);
            platform.database(500, "DOWN");
            await("the page", 30_000, () -> !received().isEmpty());
            Thread.sleep(8_000); // past the second peer's 3 s wait and a group interval: no second page may come
            assertEquals(List.of("firing endpoint-down database x1"), received(), "two replicas, two peers, one page");

            a.kill(); // a replica dies mid-incident: the other carries on
            second.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // and one Alertmanager peer
            platform.database(200, "UP");
            await("the resolve", 60_000, () -> received().contains("resolved endpoint-down database x1"));
            Thread.sleep(8_000); // nothing more may follow
            assertEquals(List.of("firing endpoint-down database x1", "resolved endpoint-down database x1"), received());
            System.out.printf("high availability: two healthmon replicas, two Alertmanager peers; a replica and a peer killed"
                    + " mid-incident; the receiver got %s%n", received());
        } finally {
            a.close();
            b.close();
        }
    }
}
