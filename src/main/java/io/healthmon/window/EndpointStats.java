package io.healthmon.window;

import io.healthmon.config.Durations;
import io.healthmon.probe.ProbeResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * All sliding windows of one endpoint: latency/ratio windows, and a last/max series for each
 * named body value. Memory is fixed by the window list and the value names, whatever the probe rate.
 */
final class EndpointStats {

    private final String endpoint;
    private final List<Duration> lengths;
    private final int slots;
    private final List<SlidingWindow> windows = new ArrayList<>();
    private final Map<String, ValueSeries> values = new TreeMap<>();

    private final class ValueSeries {
        double last = Double.NaN;
        Instant lastAt;
        final List<MaxWindow> max = new ArrayList<>();

        ValueSeries() {
            for (Duration d : lengths) {
                max.add(new MaxWindow(d, slots));
            }
        }
    }

    EndpointStats(String endpoint, List<Duration> lengths, int slots, List<String> valueNames) {
        this.endpoint = endpoint;
        this.lengths = List.copyOf(lengths);
        this.slots = slots;
        for (Duration d : lengths) {
            windows.add(new SlidingWindow(d, slots));
        }
        for (String name : valueNames) {
            values.put(name, new ValueSeries());
        }
    }

    synchronized void record(ProbeResult r) {
        long t = r.startedAt().toEpochMilli();
        double latency = r.outcome().hasLatency() ? r.latencySeconds() : Double.NaN;
        for (SlidingWindow w : windows) {
            w.record(t, r.ok(), latency, r.weightSeconds());
        }
        r.values().forEach((name, v) -> {
            ValueSeries s = values.get(name);
            if (s != null && Double.isFinite(v)) { // only configured names: label sets stay bounded
                s.last = v;
                s.lastAt = r.startedAt();
                for (MaxWindow m : s.max) {
                    m.record(t, v);
                }
            }
        });
    }

    synchronized EndpointWindows snapshot(Instant now) {
        long t = now.toEpochMilli();
        Map<String, WindowStats> ws = new LinkedHashMap<>();
        for (SlidingWindow w : windows) {
            ws.put(Durations.format(w.length()), w.stats(t));
        }
        Map<String, ValueStats> vs = new LinkedHashMap<>();
        values.forEach((name, s) -> {
            Map<String, Double> max = new LinkedHashMap<>();
            for (int i = 0; i < lengths.size(); i++) {
                max.put(Durations.format(lengths.get(i)), s.max.get(i).max(t));
            }
            vs.put(name, new ValueStats(name, s.last, s.lastAt, max));
        });
        return new EndpointWindows(endpoint, now, ws, vs);
    }

    synchronized int allocatedBytes() {
        return windows.stream().mapToInt(SlidingWindow::allocatedBytes).sum();
    }

    synchronized int allocatedBuckets() {
        return windows.stream().mapToInt(SlidingWindow::allocatedBuckets).sum();
    }
}
