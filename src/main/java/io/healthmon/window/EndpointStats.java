package io.healthmon.window;

import io.healthmon.config.Durations;
import io.healthmon.probe.ProbeResult;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
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
    /** Each window's label ("5m") and index, shared by the store's endpoints: a snapshot is taken on every probe. */
    private final LabelMap.Labels labels;
    private final int slots;
    private final List<SlidingWindow> windows = new ArrayList<>();
    private final Map<String, ValueSeries> values = new TreeMap<>();
    /** When the daemon was down since these windows began (restored from a checkpoint). */
    private Gaps gaps = Gaps.NONE;
    /** Availability by day: independent of the window list, so it outlives a change of it. */
    private final DailyAvailability daily;

    private final class ValueSeries {
        double last = Double.NaN;
        /** Epoch millis (MIN_VALUE: never): an Instant kept per result outlived young collections, as garbage promoted. */
        long lastAt = Long.MIN_VALUE;
        final List<MaxWindow> max = new ArrayList<>();

        ValueSeries() {
            for (Duration d : lengths) {
                max.add(new MaxWindow(d, slots));
            }
        }
    }

    EndpointStats(String endpoint, List<Duration> lengths, int slots, List<String> valueNames) {
        this(endpoint, lengths, labels(lengths), slots, valueNames, new DailyAvailability());
    }

    /**
     * @param labels the labels of {@code lengths} (see {@link #labels}), shared with other endpoints
     * @param daily  the endpoint's days so far (a new one, or the one of the windows these replace)
     */
    EndpointStats(String endpoint, List<Duration> lengths, LabelMap.Labels labels, int slots, List<String> valueNames,
                  DailyAvailability daily) {
        this.endpoint = endpoint;
        this.daily = daily;
        this.lengths = List.copyOf(lengths);
        this.labels = labels;
        this.slots = slots;
        LatencySketch slotView = new LatencySketch(); // windows are used one at a time, under this object's lock
        for (Duration d : lengths) {
            windows.add(new SlidingWindow(d, slots, slotView));
        }
        for (String name : valueNames) {
            values.put(name, new ValueSeries());
        }
    }

    static LabelMap.Labels labels(List<Duration> lengths) {
        return new LabelMap.Labels(lengths, Durations::format);
    }

    synchronized void record(ProbeResult r) {
        long t = r.startedAt().toEpochMilli();
        double latency = r.outcome().hasLatency() ? r.latencySeconds() : Double.NaN;
        for (SlidingWindow w : windows) {
            w.record(t, r.ok(), latency, r.weightSeconds());
        }
        daily.record(t, r.ok(), r.weightSeconds());
        r.values().forEach((name, v) -> {
            ValueSeries s = values.get(name);
            if (s != null && Double.isFinite(v)) { // only configured names: label sets stay bounded
                s.last = v;
                s.lastAt = t;
                for (MaxWindow m : s.max) {
                    m.record(t, v);
                }
            }
        });
    }

    synchronized EndpointWindows snapshot(Instant now) {
        long t = now.toEpochMilli();
        WindowStats[] ws = new WindowStats[labels.size()];
        for (int i = 0; i < ws.length; i++) {
            ws[i] = windows.get(i).stats(t, gaps);
        }
        Map<String, ValueStats> vs = values.isEmpty() ? Map.of() : new LinkedHashMap<>(values.size() * 2);
        values.forEach((name, s) -> {
            double[] max = new double[ws.length];
            for (int i = 0; i < max.length; i++) {
                max[i] = s.max.get(i).max(t);
            }
            vs.put(name, new ValueStats(name, s.last, s.lastAt == Long.MIN_VALUE ? null : Instant.ofEpochMilli(s.lastAt),
                    LabelMap.ofDoubles(labels, max)));
        });
        return new EndpointWindows(endpoint, now, LabelMap.of(labels, ws), vs);
    }

    /** Writes every window, value series and gap (a checkpoint). */
    synchronized void writeTo(DataOutput out) throws IOException {
        out.writeInt(windows.size());
        for (SlidingWindow w : windows) {
            w.writeTo(out);
        }
        out.writeInt(values.size());
        for (Map.Entry<String, ValueSeries> e : values.entrySet()) {
            ValueSeries s = e.getValue();
            out.writeUTF(e.getKey());
            out.writeDouble(s.last);
            out.writeLong(s.lastAt);
            for (MaxWindow m : s.max) {
                m.writeTo(out);
            }
        }
        out.writeInt(gaps.size());
        for (int i = 0; i < gaps.size(); i++) {
            out.writeLong(gaps.start(i));
            out.writeLong(gaps.end(i));
        }
    }

    /**
     * Takes over what {@link #writeTo} wrote for windows of the same lengths and slots, then marks
     * the time from {@code savedAt} to {@code now} as a gap: the daemon was not watching. Value
     * series of names this endpoint no longer reports are skipped.
     */
    synchronized void readFrom(DataInput in, long savedAt, long now) throws IOException {
        int n = in.readInt();
        if (n != windows.size()) {
            throw new IOException(n + " windows saved, " + windows.size() + " kept now");
        }
        for (SlidingWindow w : windows) {
            w.readFrom(in);
        }
        int valueCount = in.readInt();
        for (int v = 0; v < valueCount; v++) {
            String name = in.readUTF();
            double last = in.readDouble();
            long lastAt = in.readLong();
            ValueSeries s = values.get(name);
            ValueSeries target = s != null ? s : new ValueSeries(); // read to skip it
            for (MaxWindow m : target.max) {
                m.readFrom(in);
            }
            target.last = last;
            target.lastAt = lastAt;
        }
        int gapCount = in.readInt();
        if (gapCount < 0 || gapCount > Gaps.KEEP) {
            throw new IOException(gapCount + " gaps saved, at most " + Gaps.KEEP + " are kept");
        }
        long[] spans = new long[2 * gapCount];
        for (int i = 0; i < spans.length; i++) {
            spans[i] = in.readLong();
        }
        long longest = lengths.stream().mapToLong(Duration::toMillis).max().orElse(0);
        gaps = new Gaps(spans).plus(savedAt, now, now - longest);
    }

    /** The {@code count} UTC days up to the one holding {@code now}, oldest first. */
    synchronized List<DayAvailability> days(Instant now, int count) {
        return daily.days(now.toEpochMilli(), count);
    }

    /** The days as a checkpoint keeps them: apart from the windows, since they outlive a change of the window list. */
    synchronized void writeDaysTo(DataOutput out) throws IOException {
        daily.writeTo(out);
    }

    /** Takes over what {@link #writeDaysTo} wrote, before the first result. */
    synchronized void readDaysFrom(DataInput in) throws IOException {
        daily.readFrom(in);
    }

    /** The days, handed to the windows that replace these (a reload that changed the window list). */
    synchronized DailyAvailability daily() {
        return daily;
    }

    synchronized int allocatedBytes() {
        return windows.stream().mapToInt(SlidingWindow::allocatedBytes).sum();
    }

    synchronized int allocatedBuckets() {
        return windows.stream().mapToInt(SlidingWindow::allocatedBuckets).sum();
    }
}
