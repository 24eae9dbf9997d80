package io.healthmon.window;

import io.healthmon.config.EndpointSpec;
import io.healthmon.probe.ProbeResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The windows of every endpoint. Recording returns the endpoint's fresh snapshot, which is what the
 * next stage evaluates; readers (metrics, API) take one snapshot per endpoint when they read. No
 * snapshot is kept: one kept per endpoint lived a second, long enough for the collector to move
 * every one of them to the old generation, which then filled with them (a full collection every
 * few seconds at 2,000 endpoints).
 */
public final class StatsStore {

    /** How many UTC days of availability an endpoint keeps (see {@link #days}). */
    public static final int DAYS_KEPT = DailyAvailability.DAYS;

    private final Clock clock;
    private final List<Duration> windows;
    private final int slots;
    private final LabelMap.Labels labels;
    private final Map<String, EndpointStats> stats = new LinkedHashMap<>();
    private final Map<String, EndpointSpec> specs = new LinkedHashMap<>();

    /**
     * @param previous the store this one replaces (a reload), or null at startup: the windows of
     *                 every endpoint whose URL and body values are unchanged carry on, as long as the
     *                 window lengths and slots are the same
     */
    public StatsStore(List<EndpointSpec> endpoints, List<Duration> windows, int slots, Clock clock, StatsStore previous) {
        this.clock = clock;
        this.windows = List.copyOf(windows);
        this.slots = slots;
        this.labels = EndpointStats.labels(this.windows);
        boolean sameShape = previous != null && previous.windows.equals(this.windows) && previous.slots == slots;
        for (EndpointSpec e : endpoints) {
            EndpointSpec before = previous == null ? null : previous.specs.get(e.name());
            boolean sameUrl = before != null && before.url().equals(e.url());
            boolean keep = sameShape && sameUrl && before.values().keySet().equals(e.values().keySet());
            // the days go on with the same URL whatever the windows: they are not windows
            DailyAvailability days = sameUrl ? previous.stats.get(e.name()).daily() : new DailyAvailability();
            stats.put(e.name(), keep ? previous.stats.get(e.name())
                    : new EndpointStats(e.name(), windows, labels, slots, List.copyOf(e.values().keySet()), days));
            specs.put(e.name(), e);
        }
    }

    public List<Duration> windows() {
        return windows;
    }

    public EndpointWindows record(ProbeResult r) {
        EndpointStats s = stats.get(r.endpoint());
        if (s == null) {
            throw new IllegalArgumentException("result for unknown endpoint '" + r.endpoint() + "'");
        }
        s.record(r);
        return s.snapshot(laterOf(clock.instant(), r.startedAt()));
    }

    /** The endpoint's windows now; null for an unknown endpoint. */
    public EndpointWindows snapshot(String endpoint) {
        EndpointStats s = stats.get(endpoint);
        return s == null ? null : s.snapshot(clock.instant());
    }

    /** Writes one endpoint's windows (a checkpoint). */
    public void writeTo(String endpoint, DataOutput out) throws IOException {
        EndpointStats s = stats.get(endpoint);
        if (s == null) {
            throw new IllegalArgumentException("unknown endpoint '" + endpoint + "'");
        }
        s.writeTo(out);
    }

    /**
     * Takes over one endpoint's windows as {@link #writeTo} wrote them for the same window lengths
     * and slots, the time from {@code savedAt} until {@code now} counted as a gap. On a read error the
     * endpoint keeps fresh windows and the error is thrown.
     */
    void restore(String endpoint, DataInput in, Instant savedAt, Instant now) throws IOException {
        EndpointSpec spec = specs.get(endpoint);
        if (spec == null) {
            throw new IllegalArgumentException("unknown endpoint '" + endpoint + "'");
        }
        EndpointStats restored = new EndpointStats(endpoint, windows, labels, slots, List.copyOf(spec.values().keySet()),
                stats.get(endpoint).daily());
        restored.readFrom(in, savedAt.toEpochMilli(), now.toEpochMilli());
        stats.put(endpoint, restored); // before the first probe: nothing else reads the map yet
    }

    /**
     * Availability by UTC day: the {@code count} days up to today (at most {@link #DAYS_KEPT}),
     * oldest first; null for an unknown endpoint.
     */
    public List<DayAvailability> days(String endpoint, int count) {
        EndpointStats s = stats.get(endpoint);
        return s == null ? null : s.days(clock.instant(), Math.min(count, DAYS_KEPT));
    }

    /** Writes one endpoint's days (a checkpoint). */
    public void writeDaysTo(String endpoint, DataOutput out) throws IOException {
        EndpointStats s = stats.get(endpoint);
        if (s == null) {
            throw new IllegalArgumentException("unknown endpoint '" + endpoint + "'");
        }
        s.writeDaysTo(out);
    }

    /** Takes over one endpoint's days as {@link #writeDaysTo} wrote them, before the first probe. */
    void restoreDays(String endpoint, DataInput in) throws IOException {
        EndpointStats s = stats.get(endpoint);
        if (s == null) {
            throw new IllegalArgumentException("unknown endpoint '" + endpoint + "'");
        }
        s.readDaysFrom(in);
    }

    int slots() {
        return slots;
    }

    /** Sketch buckets allocated for one endpoint: 4 bytes each (see the README's memory bound). */
    public int allocatedBuckets(String endpoint) {
        return stats.get(endpoint).allocatedBuckets();
    }

    private static Instant laterOf(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
