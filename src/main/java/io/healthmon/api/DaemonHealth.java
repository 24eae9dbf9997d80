package io.healthmon.api;

import io.healthmon.Monitor;
import jakarta.enterprise.context.ApplicationScoped;
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
    @ApplicationScoped
    public static class ProbingAlive implements HealthCheck {
        private final Monitor monitor;
        private final Clock clock;

        public ProbingAlive(Monitor monitor, Clock clock) {
            this.monitor = monitor;
            this.clock = clock;
        }

        @Override
        public HealthCheckResponse call() {
            if (!monitor.started()) {
                return HealthCheckResponse.named("probing").up().withData("started", false).build();
            }
            Duration limit = limit(monitor.longestInterval());
            Instant last = monitor.lastResultAt();
            Duration silent = Duration.between(last, clock.instant());
            return HealthCheckResponse.named("probing")
                    .status(alive(last, clock.instant(), monitor.longestInterval()))
                    .withData("lastResultAt", last.toString())
                    .withData("silentSeconds", silent.toSeconds())
                    .withData("limitSeconds", limit.toSeconds())
                    .build();
        }
    }

    /** Ready once every endpoint has been probed at least once, so windows and metrics mean something. */
    @Readiness
    @ApplicationScoped
    public static class AllProbed implements HealthCheck {
        private final Monitor monitor;

        public AllProbed(Monitor monitor) {
            this.monitor = monitor;
        }

        @Override
        public HealthCheckResponse call() {
            boolean ready = monitor.started() && monitor.history().allProbed();
            return HealthCheckResponse.named("endpoints-probed").status(ready)
                    .withData("endpoints", monitor.started() ? monitor.endpoints().size() : 0)
                    .build();
        }
    }
}
