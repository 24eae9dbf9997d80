package io.healthmon.metrics;

import io.healthmon.state.StateWriter;
import io.healthmon.window.Checkpointer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code healthmon_state_write_failures_total}: state writes that failed (each is retried with
 * backoff); and how the window checkpoint fares.
 */
public final class StateMetrics {

    private StateMetrics() {
    }

    /**
     * The window checkpoint: {@code healthmon_checkpoint_duration_seconds} and {@code _size_bytes}
     * of the last save, {@code healthmon_checkpoint_last_success_timestamp_seconds} and
     * {@code healthmon_checkpoint_failures_total}.
     */
    public static void register(MeterRegistry registry, Checkpointer checkpointer) {
        Gauge.builder("healthmon.checkpoint.duration", checkpointer, Checkpointer::lastSeconds).baseUnit("seconds")
                .description("How long the last window checkpoint took to write").register(registry);
        Gauge.builder("healthmon.checkpoint.size", checkpointer, Checkpointer::lastBytes).baseUnit("bytes")
                .description("Size of the last window checkpoint").register(registry);
        Gauge.builder("healthmon.checkpoint.last.success.timestamp", checkpointer,
                        c -> c.lastSavedAt() == null ? Double.NaN : c.lastSavedAt().toEpochMilli() / 1000.0).baseUnit("seconds")
                .description("When the windows were last saved (a crash loses what came after)").register(registry);
        FunctionCounter.builder("healthmon.checkpoint.failures", checkpointer, Checkpointer::failures)
                .description("Window checkpoints that could not be written (each is tried again the next interval)")
                .register(registry);
    }

    public static void register(MeterRegistry registry, StateWriter writer) {
        FunctionCounter.builder("healthmon.state.write.failures", writer, StateWriter::failures)
                .description("State file writes that failed (disk full, read-only, gone); each is retried with backoff")
                .register(registry);
    }
}
