package io.healthmon.notify;

import io.healthmon.alert.Notification;
import io.healthmon.alert.StateFile;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Delivery that loses nothing: every notification is written to disk before its first attempt and
 * stays there until its channel accepted it or the retry policy gave up (then it is reported).
 * Notifications of one incident on one channel go out in order (a resolve never overtakes its
 * trigger); other incidents and channels are not held up by a failing one. A restart picks the
 * pending list up again.
 */
public final class DeliveryQueue {

    private static final Logger LOG = Logger.getLogger(DeliveryQueue.class);

    /** A notification waiting for (another) attempt. */
    @RegisterForReflection
    public record Pending(long seq, Notification notification, int attempts, Instant nextAttemptAt, String lastError) {

        String lane() {
            return notification.channel() + "|" + notification.incident().id();
        }
    }

    /** What is on disk. */
    @RegisterForReflection
    public record Saved(long nextSeq, List<Pending> pending) {
    }

    /** Told about every finished attempt (metrics). */
    public interface Listener {
        void attempted(String channel, Outcome outcome, Duration sinceCreated);
    }

    public enum Outcome { DELIVERED, RETRIED, DROPPED }

    /** Where the latest notification of an incident on a channel stands, for the alerts API. */
    @RegisterForReflection
    public record Delivery(String channel, String kind, String state, int attempts, String lastError) {
    }

    private static final int KEEP_FINISHED = 2000;
    /** Finished deliveries by "channel|incident", oldest first, bounded. */
    private final Map<String, Delivery> finished = new java.util.LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Delivery> eldest) {
            return size() > KEEP_FINISHED;
        }
    };

    private final Map<String, Sender> senders;
    private final RetryPolicy policy;
    private final Clock clock;
    private final StateFile<Saved> file;
    private final Listener listener;
    private final List<Pending> pending = new ArrayList<>();
    private final Set<Long> inFlight = new HashSet<>();
    private long nextSeq;

    public DeliveryQueue(Map<String, Sender> senders, RetryPolicy policy, Clock clock, StateFile<Saved> file, Listener listener) {
        this.senders = Map.copyOf(senders);
        this.policy = policy;
        this.clock = clock;
        this.file = file;
        this.listener = listener;
        file.load().ifPresent(saved -> {
            nextSeq = saved.nextSeq();
            for (Pending p : saved.pending()) {
                if (senders.containsKey(p.notification().channel())) {
                    pending.add(p);
                } else {
                    LOG.warnf("dropping a saved %s notification of incident %s for channel %s, which is no longer configured",
                            p.notification().kind(), p.notification().incident().id(), p.notification().channel());
                }
            }
            if (!pending.isEmpty()) {
                LOG.infof("resuming delivery of %d pending notification(s) from %s", pending.size(), file.path());
            }
        });
    }

    /** Saves the notification, then tries to deliver it at once. */
    public void enqueue(Notification n) {
        synchronized (this) {
            if (!senders.containsKey(n.channel())) {
                throw new IllegalArgumentException("no sender for channel '" + n.channel() + "'");
            }
            pending.add(new Pending(nextSeq++, n, 0, n.createdAt(), null));
            persist();
        }
        pump();
    }

    /** Starts every attempt that is due and not queued behind an earlier one of its lane. */
    public void pump() {
        List<Pending> due = new ArrayList<>();
        synchronized (this) {
            Instant now = clock.instant();
            Set<String> blocked = new HashSet<>();
            for (Pending p : pending) { // in enqueue order
                boolean first = blocked.add(p.lane());
                if (first && !inFlight.contains(p.seq()) && !p.nextAttemptAt().isAfter(now)) {
                    inFlight.add(p.seq());
                    due.add(p);
                }
            }
        }
        for (Pending p : due) {
            Future<SendResult> f;
            try {
                f = senders.get(p.notification().channel()).send(p.notification());
            } catch (RuntimeException e) {
                f = Future.succeededFuture(SendResult.network("sender failed: " + e.getClass().getSimpleName()));
            }
            f.onComplete(ar -> finished(p, ar.succeeded() ? ar.result()
                    : SendResult.network("sender failed: " + ar.cause().getClass().getSimpleName())));
        }
    }

    private void finished(Pending p, SendResult r) {
        Outcome outcome;
        Duration age;
        boolean again = false;
        synchronized (this) {
            inFlight.remove(p.seq());
            Instant now = clock.instant();
            age = Duration.between(p.notification().createdAt(), now);
            int attempts = p.attempts() + 1;
            RetryPolicy.Decision d = policy.decide(r, attempts, age);
            int i = indexOf(p.seq());
            if (d instanceof RetryPolicy.Retry retry) {
                outcome = Outcome.RETRIED;
                if (i >= 0) {
                    pending.set(i, new Pending(p.seq(), p.notification(), attempts, now.plus(retry.after()), r.reason()));
                }
                LOG.warnf("delivery to %s of %s for incident %s failed (%s), attempt %d; retrying in %d ms",
                        p.notification().channel(), p.notification().kind(), p.notification().incident().id(), r.reason(),
                        attempts, retry.after().toMillis());
            } else {
                if (i >= 0) {
                    pending.remove(i);
                }
                again = true; // the next one in its lane may go now
                if (d instanceof RetryPolicy.Drop drop) {
                    outcome = Outcome.DROPPED;
                    finished.put(p.lane(), new Delivery(p.notification().channel(), p.notification().kind().name().toLowerCase(),
                            "failed", attempts, drop.reason()));
                    LOG.errorf("delivery to %s of %s for incident %s failed for good: %s", p.notification().channel(),
                            p.notification().kind(), p.notification().incident().id(), drop.reason());
                } else {
                    outcome = Outcome.DELIVERED;
                    finished.put(p.lane(), new Delivery(p.notification().channel(), p.notification().kind().name().toLowerCase(),
                            "delivered", attempts, null));
                }
            }
            persist();
        }
        listener.attempted(p.notification().channel(), outcome, age);
        if (again) {
            pump();
        }
    }

    private int indexOf(long seq) {
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).seq() == seq) {
                return i;
            }
        }
        return -1;
    }

    private void persist() {
        file.saveLater(new Saved(nextSeq, List.copyOf(pending)));
    }

    public synchronized int pending(String channel) {
        int n = 0;
        for (Pending p : pending) {
            if (p.notification().channel().equals(channel)) {
                n++;
            }
        }
        return n;
    }

    /** The latest delivery state of each channel's notification about one incident. */
    public synchronized List<Delivery> deliveries(String incidentId) {
        Map<String, Delivery> byChannel = new java.util.TreeMap<>();
        finished.forEach((lane, d) -> {
            if (lane.endsWith("|" + incidentId)) {
                byChannel.put(d.channel(), d);
            }
        });
        for (Pending p : pending) { // pending wins: it is newer than anything finished
            if (p.notification().incident().id().equals(incidentId)) {
                byChannel.put(p.notification().channel(), new Delivery(p.notification().channel(),
                        p.notification().kind().name().toLowerCase(), "pending", p.attempts(), p.lastError()));
            }
        }
        return List.copyOf(byChannel.values());
    }

    public Set<String> channels() {
        return senders.keySet();
    }
}
