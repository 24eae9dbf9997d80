package io.healthmon.metrics;

import io.healthmon.config.EndpointSpec;
import io.healthmon.probe.EndpointState;
import io.healthmon.probe.Outcome;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.probe.ProbeResult;
import io.healthmon.probe.ProbeScheduler;
import io.healthmon.rule.RuleEvaluator;
import io.healthmon.window.EndpointWindows;
import io.healthmon.window.StatsStore;
import io.healthmon.window.ValueStats;
import io.healthmon.config.Durations;
import io.healthmon.window.WindowStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Publishes probe results and window statistics to Micrometer (scraped at {@code /q/metrics}).
 * Every label value comes from configuration (endpoint, window and value names, the outcome enum),
 * never from response content, so the series count is fixed at startup.
 */
public final class ProbeMetrics {

    /** Buckets of healthmon_probe_duration_seconds: around the runbook's 2 s line, up to the longest sane timeout. */
    private static final Duration[] DURATION_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(1500), Duration.ofSeconds(2), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30)};
    private static final double[] QUANTILES = {0.5, 0.95, 0.99};

    private final Map<String, Timer> durations = new HashMap<>();
    private final Map<String, Map<Outcome, Counter>> probes = new HashMap<>();

    /** @param sloWindow the error-budget window's label, e.g. "30d" */
    public ProbeMetrics(MeterRegistry registry, List<EndpointSpec> endpoints, StatsStore stats, ProbeHistory history,
                        ProbeScheduler scheduler, String sloWindow) {
        for (EndpointSpec spec : endpoints) {
            String e = spec.name();
            durations.put(e, Timer.builder("healthmon.probe.duration")
                    .description("Probe time: connect, response and body (timeouts count at the deadline)")
                    .tag("endpoint", e)
                    .serviceLevelObjectives(DURATION_BUCKETS)
                    .register(registry));
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome o : Outcome.values()) {
                byOutcome.put(o, Counter.builder("healthmon.probes")
                        .description("Probes by endpoint and outcome")
                        .tags("endpoint", e, "outcome", o.label())
                        .register(registry));
            }
            probes.put(e, byOutcome);

            Gauge.builder("healthmon.endpoint.up", history, h -> up(h.view(e).state()))
                    .description("1 when the latest probe succeeded, 0 when it failed, NaN before the first probe")
                    .tag("endpoint", e).strongReference(true).register(registry);

            for (Duration d : stats.windows()) {
                String w = Durations.format(d);
                for (double q : QUANTILES) {
                    gauge(registry, "healthmon.latency", "seconds", "Latency quantile over a sliding window", stats, e,
                            s -> s.window(w).quantile(q), "endpoint", e, "window", w, "quantile", Double.toString(q));
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
            Gauge.builder("healthmon.slo.objective.ratio", spec, EndpointSpec::sloObjective)
                    .description("The endpoint's availability objective").tag("endpoint", e).strongReference(true)
                    .register(registry);
            for (String v : spec.values().keySet()) {
                gauge(registry, "healthmon.endpoint.value", null, "Last number read from the endpoint's body",
                        stats, e, s -> value(s, v).last(), "endpoint", e, "name", v);
            }
        }
        for (double q : new double[] {0.5, 0.99}) {
            Gauge.builder("healthmon.probe.start.delay", scheduler, s -> s.startDelay().quantileSeconds(q))
                    .description("How late probes start against their schedule, over the last minute")
                    .baseUnit("seconds").tag("quantile", Double.toString(q)).strongReference(true).register(registry);
        }
        FunctionCounter.builder("healthmon.probes.skipped", scheduler, ProbeScheduler::probesSkipped)
                .description("Probe turns skipped because the previous probe of the endpoint was still running")
                .register(registry);
    }

    public void onResult(ProbeResult r) {
        Timer t = durations.get(r.endpoint());
        if (t != null && r.outcome().hasLatency()) {
            t.record(r.latencyNanos(), TimeUnit.NANOSECONDS);
        }
        Map<Outcome, Counter> c = probes.get(r.endpoint());
        if (c != null) {
            c.get(r.outcome()).increment();
        }
    }

    private static void gauge(MeterRegistry registry, String name, String unit, String help, StatsStore stats,
                              String endpoint, ToDoubleFunction<EndpointWindows> read, String... tags) {
        Gauge.builder(name, stats, s -> {
                    EndpointWindows w = s.snapshot(endpoint);
                    return w == null ? Double.NaN : read.applyAsDouble(w);
                })
                .description(help).baseUnit(unit).tags(tags).strongReference(true).register(registry);
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
