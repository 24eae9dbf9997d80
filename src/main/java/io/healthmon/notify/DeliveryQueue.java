package io.healthmon.notify;

import io.healthmon.alert.Notification;
import io.healthmon.state.StateFile;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * Delivery that loses nothing: every notification goes to the {@link DeliveryJournal} (on disk)
 * before its first attempt and stays there until its channel accepted it or the retry policy gave
 * up (then it is reported). {@link Lanes} keep one incident's notifications on one channel in
 * order; other incidents and channels are not held up by a failing one. A restart picks the
 * journal up again.
 */
public final class DeliveryQueue {

    private static final Logger LOG = Logger.getLogger(DeliveryQueue.class);
    private static final int KEEP_FINISHED = 2000;

    /** Told about every finished attempt, and every notification shed from a full outbox (metrics). */
    public interface Listener {
        void attempted(String channel, Outcome outcome, Duration sinceCreated);

        /**
         * The same, with the notification itself (its incidents' timelines record it).
         *
         * @param reason why it failed or was dropped; null once delivered
         */
        default void finished(Notification n, Outcome outcome, int attempts, String reason) {
        }
    }

    /** DROPPED: refused for good or too old; SHED: given way in a full outbox (healthmon.delivery.max-pending). */
    public enum Outcome { DELIVERED, RETRIED, DROPPED, SHED }

    /**
     * What the queue takes from the running configuration at each attempt, so a reload changes
     * channels and timing without touching what is pending or in flight.
     */
    public interface Transport {
        /**
         * The channel's sender (a channel no longer configured gets the log channel's); empty while
         * no configuration runs yet (startup): the notification then waits for the next pump.
         */
        Optional<Sender> sender(String channel);

        RetryPolicy retryPolicy();

        /** healthmon.delivery.max-pending */
        int maxPending();
    }

