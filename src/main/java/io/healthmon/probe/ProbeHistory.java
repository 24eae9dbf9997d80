package io.healthmon.probe;

import io.healthmon.config.EndpointSpec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Each endpoint's state and its last {@value #KEEP} results. Logs a line when an endpoint's state
 * or failure class changes, never once per probe, so a long outage is one line, not thousands.
 * The results are kept as columns of primitives (some 30 bytes each, instead of a result object
 * with its instant, map and boxed numbers: ten times that) and made whole again when asked for.
 */
public final class ProbeHistory {

    public static final int KEEP = 100;
    private static final Logger LOG = Logger.getLogger("io.healthmon.probe");

    /** The state of one endpoint as read by the API and the health checks. */
    public record View(EndpointSpec spec, EndpointState state, Instant since, ProbeResult last,
                       long probes, long consecutiveFailures) {
    }

    private static final Outcome[] OUTCOMES = Outcome.values();

    /** One endpoint: its state, and its last results as a ring of columns. */
    private static final class Entry {
        final EndpointSpec spec;
        final List<String> valueNames;
        final long[] startedAtNanos = new long[KEEP];
        final long[] latencyNanos = new long[KEEP];
        final byte[] outcome = new byte[KEEP];
        final short[] httpStatus = new short[KEEP];
        /** A message equal to the one before shares its string. */
        final String[] message = new String[KEEP];
        final float[] weightSeconds = new float[KEEP];
        /** Per configured value name, the value each result read (NaN: none). */
        final double[][] values;
        long probes;
        /** Results restored from a checkpoint: the first round since the start has not run while probes == restored. */
        long restored;
        long consecutiveFailures;
        EndpointState state = EndpointState.UNKNOWN;
        Instant since;

        Entry(EndpointSpec spec) {
            this.spec = spec;
            this.valueNames = List.copyOf(spec.values().keySet());
            this.values = new double[valueNames.size()][KEEP];
        }

        /**
         * The newest result, rebuilt from the columns. Not kept whole: a result kept until the next
         * one outlived a young collection, and at thousands of endpoints a second's worth of them was
         * promoted, and left as garbage in the old generation, every second.
         */
        ProbeResult last() {
            return probes == 0 ? null : get((int) ((probes - 1) % KEEP));
        }

        /** The newest result's outcome, read off its column; null before the first. */
        Outcome lastOutcome() {
            return probes == 0 ? null : OUTCOMES[outcome[(int) ((probes - 1) % KEEP)]];
        }

        void put(ProbeResult r) {
            int i = (int) (probes % KEEP);
            Instant t = r.startedAt();
            startedAtNanos[i] = t.getEpochSecond() * 1_000_000_000L + t.getNano();
            latencyNanos[i] = r.latencyNanos();
            outcome[i] = (byte) r.outcome().ordinal();
            httpStatus[i] = (short) r.httpStatus();
            String before = probes == 0 ? null : message[(int) ((probes - 1) % KEEP)];
            message[i] = r.message().equals(before) ? before : r.message();
            weightSeconds[i] = (float) r.weightSeconds();
            for (int v = 0; v < valueNames.size(); v++) {
                Double d = r.values().get(valueNames.get(v));
                values[v][i] = d == null ? Double.NaN : d;
            }
            probes++;
        }

        /** The result in ring slot {@code i}, whole again. */
        ProbeResult get(int i) {
            Map<String, Double> vs = new LinkedHashMap<>();
            for (int v = 0; v < valueNames.size(); v++) {
                if (!Double.isNaN(values[v][i])) {
                    vs.put(valueNames.get(v), values[v][i]);
                }
            }
            long at = startedAtNanos[i];
            return new ProbeResult(spec.name(), Instant.ofEpochSecond(Math.floorDiv(at, 1_000_000_000L),
                    Math.floorMod(at, 1_000_000_000L)), latencyNanos[i], OUTCOMES[outcome[i]], httpStatus[i], message[i], vs,
                    weightSeconds[i] > 0 ? weightSeconds[i] : 1);
        }

