package io.healthmon.api;

import io.healthmon.probe.ProbeHistory;
import io.healthmon.setup.Settings;
import io.healthmon.state.StateWriter;
import jakarta.enterprise.context.RequestScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/** healthmon's own health (not the platform's): is probing alive, and has every endpoint been probed. */
public final class DaemonHealth {

    private DaemonHealth() {
    }

    static Duration limit(Duration longestInterval) {
        return longestInterval.multipliedBy(3);
    }

    /** Probing is alive while the last result is no older than 3x the longest probe interval. */
    static boolean alive(Instant lastResultAt, Instant now, Duration longestInterval) {
        return Duration.between(lastResultAt, now).compareTo(limit(longestInterval)) <= 0;
    }

    /** Fails when no probe result has arrived for 3x the longest interval: the schedule has stalled. */
    @Liveness
    @RequestScoped // each check reads the parts of the running pipeline
    public static class ProbingAlive implements HealthCheck {
        private final ProbeHistory history;
        private final Settings settings;
        private final Clock clock;

        public ProbingAlive(ProbeHistory history, Settings settings, Clock clock) {
            this.history = history;
            this.settings = settings;
            this.clock = clock;
        }

        @Override
        public HealthCheckResponse call() {
            Duration limit = limit(settings.longestInterval());
            Instant last = history.lastResultAt();
            Duration silent = Duration.between(last, clock.instant());
            return HealthCheckResponse.named("probing")
                    .status(alive(last, clock.instant(), settings.longestInterval()))
                    .withData("lastResultAt", last.toString())
                    .withData("silentSeconds", silent.toSeconds())
                    .withData("limitSeconds", limit.toSeconds())
                    .build();
        }
    }

    /** Ready once every endpoint has been probed at least once, so windows and metrics mean something. */
    @Readiness
    @RequestScoped // each check reads the parts of the running pipeline
    public static class AllProbed implements HealthCheck {
        private final ProbeHistory history;

        public AllProbed(ProbeHistory history) {
            this.history = history;
        }

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("endpoints-probed").status(history.allProbed())
                    .withData("endpoints", history.size())
                    .build();
        }
    }

    /**
     * Not ready while a state file cannot be written: an incident or a pending notification would
     * not survive a restart (disk full, read-only). Writes are retried with backoff meanwhile.
     */
    @Readiness
    @RequestScoped
    public static class StatePersisted implements HealthCheck {
        private final StateWriter writer;

        public StatePersisted(StateWriter writer) {
            this.writer = writer;
        }

        @Override
        public HealthCheckResponse call() {
            var response = HealthCheckResponse.named("state-persisted").status(writer.healthy())
                    .withData("writeFailures", writer.failures());
            writer.failingFiles().forEach(response::withData);
            return response.build();
        }
    }
}
