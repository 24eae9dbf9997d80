package io.healthmon.probe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.healthmon.TestClock;
import io.healthmon.TestSpecs;
import io.healthmon.config.BodyCondition;
import io.healthmon.config.EndpointSpec;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.dns.AddressResolverOptions;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Every outcome class against a real HTTP server on loopback. */
class HttpProberTest {

    static WireMockServer wm;
    static Vertx vertx;
    static HttpProber prober;
    static DatagramSocket silentDns;
    static final TestClock CLOCK = new TestClock(Instant.parse("2027-03-01T12:00:00Z"));

    @BeforeAll
    static void start() throws Exception {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().dynamicHttpsPort().jettyAcceptors(1)
                .containerThreads(12));
        wm.start();
        // A DNS "server" on loopback that never answers: lookups fail without leaving the machine.
        silentDns = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress());
        vertx = Vertx.vertx(new VertxOptions().setAddressResolverOptions(new AddressResolverOptions()
                .setServers(List.of("127.0.0.1:" + silentDns.getLocalPort()))
                .setQueryTimeout(300).setMaxQueries(1).setHostsPath(null)));
        prober = new HttpProber(vertx, CLOCK, System::nanoTime, "test", true, 4);
    }

    @AfterAll
    static void stop() {
        prober.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        wm.stop();
        silentDns.close();
    }

    static ProbeResult probe(EndpointSpec spec) throws Exception {
        return prober.probe(spec).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static EndpointSpec at(String path) {
        return TestSpecs.endpoint("e", "http://127.0.0.1:" + wm.port() + path);
    }

    static void stub(String path, int status, String contentType, String body) {
        wm.stubFor(get(path).willReturn(aResponse().withStatus(status).withHeader("Content-Type", contentType).withBody(body)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "'',                      /",
        "/,                       /",
        "/h/1?check=db&deep=true, /h/1?check=db&deep=true",
        "/p%2Fq/x%20y?a=%26b,     /p%2Fq/x%20y?a=%26b",
        "/frag#part,              /frag"})
    void theRequestTargetIsThePathAndQueryAsConfigured(String suffix, String target) throws Exception {
        wm.stubFor(get(urlEqualTo(target)).willReturn(aResponse().withStatus(204)));
        ProbeResult r = probe(TestSpecs.endpoint("e", "http://127.0.0.1:" + wm.port() + suffix));
        assertEquals(204, r.httpStatus(), r.message());
        wm.verify(getRequestedFor(urlEqualTo(target)).withHeader("Host", equalTo("127.0.0.1:" + wm.port())));
    }

    @Test
    void okWhenStatusIs2xxAndBodySaysUp() throws Exception {
        stub("/ok", 200, "application/json", "{\"status\":\"UP\",\"cpu\":42.5,\"memory\":\"71%\"}");
        EndpointSpec spec = TestSpecs.withHeadersAndValues(at("/ok"), Map.of("Authorization", "Bearer t0ken"),
                Map.of("cpu", "/cpu", "memory", "/memory", "missing", "/nope"));
        ProbeResult r = probe(spec);
        assertEquals(Outcome.OK, r.outcome(), r.message());
        assertEquals(200, r.httpStatus());
        assertEquals(Map.of("cpu", 42.5, "memory", 71.0), r.values());
        assertEquals(CLOCK.instant(), r.startedAt());
        assertTrue(r.latencyNanos() > 0);
        wm.verify(getRequestedFor(urlEqualTo("/ok"))
                .withHeader("User-Agent", equalTo("healthmon/test"))
                .withHeader("Authorization", equalTo("Bearer t0ken")));
    }


    @Test
    void eachEventLoopProbesThroughItsOwnClientAndGetsItsResultOnItsOwnThread() throws Exception {
        stub("/lanes", 200, "application/json", "{\"status\":\"UP\"}");
        try (HttpProber lanes = new HttpProber(vertx, CLOCK, System::nanoTime, "test", true, 2)) {
            for (Context loop : ProbeScheduler.lanes(vertx, 2)) {
                CompletableFuture<String> thread = new CompletableFuture<>();
                loop.runOnContext(v -> {
                    String caller = Thread.currentThread().getName();
                    lanes.probe(at("/lanes")).onComplete(ar -> thread.complete(
                            ar.result().outcome() + " " + caller + " -> " + Thread.currentThread().getName()));
                });
                String seen = thread.get(10, TimeUnit.SECONDS);
                String[] parts = seen.split(" ");
                assertEquals("OK", parts[0], seen);
                assertEquals(parts[1], parts[3], "the result comes back on the loop that started the probe: " + seen);
            }
            assertEquals(2, lanes.clientCount(), "one client per event loop that probed");
        }
    }

    @Test
    void theWarmUpProbesAThrowawayLoopbackServerFromEachLoopNeverTheEndpoint() {
        wm.resetRequests();
        try (HttpProber warm = new HttpProber(vertx, CLOCK, System::nanoTime, "test", true, 2)) {
            List<Context> loops = ProbeScheduler.lanes(vertx, 2);
            long t0 = System.nanoTime();
            warm.warmUp(TestSpecs.endpoint("database", "http://127.0.0.1:" + wm.port() + "/api/health/database"), loops, 50,
                    Duration.ofSeconds(5));
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(6), "bounded");
            assertEquals(loops.size(), warm.clientCount(), "each loop has probed (and made its client)");
            assertEquals(0, wm.getAllServeEvents().size(), "not one request to the endpoint itself");
        }
    }

    @Test
    void httpStatusWhenTheCodeIsNotExpected() throws Exception {
        stub("/down", 503, "application/json", "{\"status\":\"DOWN\",\"cpu\":99}");
        ProbeResult r = probe(TestSpecs.withHeadersAndValues(at("/down"), Map.of(), Map.of("cpu", "/cpu")));
        assertEquals(Outcome.HTTP_STATUS, r.outcome());
        assertEquals(503, r.httpStatus());
        assertEquals("HTTP 503, expected 2xx", r.message());
        assertEquals(Map.of("cpu", 99.0), r.values(), "values are read from error answers too");
    }

    @Test
    void redirectsAreNotFollowedAndCountAsUnexpectedStatus() throws Exception {
        wm.stubFor(get("/moved").willReturn(aResponse().withStatus(302).withHeader("Location", "/ok")));
        assertEquals(Outcome.HTTP_STATUS, probe(at("/moved")).outcome());
    }




    @Test
    void invalidBodyWhenJsonRequiredAndBodyIsHtml() throws Exception {
        stub("/html", 200, "text/html", "<html>login</html>");
        EndpointSpec spec = TestSpecs.withBody(at("/html"),
                new BodyCondition(true, TestSpecs.STATUS_UP.pointer(), TestSpecs.STATUS_UP.expected(), true));
        assertEquals(Outcome.INVALID_BODY, probe(spec).outcome());
    }

    @Test
    void invalidBodyWhenLargerThanTheCap() throws Exception {
        stub("/huge", 200, "application/json", "{\"status\":\"UP\",\"pad\":\"" + "x".repeat(100_000) + "\"}");
        ProbeResult r = probe(at("/huge"));
        assertEquals(Outcome.INVALID_BODY, r.outcome());
        assertEquals("body larger than 65536 bytes", r.message());
    }

    @Test
    void timeoutWhenNoResponseBeforeTheDeadline() throws Exception {
        wm.stubFor(get("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(3000).withBody("{}")));
        ProbeResult r = probe(TestSpecs.withTimeout(at("/slow"), Duration.ofMillis(300)));
        assertEquals(Outcome.TIMEOUT, r.outcome());
        assertEquals("no complete response within 300 ms (waiting for the response)", r.message());
        assertTrue(r.latencySeconds() >= 0.3 && r.latencySeconds() < 1.5, "latency " + r.latencySeconds());
    }

    /**
     * The prober's loop is held up past B's deadline by work it does while reading A's answer (as
     * under load, when one pass over ready connections takes long); B's answer came in meanwhile.
     * It is read, not called a timeout.
     */
    @Test
    void anAnswerThatArrivedWhileTheLoopWasBusyIsReadNotCalledATimeout() throws Exception {
        stub("/quick", 200, "application/json", "{\"status\":\"UP\"}");
        wm.stubFor(get("/answers-in-150ms").willReturn(aResponse().withStatus(200).withFixedDelay(150)
                .withHeader("Content-Type", "application/json").withBody("{\"status\":\"UP\"}")));
        try (HttpProber busy = new HttpProber(vertx, CLOCK, System::nanoTime, "test", true, 2)) {
            Context loop = ProbeScheduler.lanes(vertx, 1).get(0);
            CompletableFuture<ProbeResult> b = new CompletableFuture<>();
            loop.runOnContext(v -> {
                busy.probe(TestSpecs.withTimeout(at("/answers-in-150ms"), Duration.ofMillis(300)))
                        .onComplete(ar -> b.complete(ar.result()));
                busy.probe(at("/quick")).onComplete(ar -> {
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(450);
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait(); // the loop is busy past B's deadline (300 ms)
                    }
                });
            });
            ProbeResult r = b.get(10, TimeUnit.SECONDS);
            assertEquals(Outcome.OK, r.outcome(), r.message());
            assertTrue(r.latencySeconds() >= 0.3, "read once the loop was free: " + r.latencySeconds());
        }
    }

    @Test
    void timeoutIsADeadlineOverTheWholeBodyNotAnIdleTimeout() throws Exception {
        // Bytes keep arriving every 100 ms, so an idle timeout of 400 ms would never fire.
        wm.stubFor(get("/dribble").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"UP\",\"pad\":\"" + "x".repeat(200) + "\"}").withChunkedDribbleDelay(20, 2000)));
        ProbeResult r = probe(TestSpecs.withTimeout(at("/dribble"), Duration.ofMillis(400)));
        assertEquals(Outcome.TIMEOUT, r.outcome(), r.message());
        assertTrue(r.latencySeconds() < 1.0, "stopped at the deadline, not at the end of the body: " + r.latencySeconds());
    }

    @Test
    void connectionRefusedWhenNothingListens() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProbeResult r = probe(TestSpecs.endpoint("e", "http://127.0.0.1:" + port + "/api/health"));
        assertEquals(Outcome.CONNECTION_REFUSED, r.outcome());
        assertEquals("connection refused by 127.0.0.1:" + port, r.message());
        assertEquals(0, r.httpStatus());
    }



    /** A listener whose backlog is full drops new connections' SYNs: the connect hangs, and the deadline ends it. */
    @Test
    void aConnectThatHangsIsEndedByTheDeadline() throws Exception {
        try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> queued = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    Socket s = new Socket();
                    try {
                        s.connect(new InetSocketAddress(full.getInetAddress(), full.getLocalPort()), 200);
                    } catch (IOException e) {
                        // the backlog is full: what the probe will meet
                    }
                    queued.add(s);
                }
                ProbeResult r = probe(TestSpecs.withTimeout(
                        TestSpecs.endpoint("e", "http://127.0.0.1:" + full.getLocalPort() + "/api/health"), Duration.ofMillis(300)));
                assertEquals(Outcome.TIMEOUT, r.outcome(), r.message());
                assertEquals("no complete response within 300 ms (connecting)", r.message());
            } finally {
                for (Socket s : queued) {
                    s.close();
                }
            }
        }
    }

    @Test
    void dnsFailureWhenTheHostCannotBeResolved() throws Exception {
        ProbeResult r = probe(TestSpecs.withTimeout(TestSpecs.endpoint("e", "http://no-such-host.invalid/api/health"),
                Duration.ofSeconds(3)));
        assertEquals(Outcome.DNS_FAILURE, r.outcome(), r.message());
        assertEquals("cannot resolve no-such-host.invalid", r.message());
    }

    @Test
    void tlsFailureWhenTheCertificateIsNotTrusted() throws Exception {
        stub("/tls", 200, "application/json", "{\"status\":\"UP\"}");
        ProbeResult r = probe(TestSpecs.endpoint("e", "https://127.0.0.1:" + wm.httpsPort() + "/tls"));
        assertEquals(Outcome.TLS_FAILURE, r.outcome(), r.message());
        assertFalse(r.message().isBlank());
    }

    @Test
    void tlsVerificationCanBeSwitchedOff() throws Exception {
        stub("/tls", 200, "application/json", "{\"status\":\"UP\"}");
        try (HttpProber trusting = new HttpProber(vertx, CLOCK, System::nanoTime, "test", false, 1)) {
            ProbeResult r = trusting.probe(TestSpecs.endpoint("e", "https://127.0.0.1:" + wm.httpsPort() + "/tls"))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(Outcome.OK, r.outcome(), r.message());
        }
    }

    @Test
    void failureMessagesNeverCarryTheUrlsQueryOrCredentials() throws Exception {
        wm.stubFor(get(urlEqualTo("/q?token=s3cret")).willReturn(aResponse().withStatus(500)));
        ProbeResult r = probe(TestSpecs.endpoint("e", "http://user:pa55@127.0.0.1:" + wm.port() + "/q?token=s3cret"));
        assertEquals(Outcome.HTTP_STATUS, r.outcome());
        assertFalse(r.message().contains("s3cret") || r.message().contains("pa55"), r.message());
    }

    @ParameterizedTest(name = "{0}: {4}")
    @CsvSource(delimiter = '|', value = {
        "plain text, JSON not required | 200 | text/plain                      | fine                        | OK            | ''",
        "status field not UP           | 200 | application/json; charset=utf-8 | {\"status\":\"DEGRADED\"}   | BODY_MISMATCH | /status is 'DEGRADED', expected one of [up]",
        "status field missing          | 200 | application/json                | {\"ok\":true}                | BODY_MISMATCH | ''",
        "JSON type but not JSON        | 200 | application/json                | <html>oops</html>           | INVALID_BODY  | body is not valid JSON",
        "an unexpected status          | 500 | text/plain                      | oops                        | HTTP_STATUS   | HTTP 500, expected 2xx"})
    void theAnswerDecidesTheOutcome(String what, int status, String type, String body, Outcome outcome, String message)
            throws Exception {
        String path = "/case-" + Math.abs(what.hashCode());
        stub(path, status, type, body);
        ProbeResult r = probe(at(path));
        assertEquals(outcome, r.outcome(), r.message());
        if (!message.isEmpty()) {
            assertEquals(message, r.message());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Fault.class, names = {"CONNECTION_RESET_BY_PEER", "EMPTY_RESPONSE"})
    void aPeerThatDropsTheConnectionIsAReset(Fault fault) throws Exception {
        wm.stubFor(get("/" + fault).willReturn(aResponse().withFault(fault)));
        ProbeResult r = probe(at("/" + fault));
        assertEquals(Outcome.CONNECTION_RESET, r.outcome(), r.message());
    }
}
