package io.healthmon.demo;

import java.time.Duration;

/**
 * What the simulated platform answers at a point of its 90-second loop: healthy, a database
 * outage, slow authentication, recovery. Pure, so the script is tested without a server.
 */
public final class DemoScript {

    public static final Duration CYCLE = Duration.ofSeconds(90);

    public enum Phase {
        HEALTHY(0), DATABASE_OUTAGE(20), SLOW_AUTH(45), RECOVERED(70);

        final int startSecond;

        Phase(int startSecond) {
            this.startSecond = startSecond;
        }
    }

    public record Reply(int status, String body, long delayMillis) {
    }

    private DemoScript() {
    }

    public static Phase phase(long elapsedMillis) {
        long s = Math.floorMod(elapsedMillis, CYCLE.toMillis()) / 1000;
        Phase current = Phase.HEALTHY;
        for (Phase p : Phase.values()) {
            if (s >= p.startSecond) {
                current = p;
            }
        }
        return current;
    }

    /** @param path the request path, e.g. {@code /api/health/database}; null reply for an unknown path */
    public static Reply reply(String path, long elapsedMillis) {
        Phase phase = phase(elapsedMillis);
        // Gentle, deterministic movement in the reported numbers so gauges visibly change.
        double wave = Math.sin(elapsedMillis / 7000.0);
        return switch (path) {
            case "/api/health" -> new Reply(200, String.format(
                    "{\"status\":\"UP\",\"memory\":%.1f}", 62 + 6 * wave), 15);
            case "/api/health/database" -> phase == Phase.DATABASE_OUTAGE
                    ? new Reply(503, "{\"status\":\"DOWN\",\"error\":\"connection pool exhausted\",\"cpu\":97.5}", 40)
                    : new Reply(200, String.format("{\"status\":\"UP\",\"cpu\":%.1f}", 45 + 10 * wave), 25);
            case "/api/health/auth" -> new Reply(200, "{\"status\":\"UP\"}", phase == Phase.SLOW_AUTH ? 2200 : 30);
            case "/api/health/services" -> new Reply(200, "{\"status\":\"UP\"}", 20);
            case "/api/status" -> new Reply(200, "{\"status\":\"UP\",\"phase\":\"" + phase.name().toLowerCase() + "\"}", 5);
            default -> null;
        };
    }
}
