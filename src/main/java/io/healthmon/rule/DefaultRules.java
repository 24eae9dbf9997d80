package io.healthmon.rule;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The runbook's alerting table as rules, plus endpoint-down and complete-outage. Thresholds and
 * channels are the runbook's; windows and holds are chosen so that a sustained outage notifies
 * within two probe intervals, one isolated failed probe notifies nobody, and a recovered endpoint
 * resolves within about a minute (rules clear on the 1m window, not the 5m or 1h one they fire on).
 * Burn rates fire only once their long window holds as much data as their short window is long.
 * These rely on the scheduler hurrying a failing endpoint (probe.recovery-interval, 2 s): a minute
 * clear is then thirty clean probes, which 30 % random errors practically never produce, so an
 * intermittent failure keeps its incident open instead of flapping.
 */
public final class DefaultRules {

    public static final String SLACK_ALERTS = "slack-alerts";
    public static final String SLACK_CRITICAL = "slack-critical";
    public static final String PAGERDUTY = "pagerduty";
    public static final String EMAIL = "email";

    private DefaultRules() {
    }

    public static List<Rule> all() {
        return List.of(
                rule("response-time", new Condition.WindowThreshold(Stat.P95, "5m", Comparison.ABOVE, 2.0, "1m", 0, 5),
                        Severity.P1, Duration.ofMinutes(1), Duration.ZERO, Set.of(), List.of(SLACK_ALERTS)),
                rule("error-rate", new Condition.WindowThreshold(Stat.ERROR_RATIO, "5m", Comparison.ABOVE, 0.01, "1m", 3, 0),
                        Severity.P1, Duration.ZERO, Duration.ZERO, Set.of(), List.of(SLACK_CRITICAL)),
                rule("availability", new Condition.WindowThreshold(Stat.AVAILABILITY, "1h", Comparison.BELOW, 0.999, "1m", 3, 0),
                        Severity.P1, Duration.ZERO, Duration.ZERO, Set.of(), List.of(PAGERDUTY)),
                rule("database-cpu", new Condition.ValueThreshold("cpu", Comparison.ABOVE, 80),
                        Severity.P2, Duration.ofMinutes(1), Duration.ofMinutes(1), Set.of("database"), List.of(EMAIL)),
                rule("memory", new Condition.ValueThreshold("memory", Comparison.ABOVE, 85),
                        Severity.P2, Duration.ofMinutes(1), Duration.ofMinutes(1), Set.of("application"), List.of(SLACK_ALERTS)),
                rule("endpoint-down", new Condition.EndpointDown(2),
                        Severity.P1, Duration.ZERO, Duration.ofMinutes(1), Set.of(), List.of()),
                rule("complete-outage", new Condition.CompleteOutage(2),
                        Severity.P0, Duration.ZERO, Duration.ZERO, Set.of(), List.of(PAGERDUTY, SLACK_CRITICAL)),
                // SLO: the multi-window, multi-burn-rate alerts of the SRE workbook.
                rule("slo-burn-fast", new Condition.BurnRate(14.4, "1h", "5m", "1m", 3),
                        Severity.P1, Duration.ZERO, Duration.ZERO, Set.of(), List.of(PAGERDUTY)),
                rule("slo-burn-slow", new Condition.BurnRate(6, "6h", "30m", "1m", 3),
                        Severity.P1, Duration.ZERO, Duration.ZERO, Set.of(), List.of(PAGERDUTY)),
                // A ticket, not a page: held 5 minutes, so in an outage the burn-rate pages (which
                // inhibit it) come first, and a short outage that paged leaves no ticket behind.
                rule("slo-budget-ticket", new Condition.BurnRate(1, "3d", "6h", "1m", 3),
                        Severity.P3, Duration.ofMinutes(5), Duration.ZERO, Set.of(), List.of()));
    }

    private static Rule rule(String name, Condition c, Severity s, Duration forDuration, Duration keepFiringFor,
                             Set<String> endpoints, List<String> channels) {
        return new Rule(name, c, s, forDuration, keepFiringFor, endpoints, Map.of(), channels);
    }
}
