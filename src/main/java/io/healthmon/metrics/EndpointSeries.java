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
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.Collector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every per-endpoint series, written at scrape time from the running configuration's parts: the
 * endpoints' state, window statistics and body values, probe counts and durations, and each rule's
 * state. No meter object is kept per series (1,000 endpoints are some 90,000 series), so the heap
 * does not grow with them, and a scrape reads each endpoint's windows once. Which windows and
 * latency quantiles are written is configuration ({@code healthmon.metrics.*}); a quantile is part
 * of the metric name, since Prometheus reserves the {@code quantile} label for summaries. Label
 * values all come from configuration or fixed enums, never from a response.
 */
public final class EndpointSeries extends Collector {

    /** What is scraped: the running configuration's parts. */
    public record Source(List<EndpointSpec> endpoints, StatsStore stats, ProbeHistory history, AlertEngine alerts,
                         ProbeCounts counts, String sloWindow, List<String> windows, List<Stat> quantiles) {
    }

    private static final List<String> ENDPOINT = List.of("endpoint");
    private static final List<String> ENDPOINT_WINDOW = List.of("endpoint", "window");
    private static final List<String> ENDPOINT_NAME = List.of("endpoint", "name");
    private static final List<String> ENDPOINT_NAME_WINDOW = List.of("endpoint", "name", "window");
    private static final List<String> ENDPOINT_OUTCOME = List.of("endpoint", "outcome");
    private static final List<String> ENDPOINT_LE = List.of("endpoint", "le");
    private static final List<String> ALERT = List.of("endpoint", "rule", "severity", "state");

    private final Supplier<Source> source;

    /** @param source the running configuration's parts; null before the first is running */
    public EndpointSeries(Supplier<Source> source) {
        this.source = source;
    }

    /**
     * Adds the series to the Prometheus registry behind {@code registry} (itself, or one of a
     * composite's); without one (no Prometheus registry configured) there is nothing to add them to.
     */
    public static void register(MeterRegistry registry, Supplier<Source> source) {
        prometheus(registry).ifPresent(p -> p.getPrometheusRegistry().register(new EndpointSeries(source)));
    }