    private final Transport transport;
    private final Clock clock;
    private final DeliveryJournal journal;
    private final Listener listener;
    private final Set<Long> inFlight = new HashSet<>();
    /** Notifications numbered below this are on disk: only they may be attempted. */
    private long savedBelow;
    /** Set at shutdown: no new attempt starts, and one cut short stays pending as it was. */
    private boolean stopping;
    /** The last finished notification per lane, oldest first, bounded: the alerts API shows it. */
    private final Map<Lane, DeliveryStatus> finished = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Lane, DeliveryStatus> eldest) {
            return size() > KEEP_FINISHED;
        }
    };

    public DeliveryQueue(Transport transport, Clock clock, StateFile<DeliveryJournal.Saved> file, Listener listener) {
        this.transport = transport;
        this.clock = clock;
        this.journal = new DeliveryJournal(file);
        this.listener = listener;
        journal.load(LOG::warn).ifPresent(saved -> {
            List<Pending> kept = new ArrayList<>();
            List<Pending> read = saved.pending() == null ? List.of() : saved.pending();
            long next = saved.nextSeq();
            for (int n = 0; n < read.size(); n++) {
                Pending p = read.get(n);
                if (p != null && p.valid()) {
                    kept.add(p);
                    next = Math.max(next, p.seq() + 1); // sequence numbers stay unique whatever the file said
                } else {
                    LOG.warnf("%s: pending notification #%d is damaged (a field is missing): dropped", journal.path(), n + 1);
                }
            }
            journal.restore(next, kept);
            savedBelow = next;
            if (!kept.isEmpty()) {
                LOG.infof("resuming delivery of %d pending notification(s) from %s", kept.size(), journal.path());
            }
        });
        journal.foldReplayed();
    }

    /**
     * Journals the notification; its first attempt starts once the journal is on disk (a few
     * milliseconds: one fsync on the state writer), so a crash can repeat a notification after the
     * restart but never send one that the restart does not know of. If the disk refuses the write,
     * the attempt starts anyway: a page held back by a full disk is worse than one repeated after a
     * crash (the writer retries the file and readiness reports it).
     */
    public void enqueue(Notification n) {
        long seq;
        Notification shed;
        synchronized (this) {
            Shedding.Decision d = Shedding.decide(journal.pending(), inFlight, n.kind(), transport.maxPending());
            if (d instanceof Shedding.Decision.DropPending drop) {
                journal.remove(drop.pending().seq());
                shed = drop.pending().notification();
            } else {
                shed = d instanceof Shedding.Decision.DropIncoming ? n : null;
            }
            seq = shed == n ? -1 : journal.append(n).seq();
        }
        if (shed != null) {
            LOG.errorf("outbox full (%d pending, healthmon.delivery.max-pending): %s to %s for group %s dropped",
                    transport.maxPending(), shed.kind(), shed.channel(), shed.group().id());
            listener.attempted(shed.channel(), Outcome.SHED, Duration.between(shed.createdAt(), clock.instant()));
            listener.finished(shed, Outcome.SHED, 0, "outbox full (healthmon.delivery.max-pending): dropped");
            if (shed == n) {
                return;
            }
        }
        journal.afterSaved(() -> {
            synchronized (this) {
                savedBelow = Math.max(savedBelow, seq + 1);
            }
            pump();
        });
    }

    /** Starts every attempt that is due and not queued behind an earlier one of its lane. */
    public void pump() {
        Map<Pending, Sender> due = new LinkedHashMap<>();
        synchronized (this) {
            if (stopping) {
                return;
            }
            for (Pending p : Lanes.due(journal.pending(), inFlight, savedBelow, clock.instant())) {
                transport.sender(p.channel()).ifPresent(sender -> {
                    inFlight.add(p.seq());
                    due.put(p, sender);
                });
            }
        }
        due.forEach((p, sender) -> Attempt.run(sender, p.notification()).onComplete(ar -> finished(p, ar.result())));
    }

    private void finished(Pending p, SendResult r) {
        Notification n = p.notification();
        Outcome outcome;
        Duration age;
        int attempts;
        String reason = null;
        synchronized (this) {
            inFlight.remove(p.seq());
            notifyAll(); // a shutdown may be waiting for the last attempt
            if (stopping && !(r instanceof SendResult.Delivered)) {
                return; // cut short by the shutdown, not refused: it stays pending, its attempts uncounted
            }
            Instant now = clock.instant();
            age = Duration.between(n.createdAt(), now);
            attempts = p.attempts() + 1;
            RetryPolicy.Decision d = transport.retryPolicy().decide(r, attempts, age);
            if (d instanceof RetryPolicy.Retry retry) {
                outcome = Outcome.RETRIED;
                reason = r.reason();
                journal.replace(p.retryAt(now.plus(retry.after()), r.reason()));
                LOG.warnf("delivery to %s of %s for group %s failed (%s), attempt %d; retrying in %d ms",
                        n.channel(), n.kind(), n.group().id(), r.reason(), attempts, retry.after().toMillis());
            } else {
                journal.remove(p.seq());
                if (d instanceof RetryPolicy.Drop drop) {
                    outcome = Outcome.DROPPED;
                    reason = drop.reason();
                    finished.put(p.lane(), status(n, "failed", attempts, drop.reason()));
                    LOG.errorf("delivery to %s of %s for group %s failed for good: %s", n.channel(), n.kind(),
                            n.group().id(), drop.reason());
                } else {
                    outcome = Outcome.DELIVERED;
                    finished.put(p.lane(), status(n, "delivered", attempts, null));
                }
            }
        }
        listener.attempted(n.channel(), outcome, age);
        listener.finished(n, outcome, attempts, reason);
        if (outcome != Outcome.RETRIED) {
            pump(); // the next one in its lane may go now
        }
    }

    /**
     * At shutdown: starts no new attempt and waits up to {@code grace} for those under way.
     *
     * @return true when none was left unfinished
     */
    public synchronized boolean stop(Duration grace) throws InterruptedException {
        stopping = true;
        long deadline = System.nanoTime() + grace.toNanos();
        while (!inFlight.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    private static DeliveryStatus status(Notification n, String state, int attempts, String error) {
        return new DeliveryStatus(n.channel(), n.kind().name().toLowerCase(Locale.ROOT), state, attempts, error);
    }

    /** Every journaled notification, in the order they were made (startup reconciles incidents with them). */
    public synchronized List<Notification> journaled() {
        return journal.pending().stream().map(Pending::notification).toList();
    }

    public synchronized int pending(String channel) {
        int count = 0;
        for (Pending p : journal.pending()) {
            if (p.channel().equals(channel)) {
                count++;
            }
        }
        return count;
    }

    /** The latest delivery state of each channel's notification about one group. */
    public synchronized List<DeliveryStatus> deliveries(String groupId) {
        Map<String, DeliveryStatus> byChannel = new TreeMap<>();
        finished.forEach((lane, d) -> {
            if (lane.group().equals(groupId)) {
                byChannel.put(lane.channel(), d);
            }
        });
        for (Pending p : journal.pending()) { // pending wins: it is newer than anything finished
            if (p.notification().group().id().equals(groupId)) {
                byChannel.put(p.channel(), status(p.notification(), "pending", p.attempts(), p.lastError()));
            }
        }
        return List.copyOf(byChannel.values());
    }
}
