package io.healthmon.metrics;

import io.healthmon.probe.ProbeScheduler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * How well one configuration's scheduler keeps time: {@code healthmon_probe_start_delay_p50_seconds}
 * and {@code _p99_seconds} (how late probes start, over the last minute) and
 * {@code healthmon_probes_skipped_total}.
 */
public final class SchedulerMetrics {

    private SchedulerMetrics() {
    }

    /** @return the meters, removed when a reload replaces the scheduler */
    public static List<Meter> register(MeterRegistry registry, ProbeScheduler scheduler) {
        return List.of(
                Gauge.builder("healthmon.probe.start.delay.p50", scheduler, s -> s.startDelay().quantileSeconds(0.5))
                        .description("How late probes start against their schedule, p50 over the last minute")
                        .baseUnit("seconds").strongReference(true).register(registry),
                Gauge.builder("healthmon.probe.start.delay.p99", scheduler, s -> s.startDelay().quantileSeconds(0.99))
                        .description("How late probes start against their schedule, p99 over the last minute")
                        .baseUnit("seconds").strongReference(true).register(registry),
                FunctionCounter.builder("healthmon.probes.skipped", scheduler, ProbeScheduler::probesSkipped)
                        .description("Probe turns skipped because the previous probe of the endpoint was still running")
                        .register(registry));
    }
}