    private static Optional<PrometheusMeterRegistry> prometheus(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry p) {
            return Optional.of(p);
        }
        if (registry instanceof CompositeMeterRegistry c) {
            for (MeterRegistry r : c.getRegistries()) {
                Optional<PrometheusMeterRegistry> p = prometheus(r);
                if (p.isPresent()) {
                    return p;
                }
            }
        }
        return Optional.empty();
    }

    /** A metric family being filled. */
    private static final class Family {
        final String name;
        final Type type;
        final String help;
        final List<MetricFamilySamples.Sample> samples = new ArrayList<>();

        Family(String name, Type type, String help) {
            this.name = name;
            this.type = type;
            this.help = help;
        }

        void add(String sample, List<String> labels, List<String> values, double v) {
            samples.add(new MetricFamilySamples.Sample(sample, labels, values, v));
        }

        void add(List<String> labels, List<String> values, double v) {
            add(name, labels, values, v);
        }

        MetricFamilySamples done() {
            return new MetricFamilySamples(name, type, help, samples);
        }
    }

    @Override
    public List<MetricFamilySamples> collect() {
        Source s = source.get();
        if (s == null) {
            return List.of();
        }
        Family up = new Family("healthmon_endpoint_up", Type.GAUGE,
                "1 when the latest probe succeeded, 0 when it failed, NaN before the first probe");
        Map<Stat, Family> latency = new LinkedHashMap<>();
        for (Stat q : s.quantiles()) {
            latency.put(q, new Family("healthmon_latency_" + q.key() + "_seconds", Type.GAUGE,
                    "Latency " + q.key() + " over a sliding window"));
        }
        Family errors = new Family("healthmon_error_ratio", Type.GAUGE, "Time-weighted share of failed probes over a sliding window");
        Family availability = new Family("healthmon_availability_ratio", Type.GAUGE, "1 - the error ratio over a sliding window");
        Family value = new Family("healthmon_endpoint_value", Type.GAUGE, "Last number read from the endpoint's body");
        Family valueMax = new Family("healthmon_endpoint_value_max", Type.GAUGE, "Largest reported body value over a window");
        Family budget = new Family("healthmon_error_budget_remaining_ratio", Type.GAUGE,
                "Share of the error budget left over the SLO window (negative when overspent)");
        Family objective = new Family("healthmon_slo_objective_ratio", Type.GAUGE, "The endpoint's availability objective");
        Family probes = new Family("healthmon_probes", Type.COUNTER, "Probes by endpoint and outcome");
        Family duration = new Family("healthmon_probe_duration_seconds", Type.HISTOGRAM,
                "Probe time: connect, response and body (timeouts count at the deadline)");

        for (EndpointSpec spec : s.endpoints()) {
            String e = spec.name();
            List<String> one = List.of(e);
            up.add(ENDPOINT, one, up(s.history().view(e).state()));
            EndpointWindows w = s.stats().snapshot(e);
            if (w != null) {
                for (String label : s.windows()) {
                    WindowStats ws = w.window(label);
                    List<String> at = List.of(e, label);
                    latency.forEach((q, f) -> f.add(ENDPOINT_WINDOW, at, q.read(ws)));
                    errors.add(ENDPOINT_WINDOW, at, ws.errorRatio());
                    availability.add(ENDPOINT_WINDOW, at, ws.availabilityRatio());
                }
                for (String name : spec.values().keySet()) {
                    ValueStats v = w.values().get(name);
                    value.add(ENDPOINT_NAME, List.of(e, name), v == null ? Double.NaN : v.last());
                    for (String label : s.windows()) {
                        Double max = v == null ? null : v.maxByWindow().get(label);
                        valueMax.add(ENDPOINT_NAME_WINDOW, List.of(e, name, label), max == null ? Double.NaN : max);
                    }
                }
                budget.add(ENDPOINT, one, RuleEvaluator.budgetRemaining(w.window(s.sloWindow()), spec.sloObjective()));
            }
            objective.add(ENDPOINT, one, spec.sloObjective());
            ProbeCounts.Snapshot c = s.counts().snapshot(e);
            if (c != null) {
                for (Outcome o : Outcome.values()) {
                    probes.add("healthmon_probes_total", ENDPOINT_OUTCOME, List.of(e, o.label()), c.outcomes()[o.ordinal()]);
                }
                long[] cumulative = c.cumulativeBuckets();
                for (int i = 0; i < cumulative.length; i++) {
                    String le = i < ProbeCounts.BUCKETS.length ? Collector.doubleToGoString(ProbeCounts.BUCKETS[i]) : "+Inf";
                    duration.add("healthmon_probe_duration_seconds_bucket", ENDPOINT_LE, List.of(e, le), cumulative[i]);
                }
                duration.add("healthmon_probe_duration_seconds_count", ENDPOINT, one, c.count());
                duration.add("healthmon_probe_duration_seconds_sum", ENDPOINT, one, c.sumSeconds());
            }
        }

        List<MetricFamilySamples> out = new ArrayList<>();
        out.add(up.done());
        latency.values().forEach(f -> out.add(f.done()));
        for (Family f : List.of(errors, availability, value, valueMax, budget, objective, probes, duration, alerts(s))) {
            out.add(f.done());
        }
        return out;
    }

    /** healthmon_alerts: 1 while a rule is pending or firing on an endpoint (like Prometheus's ALERTS), else 0. */
    private static Family alerts(Source s) {
        Family f = new Family("healthmon_alerts", Type.GAUGE, "1 while the rule is in this state on the endpoint");
        for (Rule rule : s.alerts().rules()) {
            List<String> watched = rule.condition() instanceof Condition.CompleteOutage ? List.of(AlertEngine.ALL)
                    : s.endpoints().stream().map(EndpointSpec::name).filter(rule::watches).toList();
            for (String endpoint : watched) {
                RuleState.Phase now = s.alerts().phase(rule.name(), endpoint);
                for (RuleState.Phase phase : List.of(RuleState.Phase.PENDING, RuleState.Phase.FIRING)) {
                    f.add(ALERT, List.of(endpoint, rule.name(), rule.severity().name(), phase.name().toLowerCase(Locale.ROOT)),
                            now == phase ? 1 : 0);
                }
            }
        }
        return f;
    }

    private static double up(EndpointState state) {
        return switch (state) {
            case UP -> 1;
            case DOWN -> 0;
            case UNKNOWN -> Double.NaN;
        };
    }
}
