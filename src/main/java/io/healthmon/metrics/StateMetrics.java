package io.healthmon.metrics;

import io.healthmon.state.StateWriter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/** {@code healthmon_state_write_failures_total}: state writes that failed (each is retried with backoff). */
public final class StateMetrics {

    private StateMetrics() {
    }

    public static void register(MeterRegistry registry, StateWriter writer) {
        FunctionCounter.builder("healthmon.state.write.failures", writer, StateWriter::failures)
                .description("State file writes that failed (disk full, read-only, gone); each is retried with backoff")
                .register(registry);
    }
}
