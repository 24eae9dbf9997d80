package io.healthmon.metrics;

import io.healthmon.config.EndpointSpec;
import io.healthmon.probe.Outcome;
import io.healthmon.probe.ProbeResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code healthmon_probes_total{endpoint,outcome}} and {@code healthmon_probe_duration_seconds}.
 * Registering an existing counter returns it, so an endpoint's counts carry on across a reload.
 */
public final class ProbeCounters {

    /** Buckets of healthmon_probe_duration_seconds: around the runbook's 2 s line, up to the longest sane timeout. */
    private static final Duration[] DURATION_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(1500), Duration.ofSeconds(2), Duration.ofMillis(2500), Duration.ofSeconds(5),
        Duration.ofSeconds(10), Duration.ofSeconds(30)};

    private final List<Meter> meters = new ArrayList<>();
    private final Map<String, Timer> durations = new HashMap<>();
    private final Map<String, Map<Outcome, Counter>> probes = new HashMap<>();

    public ProbeCounters(MeterRegistry registry, List<EndpointSpec> endpoints) {
        for (EndpointSpec spec : endpoints) {
            String e = spec.name();
            Timer t = Timer.builder("healthmon.probe.duration")
                    .description("Probe time: connect, response and body (timeouts count at the deadline)")
                    .tag("endpoint", e)
                    .serviceLevelObjectives(DURATION_BUCKETS)
                    .register(registry);
            durations.put(e, t);
            meters.add(t);
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome o : Outcome.values()) {
                Counter c = Counter.builder("healthmon.probes")
                        .description("Probes by endpoint and outcome")
                        .tags("endpoint", e, "outcome", o.label())
                        .register(registry);
                byOutcome.put(o, c);
                meters.add(c);
            }
            probes.put(e, byOutcome);
        }
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

    /** The counters and timers of these endpoints: those of an endpoint a reload removed are removed. */
    public List<Meter> meters() {
        return List.copyOf(meters);
    }
}