        /** Carries on {@code old}'s results (an unchanged endpoint after a reload); values by name. */
        void copy(Entry old) {
            System.arraycopy(old.startedAtNanos, 0, startedAtNanos, 0, KEEP);
            System.arraycopy(old.latencyNanos, 0, latencyNanos, 0, KEEP);
            System.arraycopy(old.outcome, 0, outcome, 0, KEEP);
            System.arraycopy(old.httpStatus, 0, httpStatus, 0, KEEP);
            System.arraycopy(old.message, 0, message, 0, KEEP);
            System.arraycopy(old.weightSeconds, 0, weightSeconds, 0, KEEP);
            for (int v = 0; v < valueNames.size(); v++) {
                int o = old.valueNames.indexOf(valueNames.get(v));
                if (o >= 0) {
                    System.arraycopy(old.values[o], 0, values[v], 0, KEEP);
                } else {
                    Arrays.fill(values[v], Double.NaN);
                }
            }
            probes = old.probes;
            restored = old.restored;
        }

        /** The state and the results kept, oldest first (a checkpoint). */
        void writeTo(DataOutput out) throws IOException {
            out.writeByte(state.ordinal());
            out.writeLong(since == null ? Long.MIN_VALUE : since.toEpochMilli());
            out.writeLong(probes);
            out.writeLong(consecutiveFailures);
            int n = (int) Math.min(probes, KEEP);
            out.writeShort(n);
            out.writeShort(valueNames.size());
            for (String name : valueNames) {
                out.writeUTF(name);
            }
            for (long p = probes - n; p < probes; p++) {
                int i = (int) (p % KEEP);
                out.writeLong(startedAtNanos[i]);
                out.writeLong(latencyNanos[i]);
                out.writeByte(outcome[i]);
                out.writeShort(httpStatus[i]);
                writeText(out, message[i]);
                out.writeFloat(weightSeconds[i]);
                for (double[] column : values) {
                    out.writeDouble(column[i]);
                }
            }
        }

        /** Takes over what {@link #writeTo} wrote; values by name, those no longer configured are skipped. */
        void readFrom(DataInput in) throws IOException {
            int st = in.readUnsignedByte();
            long sinceMillis = in.readLong();
            long count = in.readLong();
            long failures = in.readLong();
            int n = in.readUnsignedShort();
            int names = in.readUnsignedShort();
            if (st >= EndpointState.values().length || count < n || n > KEEP || failures < 0 || failures > count) {
                throw new IOException("probe history out of range");
            }
            int[] column = new int[names];
            for (int v = 0; v < names; v++) {
                column[v] = valueNames.indexOf(in.readUTF());
            }
            for (int v = 0; v < values.length; v++) {
                Arrays.fill(values[v], Double.NaN);
            }
            for (long p = count - n; p < count; p++) {
                int i = (int) (p % KEEP);
                startedAtNanos[i] = in.readLong();
                latencyNanos[i] = in.readLong();
                int o = in.readUnsignedByte();
                if (o >= OUTCOMES.length) {
                    throw new IOException("unknown probe outcome " + o);
                }
                outcome[i] = (byte) o;
                httpStatus[i] = in.readShort();
                String m = readText(in);
                String before = p == count - n ? null : message[(int) ((p - 1) % KEEP)];
                message[i] = m.equals(before) ? before : m;
                weightSeconds[i] = in.readFloat();
                for (int v = 0; v < names; v++) {
                    double d = in.readDouble();
                    if (column[v] >= 0) {
                        values[column[v]][i] = d;
                    }
                }
            }
            probes = count;
            restored = count;
            consecutiveFailures = failures;
            state = EndpointState.values()[st];
            since = sinceMillis == Long.MIN_VALUE ? since : Instant.ofEpochMilli(sinceMillis);
        }
    }

