package io.healthmon.rule;

import java.time.Duration;

/** What a rule watches: a closed set, each evaluated by {@link RuleEvaluator}. */
public sealed interface Condition
        permits Condition.WindowThreshold, Condition.ValueThreshold, Condition.EndpointDown, Condition.CompleteOutage,
        Condition.BurnRate {

    /**
     * A window statistic against a threshold. It breaches on {@code window} and clears on
     * {@code resolveWindow} (a shorter window clears soon after recovery instead of waiting for the
     * long one to drain). {@code minFailures} failed probes must be in the window before a ratio
     * breaches, so one isolated failure pages nobody; {@code minProbes} likewise for quantiles; and
     * the window must hold {@code minCoverage} of data (zero: any).
     */
    record WindowThreshold(Stat stat, String window, Comparison op, double threshold, String resolveWindow,
                           long minFailures, long minProbes, Duration minCoverage) implements Condition {

        public WindowThreshold(Stat stat, String window, Comparison op, double threshold, String resolveWindow,
                               long minFailures, long minProbes) {
            this(stat, window, op, threshold, resolveWindow, minFailures, minProbes, Duration.ZERO);
        }
    }

    /** The last number an endpoint reported in its body (e.g. {@code cpu}) against a threshold. */
    record ValueThreshold(String value, Comparison op, double threshold) implements Condition {
    }

    /** The endpoint's last {@code consecutiveFailures} probes all failed. */
    record EndpointDown(int consecutiveFailures) implements Condition {
    }

    /** Every watched endpoint's last {@code consecutiveFailures} probes failed. */
    record CompleteOutage(int consecutiveFailures) implements Condition {
    }

    /**
     * The endpoint's error budget burns faster than {@code factor} times the sustainable rate on
     * both {@code longWindow} and {@code shortWindow} (multi-window, multi-burn-rate alerting);
     * clears when the burn on {@code resolveWindow} is back under the factor. Burn rate = error
     * ratio / (1 - the endpoint's availability objective). The long window must hold
     * {@code minCoverage} of data before it fires (null: as much as the short window is long), so a
     * 3-day burn rate is not claimed from two minutes after startup.
     */
    record BurnRate(double factor, String longWindow, String shortWindow, String resolveWindow, long minFailures,
                    Duration minCoverage) implements Condition {

        public BurnRate(double factor, String longWindow, String shortWindow, String resolveWindow, long minFailures) {
            this(factor, longWindow, shortWindow, resolveWindow, minFailures, null);
        }
    }
}
