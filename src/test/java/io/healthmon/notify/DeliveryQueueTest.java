package io.healthmon.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.TestClock;
import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.healthmon.state.StateFile;
import io.healthmon.state.StateWriter;
import io.healthmon.rule.Severity;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue on an injected clock with scripted channel answers. */
class DeliveryQueueTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2027-01-01T00:00:00Z"));
    private final RetryPolicy policy = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofMinutes(5), () -> 0.5);
    private final List<String> outcomes = new ArrayList<>();

    /** Answers with the scripted results in order, then 200; records what it was sent. */
    static final class ScriptedSender implements Sender {
        final Deque<SendResult> script = new ArrayDeque<>();
        final List<String> sent = new ArrayList<>();

        ScriptedSender answer(SendResult... results) {
            script.addAll(List.of(results));
            return this;
        }

        @Override
        public Future<SendResult> send(Notification n) {
            sent.add(n.kind() + " " + n.lead().id());
            return Future.succeededFuture(script.isEmpty() ? new SendResult.Delivered("HTTP 200") : script.poll());
        }
    }

    private DeliveryQueue queue(Map<String, Sender> senders) {
        return queue(channel -> Optional.ofNullable(senders.getOrDefault(channel, senders.get("log"))));
    }

    /** A queue over this file, its senders looked up as {@code senders} says, retried by the test's policy. */
    private DeliveryQueue queue(Function<String, Optional<Sender>> senders) {
        return new DeliveryQueue(transport(senders), clock, new StateFile<>(dir.resolve("delivery.json"), DeliveryJournal.Saved.class, clock),
                (channel, outcome, age) -> outcomes.add(channel + " " + outcome));
    }

    /** The running configuration as the queue sees it: these senders, the test's policy, {@link #maxPending}. */
    private DeliveryQueue.Transport transport(Function<String, Optional<Sender>> senders) {
        return new DeliveryQueue.Transport() {
            @Override
            public Optional<Sender> sender(String channel) {
                return senders.apply(channel);
            }

            @Override
            public RetryPolicy retryPolicy() {
                return policy;
            }

            @Override
            public int maxPending() {
                return maxPending;
            }
        };
    }

    private int maxPending = 10_000;

    @Test
    void aFullOutboxDropsAReminderForATriggerAndCountsIt() {
        maxPending = 3;
        ScriptedSender down = new ScriptedSender().answer(new SendResult.Retry("HTTP 503"), new SendResult.Retry("HTTP 503"),
                new SendResult.Retry("HTTP 503"), new SendResult.Retry("HTTP 503"));
        DeliveryQueue q = queue(Map.of("slack", down));
        q.enqueue(n(Notification.Kind.TRIGGER, "a", "slack"));
        q.enqueue(n(Notification.Kind.REPEAT, "a", "slack"));
        q.enqueue(n(Notification.Kind.TRIGGER, "b", "slack"));
        assertEquals(3, q.pending("slack"));
        q.enqueue(n(Notification.Kind.REPEAT, "b", "slack"));
        assertEquals(3, q.pending("slack"), "a new reminder is not kept");
        q.enqueue(n(Notification.Kind.TRIGGER, "c", "slack"));
        assertEquals(3, q.pending("slack"));
        List<String> kept = q.journaled().stream().map(x -> x.kind() + " " + x.lead().id()).toList();
        assertEquals(List.of("TRIGGER a", "TRIGGER b", "TRIGGER c"), kept, "the reminder gave way");
        assertEquals(2, outcomes.stream().filter(o -> o.equals("slack SHED")).count(), outcomes.toString());
    }

    private Notification n(Notification.Kind kind, String incident, String channel) {
        Incident i = new Incident(incident, "endpoint-down", "database", "http://127.0.0.1/api/health/database", Severity.P1,
                kind == Notification.Kind.TRIGGER ? Incident.State.FIRING : Incident.State.RESOLVED, clock.instant(),
                kind == Notification.Kind.TRIGGER ? null : clock.instant(), 2, 2, "2 consecutive failed probes", List.of(channel), Map.of(), false);
        return Notification.of(kind, i, channel, clock.instant());
    }

    @Test
    void aNotificationIsAttemptedOnlyOnceTheJournalHoldingItIsOnDisk() throws Exception {
        Deque<Runnable> writes = new ArrayDeque<>();
        StateWriter writer = StateWriter.on(writes::add, clock);
        Path file = dir.resolve("delivery.json");
        ScriptedSender pd = new ScriptedSender();
        DeliveryQueue q = new DeliveryQueue(transport(channel -> Optional.of(pd)), clock, new StateFile<>(file, DeliveryJournal.Saved.class, clock, writer), (c, o, a) -> { });
        q.enqueue(n(Notification.Kind.TRIGGER, "a", "pagerduty"));
        q.pump(); // the housekeeping tick comes before the write
        assertEquals(List.of(), pd.sent, "not on disk yet: not sent");
        writes.poll().run(); // the journal write
        assertTrue(Files.readString(dir.resolve("delivery.log")).contains("\"a\""), "the trigger is on disk");
        assertEquals(List.of(), pd.sent);
        writes.poll().run(); // what waited for it
        assertEquals(List.of("TRIGGER a"), pd.sent);
    }

    @Test
    void eachChangeIsALineOfTheLogFoldedIntoTheSnapshotOnceTheLogIsLong() throws Exception {
        ScriptedSender held = new ScriptedSender();
        for (int i = 0; i < 10; i++) {
            held.answer(new SendResult.Retry("HTTP 503"));
        }
        DeliveryQueue q = queue(Map.of("held", held, "slack", new ScriptedSender()));
        q.enqueue(n(Notification.Kind.TRIGGER, "kept", "held"));
        for (int i = 0; i < DeliveryJournal.COMPACT_AT / 2 - 1; i++) {
            q.enqueue(n(Notification.Kind.TRIGGER, "i" + i, "slack")); // a line added, a line removed
        }
        assertFalse(Files.exists(dir.resolve("delivery.json")), "no snapshot written for each change");
        assertEquals(DeliveryJournal.COMPACT_AT - 1, Files.readAllLines(dir.resolve("delivery.log")).size());
        q.enqueue(n(Notification.Kind.TRIGGER, "last", "slack"));
        assertTrue(Files.readAllLines(dir.resolve("delivery.log")).size() <= 1, "folded into the snapshot");
        assertTrue(Files.readString(dir.resolve("delivery.json")).contains("\"kept\""));
        assertEquals(1, queue(Map.of()).pending("held"), "a restart reads the snapshot and the log");
    }

    @Test
    void deliversAtOnceAndForgetsWhatWasDelivered() {
        ScriptedSender slack = new ScriptedSender();
        DeliveryQueue q = queue(Map.of("slack", slack));
        q.enqueue(n(Notification.Kind.TRIGGER, "a", "slack"));
        assertEquals(List.of("TRIGGER a"), slack.sent);
        assertEquals(0, q.pending("slack"));
        assertEquals(List.of("slack DELIVERED"), outcomes);
    }

    @Test
    void retriesServerErrorsAfterTheBackoffAndNotBefore() {
        ScriptedSender slack = new ScriptedSender().answer(new SendResult.Retry("HTTP 503"), new SendResult.Retry("no answer"));
        DeliveryQueue q = queue(Map.of("slack", slack));
        q.enqueue(n(Notification.Kind.TRIGGER, "a", "slack"));
        clock.advance(Duration.ofMillis(700));
        q.pump();
        assertEquals(1, slack.sent.size(), "750 ms backoff not over yet");
        clock.advance(Duration.ofMillis(50));
        q.pump();
        assertEquals(2, slack.sent.size());
        clock.advance(Duration.ofMillis(1500));
        q.pump();
        assertEquals(3, slack.sent.size());
        assertEquals(0, q.pending("slack"));
        assertEquals(List.of("slack RETRIED", "slack RETRIED", "slack DELIVERED"), outcomes);
    }

    @Test
    void waitsForRetryAfterOnTooManyRequests() {
        ScriptedSender pd = new ScriptedSender().answer(new SendResult.Retry("HTTP 429", Duration.ofSeconds(20)));
        DeliveryQueue q = queue(Map.of("pagerduty", pd));
        q.enqueue(n(Notification.Kind.TRIGGER, "a", "pagerduty"));
        clock.advance(Duration.ofSeconds(19));
        q.pump();
        assertEquals(1, pd.sent.size());
        clock.advance(Duration.ofSeconds(1));
        q.pump();
        assertEquals(2, pd.sent.size());
    }

    @Test
    void dropsWhatTheReceiverRejectsAndReportsIt() {
        ScriptedSender pd = new ScriptedSender().answer(new SendResult.Permanent("HTTP 400"));
        DeliveryQueue q = queue(Map.of("pagerduty", pd));
        q.enqueue(n(Notification.Kind.TRIGGER, "a", "pagerduty"));
        assertEquals(0, q.pending("pagerduty"));
        assertEquals(List.of("pagerduty DROPPED"), outcomes);
    }

    @Test
    void aResolveNeverOvertakesItsTriggerButOtherIncidentsGoAhead() {
        ScriptedSender pd = new ScriptedSender().answer(new SendResult.Retry("HTTP 500"));
        DeliveryQueue q = queue(Map.of("pagerduty", pd));
        q.enqueue(n(Notification.Kind.TRIGGER, "a", "pagerduty"));
        q.enqueue(n(Notification.Kind.RESOLVE, "a", "pagerduty"));
        q.enqueue(n(Notification.Kind.TRIGGER, "b", "pagerduty"));
        assertEquals(List.of("TRIGGER a", "TRIGGER b"), pd.sent);
        clock.advance(Duration.ofSeconds(1));
        q.pump();
        assertEquals(List.of("TRIGGER a", "TRIGGER b", "TRIGGER a", "RESOLVE a"), pd.sent);
    }

    @Test
    void aRestartResumesWhatWasPending() {
        ScriptedSender down = new ScriptedSender().answer(new SendResult.Retry("connection refused"));
        DeliveryQueue before = queue(Map.of("pagerduty", down));
        before.enqueue(n(Notification.Kind.TRIGGER, "a", "pagerduty"));
        assertEquals(1, before.pending("pagerduty"));

        ScriptedSender up = new ScriptedSender();
        DeliveryQueue after = queue(Map.of("pagerduty", up)); // same file: the daemon restarted
        assertEquals(1, after.pending("pagerduty"));
        clock.advance(Duration.ofSeconds(1));
        after.pump();
        assertEquals(List.of("TRIGGER a"), up.sent);
        assertEquals(0, after.pending("pagerduty"));
        assertEquals(0, queue(Map.of("pagerduty", up)).pending("pagerduty"), "delivered is gone from disk too");
    }

    @Test
    void givesUpAtTheMaximumAge() {
        ScriptedSender pd = new ScriptedSender();
        for (int i = 0; i < 1000; i++) {
            pd.answer(new SendResult.Retry("HTTP 503"));
        }
        DeliveryQueue q = queue(Map.of("pagerduty", pd));
        q.enqueue(n(Notification.Kind.TRIGGER, "a", "pagerduty"));
        for (int i = 0; i < 400 && q.pending("pagerduty") > 0; i++) {
            clock.advance(Duration.ofMinutes(5));
            q.pump();
        }
        assertEquals(0, q.pending("pagerduty"));
        assertTrue(outcomes.get(outcomes.size() - 1).equals("pagerduty DROPPED"));
        assertTrue(pd.sent.size() > 250, "retried for a day: " + pd.sent.size());
    }

    @Test
    void whatIsPendingForAChannelNoLongerConfiguredGoesToWhatStandsInForIt() {
        ScriptedSender down = new ScriptedSender().answer(new SendResult.Retry("connection refused"));
        DeliveryQueue before = queue(Map.of("slack-ops", down));
        before.enqueue(n(Notification.Kind.TRIGGER, "a", "slack-ops"));
        assertEquals(1, before.pending("slack-ops"));

        ScriptedSender log = new ScriptedSender();
        DeliveryQueue after = queue(Map.of("log", log)); // slack-ops removed from the configuration
        clock.advance(Duration.ofSeconds(1));
        after.pump();
        assertEquals(List.of("TRIGGER a"), log.sent, "never silently dropped");
        assertEquals(0, after.pending("slack-ops"));
    }

    @Test
    void beforeAnyConfigurationRunsANotificationWaitsWithoutCountingAnAttempt() {
        ScriptedSender pd = new ScriptedSender();
        Map<String, Sender> senders = new HashMap<>(); // empty: no configuration runs yet
        DeliveryQueue q = queue(channel -> Optional.ofNullable(senders.get(channel)));
        q.enqueue(n(Notification.Kind.RESOLVE, "a", "pagerduty")); // e.g. a removed rule's incident, resolved at startup
        assertEquals(1, q.pending("pagerduty"));
        assertEquals(List.of(), outcomes);

        senders.put("pagerduty", pd); // the configuration runs
        q.pump();
        assertEquals(List.of("RESOLVE a"), pd.sent);
        assertEquals(List.of("pagerduty DELIVERED"), outcomes);
    }

    /** A sender whose answer the test gives when it likes. */
    static final class HeldSender implements Sender {
        final List<Promise<SendResult>> held = new ArrayList<>();

        @Override
        public Future<SendResult> send(Notification n) {
            Promise<SendResult> p = Promise.promise();
            held.add(p);
            return p.future();
        }
    }

    @Test
    void aShutdownStartsNothingNewAndADeliveryCutShortStaysPendingUncounted() throws Exception {
        HeldSender pd = new HeldSender();
        DeliveryQueue q = queue(Map.of("pagerduty", pd));
        q.enqueue(n(Notification.Kind.TRIGGER, "a", "pagerduty"));
        assertEquals(1, pd.held.size());
        assertFalse(q.stop(Duration.ZERO), "the attempt is still under way");
        q.enqueue(n(Notification.Kind.TRIGGER, "b", "pagerduty"));
        assertEquals(1, pd.held.size(), "no new attempt while stopping");

        pd.held.get(0).complete(new SendResult.Retry("connection closed at shutdown"));
        assertEquals(2, q.pending("pagerduty"), "both stay pending for the restart");
        assertEquals(List.of(), outcomes, "a cut-short attempt is not a failed one");
        assertEquals(0, queue(Map.of("pagerduty", pd)).deliveries("a").get(0).attempts(), "nor counted on disk");
    }

    @Test
    void aDeliveryThatFinishesDuringTheGraceIsDoneForGood() throws Exception {
        HeldSender pd = new HeldSender();
        DeliveryQueue q = queue(Map.of("pagerduty", pd));
        q.enqueue(n(Notification.Kind.TRIGGER, "a", "pagerduty"));
        assertFalse(q.stop(Duration.ZERO));
        pd.held.get(0).complete(new SendResult.Delivered("HTTP 202"));
        assertTrue(q.stop(Duration.ZERO), "nothing left under way");
        assertEquals(0, q.pending("pagerduty"));
        assertEquals(List.of("pagerduty DELIVERED"), outcomes);
    }
}
