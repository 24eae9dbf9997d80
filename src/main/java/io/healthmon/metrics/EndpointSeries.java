package io.healthmon.metrics;

import io.healthmon.alert.AlertEngine;
import io.healthmon.config.EndpointSpec;
import io.healthmon.probe.EndpointState;
import io.healthmon.probe.Outcome;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.rule.Condition;
import io.healthmon.rule.Rule;
import io.healthmon.rule.RuleEvaluator;
import io.healthmon.rule.RuleState;
import io.healthmon.rule.Stat;
import io.healthmon.window.EndpointWindows;
import io.healthmon.window.StatsStore;
import io.healthmon.window.ValueStats;
import io.healthmon.window.WindowStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every per-endpoint series, written at scrape time from the running configuration's parts: the
 * endpoints' state, window statistics and body values, probe counts and durations, and each rule's
 * state. No meter object is kept per series (1,000 endpoints are some 90,000 series), so the heap
 * does not grow with them, and a scrape reads each endpoint's windows once into a few numbers per
 * series, then writes the text in chunks ({@link Exposition}): the simpleclient's collector built
 * every sample as an object and the whole text as one string (at 10,000 endpoints 560,000 samples and
 * 42 MB, some 150 MB for one scrape, and scrapes drove the heap into back-to-back full collections
 * that stalled probing). Which windows and
 * latency quantiles are written is configuration ({@code healthmon.metrics.*}); a quantile is part
 * of the metric name, since Prometheus reserves the {@code quantile} label for summaries. Label
 * values all come from configuration or fixed enums, never from a response.
 */
public final class EndpointSeries {

    /** What is scraped: the running configuration's parts. */
    public record Source(List<EndpointSpec> endpoints, StatsStore stats, ProbeHistory history, AlertEngine alerts,
                         ProbeCounts counts, String sloWindow, List<String> windows, List<Stat> quantiles) {
    }

    /** The {@code le} label of each duration bucket, then {@code +Inf}. */
    private static final String[] LE = new String[ProbeCounts.BUCKETS.length + 1];
    private static final String[] ALERT = {"endpoint", "rule", "severity", "state"};

    static {
        for (int i = 0; i < ProbeCounts.BUCKETS.length; i++) {
            StringBuilder b = new StringBuilder();
            Exposition.number(b, ProbeCounts.BUCKETS[i]);
            LE[i] = b.toString();
        }
        LE[ProbeCounts.BUCKETS.length] = "+Inf";
    }

    /**
     * One endpoint's figures, read once: families are written one after the other (the format wants
     * each family's lines together), and each reads its column of these rows.
     *
     * @param windows per exported window: each exported quantile, then the error ratio, then availability
     * @param values  per value name: the last value, then its maximum over each exported window
     */
    private record Row(EndpointSpec spec, double up, boolean read, double[] windows, double[] values, double budget,
                       ProbeCounts.Snapshot counts) {
    }

    private EndpointSeries() {
    }

    /** Writes every per-endpoint family of {@code s} to {@code out}. */
    public static void write(Source s, Exposition out) {
        List<Row> rows = new ArrayList<>(s.endpoints().size());
        for (EndpointSpec spec : s.endpoints()) {
            rows.add(row(s, spec));
        }
        int w = s.windows().size();
        int q = s.quantiles().size();
        int perWindow = q + 2;

        out.family("healthmon_endpoint_up", Exposition.Type.GAUGE,
                "1 when the latest probe succeeded, 0 when it failed, NaN before the first probe");
        for (Row r : rows) {
            out.sample("healthmon_endpoint_up", "endpoint", r.spec().name(), r.up());
        }
        for (int k = 0; k < q; k++) {
            String name = "healthmon_latency_" + s.quantiles().get(k).key() + "_seconds";
            out.family(name, Exposition.Type.GAUGE, "Latency " + s.quantiles().get(k).key() + " over a sliding window");
            windowed(out, name, rows, s.windows(), perWindow, k);
        }
        out.family("healthmon_error_ratio", Exposition.Type.GAUGE, "Time-weighted share of failed probes over a sliding window");
        windowed(out, "healthmon_error_ratio", rows, s.windows(), perWindow, q);
        out.family("healthmon_availability_ratio", Exposition.Type.GAUGE, "1 - the error ratio over a sliding window");
        windowed(out, "healthmon_availability_ratio", rows, s.windows(), perWindow, q + 1);

        out.family("healthmon_endpoint_value", Exposition.Type.GAUGE, "Last number read from the endpoint's body");
        for (Row r : rows) {
            if (r.read()) {
                int i = 0;
                for (String name : r.spec().values().keySet()) {
                    out.sample("healthmon_endpoint_value", "endpoint", r.spec().name(), "name", name, r.values()[i * (w + 1)]);
                    i++;
                }
            }
        }
        out.family("healthmon_endpoint_value_max", Exposition.Type.GAUGE, "Largest reported body value over a window");
        for (Row r : rows) {
            if (r.read()) {
                int i = 0;
                for (String name : r.spec().values().keySet()) {
                    for (int j = 0; j < w; j++) {
                        out.sample("healthmon_endpoint_value_max", "endpoint", r.spec().name(), "name", name, "window",
                                s.windows().get(j), r.values()[i * (w + 1) + 1 + j]);
                    }
                    i++;
                }
            }
        }
        out.family("healthmon_error_budget_remaining_ratio", Exposition.Type.GAUGE,
                "Share of the error budget left over the SLO window (negative when overspent)");
        for (Row r : rows) {
            if (r.read()) {
                out.sample("healthmon_error_budget_remaining_ratio", "endpoint", r.spec().name(), r.budget());
            }
        }
        out.family("healthmon_slo_objective_ratio", Exposition.Type.GAUGE, "The endpoint's availability objective");
        for (Row r : rows) {
            out.sample("healthmon_slo_objective_ratio", "endpoint", r.spec().name(), r.spec().sloObjective());
        }

        out.family("healthmon_probes_total", Exposition.Type.COUNTER, "Probes by endpoint and outcome");
        for (Row r : rows) {
            if (r.counts() != null) {
                for (Outcome o : Outcome.values()) {
                    out.sample("healthmon_probes_total", "endpoint", r.spec().name(), "outcome", o.label(),
                            r.counts().outcomes()[o.ordinal()]);
                }
            }
        }
        out.family("healthmon_probe_duration_seconds", Exposition.Type.HISTOGRAM,
                "Probe time: connect, response and body (timeouts count at the deadline)");
        for (Row r : rows) {
            ProbeCounts.Snapshot c = r.counts();
            if (c != null) {
                long[] cumulative = c.cumulativeBuckets();
                for (int i = 0; i < cumulative.length; i++) {
                    out.sample("healthmon_probe_duration_seconds_bucket", "endpoint", r.spec().name(), "le", LE[i], cumulative[i]);
                }
                out.sample("healthmon_probe_duration_seconds_count", "endpoint", r.spec().name(), c.count());
                out.sample("healthmon_probe_duration_seconds_sum", "endpoint", r.spec().name(), c.sumSeconds());
            }
        }
        alerts(s, out);
    }

