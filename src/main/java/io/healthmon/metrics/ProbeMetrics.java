package io.healthmon.metrics;

import io.healthmon.config.EndpointSpec;
import io.healthmon.probe.EndpointState;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.probe.ProbeScheduler;
import io.healthmon.rule.RuleEvaluator;
import io.healthmon.rule.Stat;
import io.healthmon.window.EndpointWindows;
import io.healthmon.window.StatsStore;
import io.healthmon.window.ValueStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Publishes the state and window statistics of one configuration's endpoints as gauges (scraped
 * at {@code /q/metrics}); {@link ProbeCounters} counts the probes themselves.
 * Every label value comes from configuration (endpoint, window and value names, the outcome enum),
 * never from response content, so the series count is fixed at startup; which windows and
 * quantiles are exported is configuration too. A quantile is part of the metric name
 * ({@code healthmon_latency_p95_seconds}): Prometheus reserves the {@code quantile} label for summaries.
 */
public final class ProbeMetrics {

    private final List<Meter> meters = new ArrayList<>();

    /**
     * @param sloWindow the error-budget window's label, e.g. "30d"
     * @param windows   the windows exported, e.g. [5m, 1h, 30d]
     * @param quantiles the latency quantiles exported
     */
    public ProbeMetrics(MeterRegistry registry, List<EndpointSpec> endpoints, StatsStore stats, ProbeHistory history,
                        ProbeScheduler scheduler, String sloWindow, List<String> windows, List<Stat> quantiles) {
        for (EndpointSpec spec : endpoints) {
            String e = spec.name();
            add(Gauge.builder("healthmon.endpoint.up", history, h -> up(h.view(e).state()))
                    .description("1 when the latest probe succeeded, 0 when it failed, NaN before the first probe")
                    .tag("endpoint", e).strongReference(true).register(registry));

            for (String w : windows) {
                for (Stat q : quantiles) {
                    gauge(registry, "healthmon.latency." + q.key(), "seconds", "Latency " + q.key() + " over a sliding window",
                            stats, e, s -> q.read(s.window(w)), "endpoint", e, "window", w);
                }
                gauge(registry, "healthmon.error.ratio", null, "Time-weighted share of failed probes over a sliding window", stats, e,
                        s -> s.window(w).errorRatio(), "endpoint", e, "window", w);
                gauge(registry, "healthmon.availability.ratio", null, "1 - the error ratio over a sliding window",
                        stats, e, s -> s.window(w).availabilityRatio(), "endpoint", e, "window", w);
                for (String v : spec.values().keySet()) {
                    gauge(registry, "healthmon.endpoint.value.max", null, "Largest reported body value over a window",
                            stats, e, s -> value(s, v).maxByWindow().get(w), "endpoint", e, "name", v, "window", w);
                }
            }
            gauge(registry, "healthmon.error.budget.remaining.ratio", null,
                    "Share of the error budget left over the SLO window (negative when overspent)", stats, e,
                    s -> RuleEvaluator.budgetRemaining(s.window(sloWindow), spec.sloObjective()), "endpoint", e);
            add(Gauge.builder("healthmon.slo.objective.ratio", spec, EndpointSpec::sloObjective)
                    .description("The endpoint's availability objective").tag("endpoint", e).strongReference(true)
                    .register(registry));
            for (String v : spec.values().keySet()) {
                gauge(registry, "healthmon.endpoint.value", null, "Last number read from the endpoint's body",
                        stats, e, s -> value(s, v).last(), "endpoint", e, "name", v);
            }
        }
        for (Stat q : List.of(Stat.P50, Stat.P99)) {
            double quantile = q == Stat.P50 ? 0.5 : 0.99;
            add(Gauge.builder("healthmon.probe.start.delay." + q.key(), scheduler, s -> s.startDelay().quantileSeconds(quantile))
                    .description("How late probes start against their schedule, " + q.key() + " over the last minute")
                    .baseUnit("seconds").strongReference(true).register(registry));
        }
        add(FunctionCounter.builder("healthmon.probes.skipped", scheduler, ProbeScheduler::probesSkipped)
                .description("Probe turns skipped because the previous probe of the endpoint was still running")
                .register(registry));
    }

    private void gauge(MeterRegistry registry, String name, String unit, String help, StatsStore stats,
                       String endpoint, ToDoubleFunction<EndpointWindows> read, String... tags) {
        add(Gauge.builder(name, stats, s -> {
                    EndpointWindows w = s.snapshot(endpoint);
                    return w == null ? Double.NaN : read.applyAsDouble(w);
                })
                .description(help).baseUnit(unit).tags(tags).strongReference(true).register(registry));
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }

    /** Every gauge registered: removed when a reload replaces this configuration. */
    public List<Meter> meters() {
        return List.copyOf(meters);
    }

    private static ValueStats value(EndpointWindows s, String name) {
        return s.values().get(name);
    }

    private static double up(EndpointState state) {
        return switch (state) {
            case UP -> 1;
            case DOWN -> 0;
            case UNKNOWN -> Double.NaN;
        };
    }
}
