package io.healthmon.metrics;

import io.healthmon.probe.Outcome;
import io.healthmon.probe.ProbeResult;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code healthmon_probes_total{endpoint,outcome}} and the {@code healthmon_probe_duration_seconds}
 * histogram count: a few longs per endpoint, no meter objects. Outlives a reload, so an endpoint's
 * counts carry on; one a reload removed is dropped.
 */
public final class ProbeCounts {

    /** Upper bounds of healthmon_probe_duration_seconds: around the runbook's 2 s line, up to the longest sane timeout. */
    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 2.5, 5, 10, 30};

    /** One endpoint's counts; a result lands on an event loop, a scrape reads on a worker. */
    static final class Counts {
        private final long[] outcomes = new long[Outcome.values().length];
        /** Non-cumulative: probes whose time fell in bucket i (the last: above every bound). */
        private final long[] buckets = new long[BUCKETS.length + 1];
        private double sumSeconds;
        private long timed;

        synchronized void add(ProbeResult r) {
            outcomes[r.outcome().ordinal()]++;
            if (r.outcome().hasLatency()) {
                double s = r.latencySeconds();
                int i = 0;
                while (i < BUCKETS.length && s > BUCKETS[i]) {
                    i++;
                }
                buckets[i]++;
                sumSeconds += s;
                timed++;
            }
        }

        /** A consistent copy: outcome counts, cumulative bucket counts (+Inf last), the count and the sum. */
        synchronized Snapshot snapshot() {
            long[] cumulative = new long[buckets.length];
            long running = 0;
            for (int i = 0; i < buckets.length; i++) {
                running += buckets[i];
                cumulative[i] = running;
            }
            return new Snapshot(outcomes.clone(), cumulative, timed, sumSeconds);
        }
    }

    record Snapshot(long[] outcomes, long[] cumulativeBuckets, long count, double sumSeconds) {
    }

    private final Map<String, Counts> byEndpoint = new ConcurrentHashMap<>();

    /** Keeps the counts of these endpoints (starting at zero for a new one) and drops the others. */
    public void keep(Collection<String> endpoints) {
        endpoints.forEach(e -> byEndpoint.computeIfAbsent(e, k -> new Counts()));
        byEndpoint.keySet().retainAll(endpoints);
    }

    public void onResult(ProbeResult r) {
        Counts c = byEndpoint.get(r.endpoint());
        if (c != null) {
            c.add(r);
        }
    }

    /** Null for an endpoint not kept. */
    Snapshot snapshot(String endpoint) {
        Counts c = byEndpoint.get(endpoint);
        return c == null ? null : c.snapshot();
    }
}