    /** Reads what one endpoint's families need, once. */
    private static Row row(Source s, EndpointSpec spec) {
        String e = spec.name();
        double up = up(s.history().view(e).state());
        EndpointWindows ew = s.stats().snapshot(e);
        ProbeCounts.Snapshot counts = s.counts().snapshot(e);
        if (ew == null) {
            return new Row(spec, up, false, null, null, Double.NaN, counts);
        }
        int w = s.windows().size();
        int perWindow = s.quantiles().size() + 2;
        double[] windows = new double[w * perWindow];
        for (int j = 0; j < w; j++) {
            WindowStats ws = ew.window(s.windows().get(j));
            int at = j * perWindow;
            for (Stat q : s.quantiles()) {
                windows[at++] = q.read(ws);
            }
            windows[at++] = ws.errorRatio();
            windows[at] = ws.availabilityRatio();
        }
        double[] values = new double[spec.values().size() * (w + 1)];
        int at = 0;
        for (String name : spec.values().keySet()) {
            ValueStats v = ew.values().get(name);
            values[at++] = v == null ? Double.NaN : v.last();
            for (String label : s.windows()) {
                Double max = v == null ? null : v.maxByWindow().get(label);
                values[at++] = max == null ? Double.NaN : max;
            }
        }
        double budget = RuleEvaluator.budgetRemaining(ew.window(s.sloWindow()), spec.sloObjective());
        return new Row(spec, up, true, windows, values, budget, counts);
    }

    /** A family with one series per endpoint and window: column {@code column} of each window's figures. */
    private static void windowed(Exposition out, String name, List<Row> rows, List<String> windows, int perWindow, int column) {
        for (Row r : rows) {
            if (r.read()) {
                for (int j = 0; j < windows.size(); j++) {
                    out.sample(name, "endpoint", r.spec().name(), "window", windows.get(j), r.windows()[j * perWindow + column]);
                }
            }
        }
    }

    /** healthmon_alerts: 1 while a rule is pending or firing on an endpoint (like Prometheus's ALERTS), else 0. */
    private static void alerts(Source s, Exposition out) {
        out.family("healthmon_alerts", Exposition.Type.GAUGE, "1 while the rule is in this state on the endpoint");
        String[] values = new String[ALERT.length];
        for (Rule rule : s.alerts().rules()) {
            List<String> watched = rule.condition() instanceof Condition.CompleteOutage ? List.of(AlertEngine.ALL)
                    : s.endpoints().stream().map(EndpointSpec::name).filter(rule::watches).toList();
            for (String endpoint : watched) {
                RuleState.Phase now = s.alerts().phase(rule.name(), endpoint);
                for (RuleState.Phase phase : List.of(RuleState.Phase.PENDING, RuleState.Phase.FIRING)) {
                    values[0] = endpoint;
                    values[1] = rule.name();
                    values[2] = rule.severity().name();
                    values[3] = phase.name().toLowerCase(Locale.ROOT);
                    out.sample("healthmon_alerts", ALERT, values, now == phase ? 1 : 0);
                }
            }
        }
    }

    private static double up(EndpointState state) {
        return switch (state) {
            case UP -> 1;
            case DOWN -> 0;
            case UNKNOWN -> Double.NaN;
        };
    }
}
