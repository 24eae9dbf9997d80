package io.healthmon.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code healthmon_config_reloads_total{result="success|failure"}} and
 * {@code healthmon_config_last_reload_success_timestamp_seconds} (the startup counts as the first
 * successful load), named as Prometheus and Alertmanager name theirs.
 */
public final class ReloadMetrics {

    private final Counter success;
    private final Counter failure;
    private final AtomicLong lastSuccessMillis;

    public ReloadMetrics(MeterRegistry registry, Instant startedAt) {
        success = counter(registry, "success");
        failure = counter(registry, "failure");
        lastSuccessMillis = new AtomicLong(startedAt.toEpochMilli());
        Gauge.builder("healthmon.config.last.reload.success.timestamp", lastSuccessMillis, t -> t.get() / 1000.0)
                .description("When the configuration was last loaded successfully (startup or reload)")
                .baseUnit("seconds").strongReference(true).register(registry);
    }

    private static Counter counter(MeterRegistry registry, String result) {
        return Counter.builder("healthmon.config.reloads").description("Configuration reloads by result")
                .tag("result", result).register(registry);
    }

    public void succeeded(Instant at) {
        success.increment();
        lastSuccessMillis.set(at.toEpochMilli());
    }

    public void failed() {
        failure.increment();
    }
}
