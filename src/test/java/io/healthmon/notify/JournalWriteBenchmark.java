package io.healthmon.notify;

import io.healthmon.TestClock;
import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.healthmon.rule.Severity;
import io.healthmon.state.StateFile;
import io.healthmon.state.StateWriter;
import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What the delivery journal costs on this machine's disk: (1) one atomic, fsynced snapshot
 * (delivery.json, written when the log is folded in) with 100 / 1,000 / 10,000 pending
 * notifications, (2) at the bound (10,000 pending on a failing channel), the time from a new
 * trigger's enqueue to its send attempt (it waits for its line in delivery.log), (3) the writes a
 * retry storm of the 10,000 causes.
 * Bounded: a temporary directory, removed at the end. Run: ./mvnw test-compile exec:exec@journal
 */
public final class JournalWriteBenchmark {

    private static Notification notification(int n, Notification.Kind kind, String channel, Instant at) {
        Incident i = new Incident("endpoint-down:endpoint-" + n + ":" + Long.toString(at.getEpochSecond(), 36), "endpoint-down",
                "endpoint-" + n, "https://platform.example/api/health/endpoint-" + n, Severity.P1, Incident.State.FIRING, at, null,
                2, 2, "2 consecutive failed probes (threshold 2)", List.of(channel),
                Map.of("error_ratio_5m", 0.4, "latency_p95_5m", 1.2, "availability_1h", 0.97), false);
        return Notification.of(kind, i, channel, at);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("healthmon-journal-bench");
        Clock clock = Clock.systemUTC();
        try {
            System.out.println("one snapshot of delivery.json (temporary file, fsync, rename, directory fsync), median of 15:");
            for (int size : new int[] {100, 1_000, 10_000}) {
                List<Pending> pending = new ArrayList<>();
                for (int n = 0; n < size; n++) {
                    pending.add(new Pending(n, notification(n, Notification.Kind.TRIGGER, "pagerduty", clock.instant()), 3,
                            clock.instant(), "HTTP 503"));
                }
                DeliveryJournal.Saved saved = new DeliveryJournal.Saved(size, pending);
                StateFile<DeliveryJournal.Saved> f = new StateFile<>(dir.resolve("delivery-" + size + ".json"),
                        DeliveryJournal.Saved.class, clock);
                List<Double> ms = new ArrayList<>();
                for (int r = 0; r < 18; r++) {
                    long t0 = System.nanoTime();
                    f.save(saved);
                    if (r >= 3) {
                        ms.add((System.nanoTime() - t0) / 1e6);
                    }
                }
                System.out.printf("  %,6d pending: %,10d bytes, %7.1f ms%n", size, Files.size(f.path()), median(ms));
            }
            atTheBound(dir);
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** 10,000 pending on a failing channel; new triggers on a working one. */
    private static void atTheBound(Path dir) throws Exception {
        TestClock clock = new TestClock(Instant.now());
        AtomicLong writerTasks = new AtomicLong();
        ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "state-writer");
            t.setDaemon(true);
            return t;
        });
        StateWriter writer = StateWriter.on(task -> {
            writerTasks.incrementAndGet();
            thread.execute(task);
        }, clock);
        LinkedBlockingQueue<Long> sentAt = new LinkedBlockingQueue<>();
        Sender failing = n -> Future.succeededFuture(new SendResult.Retry("HTTP 503", Duration.ZERO));
        // a failing channel retried hourly: its notifications stay pending until the test moves the clock
        Sender working = n -> {
            sentAt.add(System.nanoTime());
            return Future.succeededFuture(new SendResult.Delivered("HTTP 202"));
        };
        RetryPolicy policy = new RetryPolicy(Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(30), Duration.ofMinutes(5),
                () -> 0.5);
        DeliveryQueue q = new DeliveryQueue(new DeliveryQueue.Transport() {
            @Override
            public Optional<Sender> sender(String channel) {
                return Optional.of(channel.equals("down") ? failing : working);
            }

            @Override
            public RetryPolicy retryPolicy() {
                return policy;
            }

            @Override
            public int maxPending() {
                return 10_000;
            }
        }, clock, new StateFile<>(dir.resolve("delivery.json"), DeliveryJournal.Saved.class, clock, writer), (c, o, a) -> { });
        for (int n = 0; n < 9_999; n++) {
            q.enqueue(notification(n, Notification.Kind.TRIGGER, "down", clock.instant()));
        }
        drain(thread);
        System.out.printf("at the bound: %,d pending, %,d bytes in delivery.json and delivery.log%n", q.pending("down"),
                size(dir.resolve("delivery.json")) + size(dir.resolve("delivery.log")));

        long before = writerTasks.get();
        clock.advance(Duration.ofHours(2));
        q.pump(); // every failing one is due again: a retry storm
        drain(thread);
        System.out.printf("a retry storm of %,d notifications: %d writer tasks (retry bookkeeping stays in memory)%n",
                q.pending("down"), writerTasks.get() - before);

        List<Double> ms = new ArrayList<>();
        for (int r = 0; r < 20; r++) {
            long t0 = System.nanoTime();
            q.enqueue(notification(100_000 + r, Notification.Kind.TRIGGER, "up", clock.instant()));
            Long at = sentAt.poll(30, TimeUnit.SECONDS);
            if (at == null) {
                throw new IllegalStateException("the trigger was not attempted within 30 s");
            }
            ms.add((at - t0) / 1e6);
            drain(thread);
        }
        System.out.printf("new trigger, enqueue -> send attempt, at the bound: median %.1f ms, max %.1f ms (20 triggers)%n",
                median(ms), Collections.max(ms));
        thread.shutdown();
    }

    private static long size(Path p) throws IOException {
        return Files.exists(p) ? Files.size(p) : 0;
    }

    private static void drain(ExecutorService thread) throws Exception {
        thread.submit(() -> { }).get(60, TimeUnit.SECONDS);
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        return s.get(s.size() / 2);
    }
}