    /** Messages are short; a longer one (a proxy's error page) is cut rather than refused. */
    private static void writeText(DataOutput out, String text) throws IOException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(b.length, 4096);
        out.writeShort(n);
        out.write(b, 0, n);
    }

    private static String readText(DataInput in) throws IOException {
        byte[] b = new byte[in.readUnsignedShort()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Streaks counted exactly up to this length; a longer one is counted at it. */
    static final int COUNTED_STREAK = 64;

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    /**
     * Endpoints by the length of their failing streak (capped at {@link #COUNTED_STREAK}), and
     * those up: what a complete-outage rule over every endpoint reads on each result of an outage,
     * where a scan of every endpoint per result grew with the square of the endpoints (2,000
     * endpoints all failing took more than a core).
     */
    private final AtomicIntegerArray streaks = new AtomicIntegerArray(COUNTED_STREAK + 1);
    private final AtomicInteger up = new AtomicInteger();
    /** When the latest result of any endpoint was taken (the start before the first): liveness reads it. */
    private volatile Instant lastResultAt;

    /**
     * @param previous the history this one replaces (a reload), or null at startup: the state,
     *                 streak and recent results of every endpoint whose URL is unchanged carry on
     */
    public ProbeHistory(List<EndpointSpec> specs, Instant startedAt, ProbeHistory previous) {
        this.lastResultAt = previous == null ? startedAt : previous.lastResultAt;
        for (EndpointSpec s : specs) {
            Entry e = new Entry(s);
            e.since = startedAt;
            Entry old = previous == null ? null : previous.entries.get(s.name());
            if (old != null && old.spec.url().equals(s.url())) {
                synchronized (old) {
                    e.copy(old);
                    e.consecutiveFailures = old.consecutiveFailures;
                    e.state = old.state;
                    e.since = old.since;
                }
            }
            entries.put(s.name(), e);
            count(e, 1);
        }
    }

    /** Adds ({@code +1}) or removes ({@code -1}) an entry's streak and state from the counts. */
    private void count(Entry e, int sign) {
        streaks.addAndGet((int) Math.min(e.consecutiveFailures, COUNTED_STREAK), sign);
        if (e.state == EndpointState.UP) {
            up.addAndGet(sign);
        }
    }

    /**
     * Records a result, the endpoint's newest.
     *
     * @return the endpoint's view with it: what the rules read of the history on every result, made
     *         with {@code r} itself as the last result rather than one rebuilt from the columns
     */
    public View record(ProbeResult r) {
        Entry e = entries.get(r.endpoint());
        if (e == null) {
            throw new IllegalArgumentException("result for unknown endpoint '" + r.endpoint() + "'");
        }
        if (r.startedAt().isAfter(lastResultAt)) {
            lastResultAt = r.startedAt();
        }
        EndpointState was;
        Outcome previousOutcome;
        View view;
        synchronized (e) {
            count(e, -1);
            previousOutcome = e.lastOutcome();
            e.put(r);
            e.consecutiveFailures = r.ok() ? 0 : e.consecutiveFailures + 1;
            was = e.state;
            EndpointState now = r.ok() ? EndpointState.UP : EndpointState.DOWN;
            if (now != was) {
                e.state = now;
                e.since = r.startedAt();
            }
            count(e, 1);
            view = new View(e.spec, e.state, e.since, r, e.probes, e.consecutiveFailures);
        }
        if (r.ok() && was == EndpointState.DOWN) {
            LOG.infof("endpoint=%s state=up (was down) latency=%.0fms", r.endpoint(), r.latencySeconds() * 1000);
        } else if (!r.ok() && (was != EndpointState.DOWN || previousOutcome != r.outcome())) {
            // A new failure class while down is news too (e.g. timeouts turning into refusals).
            String wasText = was == EndpointState.DOWN ? "down/" + previousOutcome.label() : was.label();
            LOG.warnf("endpoint=%s state=down (was %s) outcome=%s message=\"%s\"", r.endpoint(), wasText,
                    r.outcome().label(), r.message());
        }
        return view;
    }

    /** Writes one endpoint's state and recent results (a checkpoint); nothing for an unknown endpoint. */
    public void writeTo(String endpoint, DataOutput out) throws IOException {
        Entry e = entries.get(endpoint);
        if (e == null) {
            throw new IllegalArgumentException("unknown endpoint '" + endpoint + "'");
        }
        synchronized (e) {
            e.writeTo(out);
        }
    }

    /**
     * Takes over one endpoint's state and recent results as {@link #writeTo} wrote them, before
     * its first probe; on a read error it starts fresh and the error is thrown.
     */
    public void restore(String endpoint, DataInput in) throws IOException {
        Entry fresh = entries.get(endpoint);
        if (fresh == null) {
            throw new IllegalArgumentException("unknown endpoint '" + endpoint + "'");
        }
        Entry e = new Entry(fresh.spec);
        e.since = fresh.since;
        e.readFrom(in); // throws before anything is replaced
        synchronized (fresh) {
            if (fresh.probes > 0) {
                throw new IllegalStateException("endpoint '" + endpoint + "' was probed before its history was restored");
            }
            count(fresh, -1);
            entries.put(endpoint, e);
            count(e, 1);
        }
    }

    /** Whether this history keeps the endpoint (cheap: no view is made). */
    public boolean has(String endpoint) {
        return entries.containsKey(endpoint);
    }

    public View view(String endpoint) {
        Entry e = entries.get(endpoint);
        if (e == null) {
            return null;
        }
        synchronized (e) {
            return new View(e.spec, e.state, e.since, e.last(), e.probes, e.consecutiveFailures);
        }
    }

    public List<View> views() {
        List<View> out = new ArrayList<>();
        for (String name : entries.keySet()) {
            out.add(view(name));
        }
        return out;
    }

    /** The last results of one endpoint, newest first; null for an unknown endpoint. */
    public List<ProbeResult> recent(String endpoint) {
        Entry e = entries.get(endpoint);
        if (e == null) {
            return null;
        }
        synchronized (e) {
            int n = (int) Math.min(e.probes, KEEP);
            List<ProbeResult> out = new ArrayList<>(n);
            for (int i = 1; i <= n; i++) {
                out.add(e.get((int) ((e.probes - i) % KEEP)));
            }
            return Collections.unmodifiableList(out);
        }
    }

    public Instant lastResultAt() {
        return lastResultAt;
    }

    /** How many endpoints' latest probe failed. */
    public int failing() {
        return entries.size() - streaks.get(0); // the rest have a streak of at least one
    }

    /** How many endpoints failed at least their last {@code consecutive} probes (at least 1). */
    public int failingFor(int consecutive) {
        if (consecutive < 1) {
            throw new IllegalArgumentException("a streak is at least 1 probe, got " + consecutive);
        }
        if (consecutive > COUNTED_STREAK) { // beyond what is counted: a scan (a rule this patient is rare)
            int n = 0;
            for (Entry e : entries.values()) {
                synchronized (e) {
                    n += e.consecutiveFailures >= consecutive ? 1 : 0;
                }
            }
            return n;
        }
        int n = 0;
        for (int i = consecutive; i <= COUNTED_STREAK; i++) {
            n += streaks.get(i);
        }
        return n;
    }

    /** How many endpoints are up (their latest probe succeeded). */
    public int up() {
        return up.get();
    }

    public int size() {
        return entries.size();
    }

    /** True once every endpoint has a result since the start (restored ones do not count). */
    public boolean allProbed() {
        for (Entry e : entries.values()) {
            synchronized (e) {
                if (e.probes == e.restored) {
                    return false;
                }
            }
        }
        return true;
    }
}
