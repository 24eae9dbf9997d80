package io.healthmon.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.healthmon.alert.Group;
import io.healthmon.alert.Acknowledgement;
import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.healthmon.rule.Severity;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every HTTP channel must do: the retry decision for each class of answer, and no secret in
 * any result. Subclasses add their exact payloads.
 */
public abstract class HttpChannelContract {

    protected static WireMockServer wm;
    protected static Vertx vertx;
    protected static HttpPost http;
    protected static final RetryPolicy POLICY = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5),
            Duration.ofHours(24), Duration.ofMinutes(5), () -> 0.5);
    protected static final Instant FIRED = Instant.parse("2027-01-01T00:00:00Z");

    @BeforeAll
    static void startServer() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().jettyAcceptors(1).containerThreads(8));
        wm.start();
        vertx = Vertx.vertx();
        http = new HttpPost(vertx, Duration.ofMillis(500), "test");
    }

    @AfterAll
    static void stopServer() {
        http.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        wm.stop();
    }

    @BeforeEach
    void reset() {
        wm.resetAll();
    }

    /** The path the channel posts to on the test server (its URL is base + path). */
    protected abstract String path();

    /** The channel under test, posting to {@code url}. */
    protected abstract Sender sender(URI url);

    /** The channel's secret: it must appear in no result. */
    protected abstract String secret();

    protected URI url() {
        return URI.create("http://127.0.0.1:" + wm.port() + path());
    }

    /** The database's group (grouped by endpoint), started when error-rate fired. */
    public static final Group GROUP = new Group("endpoint=database/tp7ebd", "endpoint=database", Map.of("endpoint", "database"),
            FIRED);
    static final Instant RESOLVED = FIRED.plusSeconds(310);

    /** error-rate on the database, firing or (after 5m 10s) resolved. */
    public static Incident incident(Incident.State state) {
        Incident i = new Incident("error-rate:database:tp7ebd", "error-rate", "database",
                "https://thebestnexusletters.com/api/health/database", Severity.P1, Incident.State.FIRING, FIRED, null, 0.25,
                0.01, "error-ratio over 5m 25.00 % > 1.000 %", List.of("test"),
                Map.of("error_ratio_5m", 0.25, "availability_1h", 0.9, "p95_seconds_5m", 0.12), false);
        return state == Incident.State.FIRING ? i : i.resolved(RESOLVED, 0, "error-ratio over 1m back to 0.000 % (threshold 1.000 %)");
    }

    /** endpoint-down on the database, firing 5 s after error-rate as a P0, or resolved with it. */
    public static Incident down(Incident.State state) {
        Incident i = new Incident("endpoint-down:database:tp7ebi", "endpoint-down", "database",
                "https://thebestnexusletters.com/api/health/database", Severity.P0, Incident.State.FIRING, FIRED.plusSeconds(5),
                null, 3, 2, "3 consecutive failed probes (http_status), threshold 2", List.of("test"), Map.of(), false);
        return state == Incident.State.FIRING ? i : i.resolved(RESOLVED.minusSeconds(20), 0, "answering again (last probe ok)");
    }

    public static Notification trigger() {
        return new Notification(Notification.Kind.TRIGGER, GROUP, List.of(incident(Incident.State.FIRING)), "test", FIRED);
    }

    public static Notification resolve() {
        return new Notification(Notification.Kind.RESOLVE, GROUP, List.of(incident(Incident.State.RESOLVED)), "test", RESOLVED);
    }

    /** The group's update once endpoint-down joined it as a P0 (the severity rose): both listed, most severe first. */
    public static Notification groupTrigger() {
        return new Notification(Notification.Kind.TRIGGER, GROUP, List.of(down(Incident.State.FIRING),
                incident(Incident.State.FIRING)), "test", FIRED.plusSeconds(5));
    }

    /** error-rate acknowledged by alice a minute after it fired. */
    public static Notification acknowledged() {
        Incident i = incident(Incident.State.FIRING);
        Incident acked = new Incident(i.id(), i.rule(), i.endpoint(), i.url(), i.severity(), i.state(), i.firedAt(), null,
                i.value(), i.threshold(), i.text(), i.channels(), i.figures(), false, i.labels(), i.firedValue(), i.firedText(),
                new Acknowledgement("alice", "restarting the pooler", FIRED.plusSeconds(60)));
        return new Notification(Notification.Kind.ACKNOWLEDGE, GROUP, List.of(acked), "test", FIRED.plusSeconds(60));
    }

    /** Its acknowledgement withdrawn. */
    public static Notification unacknowledged() {
        return new Notification(Notification.Kind.UNACKNOWLEDGE, GROUP, List.of(incident(Incident.State.FIRING)), "test",
                FIRED.plusSeconds(120));
    }

    /** The group's resolve: what fired in it and for how long. */
    public static Notification groupResolve() {
        return new Notification(Notification.Kind.RESOLVE, GROUP, List.of(down(Incident.State.RESOLVED),
                incident(Incident.State.RESOLVED)), "test", RESOLVED);
    }

    protected SendResult send(Notification n, URI to) throws Exception {
        return sender(to).send(n).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private RetryPolicy.Decision answer(ResponseDefinitionBuilder response) throws Exception {
        wm.stubFor(post(urlPathEqualTo(path())).willReturn(response));
        SendResult r = send(trigger(), url());
        assertFalse(r.reason().contains(secret()), r.reason());
        return POLICY.decide(r, 1, Duration.ZERO);
    }

    @Test
    void acceptedIsDone() throws Exception {
        assertInstanceOf(RetryPolicy.Done.class, answer(aResponse().withStatus(200)));
        assertInstanceOf(RetryPolicy.Done.class, answer(aResponse().withStatus(202)));
    }

    @Test
    void badRequestIsNeverRetried() throws Exception {
        assertEquals(new RetryPolicy.Drop("rejected (HTTP 400): not retried"),
                answer(aResponse().withStatus(400).withBody("{\"message\":\"invalid " + secret() + "\"}")));
    }

    @Test
    void notFoundIsNeverRetried() throws Exception {
        assertEquals(new RetryPolicy.Drop("rejected (HTTP 404): not retried"), answer(aResponse().withStatus(404)));
    }

    @Test
    void tooManyRequestsIsRetriedAfterRetryAfter() throws Exception {
        assertEquals(new RetryPolicy.Retry(Duration.ofSeconds(17)),
                answer(aResponse().withStatus(429).withHeader("Retry-After", "17")));
    }

    @Test
    void serverErrorsAreRetried() throws Exception {
        assertEquals(new RetryPolicy.Retry(Duration.ofMillis(750)), answer(aResponse().withStatus(500)));
        assertEquals(new RetryPolicy.Retry(Duration.ofMillis(750)), answer(aResponse().withStatus(503)));
    }

    @Test
    void timeoutsAreRetried() throws Exception {
        RetryPolicy.Decision d = answer(aResponse().withStatus(200).withFixedDelay(2000));
        assertEquals(new RetryPolicy.Retry(Duration.ofMillis(750)), d);
    }

    @Test
    void networkErrorsAreRetriedAndNameOnlyTheHost() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI closed = URI.create("http://127.0.0.1:" + port + path());
        SendResult r = send(trigger(), closed);
        assertEquals(new SendResult.Retry("cannot connect to 127.0.0.1:" + port), r);
        assertFalse(r.reason().contains(secret()));
        assertInstanceOf(RetryPolicy.Retry.class, POLICY.decide(r, 1, Duration.ZERO));
    }

    @Test
    void theSenderNeverShowsItsSecret() {
        assertFalse(sender(url()).toString().contains(secret()), sender(url()).toString());
    }
}
