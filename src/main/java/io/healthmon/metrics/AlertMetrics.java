package io.healthmon.metrics;

import io.healthmon.alert.AlertEngine;
import io.healthmon.config.EndpointSpec;
import io.healthmon.rule.Condition;
import io.healthmon.rule.Rule;
import io.healthmon.rule.RuleState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code healthmon_alerts{rule,endpoint,severity,state}}: 1 while a rule is pending or firing on an
 * endpoint (like Prometheus's ALERTS), 0 otherwise. Every series exists from startup, so the set is
 * fixed by the rules and endpoints.
 */
public final class AlertMetrics {

    private AlertMetrics() {
    }

    /** @return the meters registered, removed when a reload replaces them */
    public static List<Meter> register(MeterRegistry registry, AlertEngine alerts, List<EndpointSpec> endpoints) {
        List<Meter> meters = new ArrayList<>();
        for (Rule rule : alerts.rules()) {
            List<String> watched = rule.condition() instanceof Condition.CompleteOutage
                    ? List.of(AlertEngine.ALL)
                    : endpoints.stream().map(EndpointSpec::name).filter(rule::watches).toList();
            for (String endpoint : watched) {
                for (RuleState.Phase phase : List.of(RuleState.Phase.PENDING, RuleState.Phase.FIRING)) {
                    meters.add(Gauge.builder("healthmon.alerts", alerts, a -> a.phase(rule.name(), endpoint) == phase ? 1 : 0)
                            .description("1 while the rule is in this state on the endpoint")
                            .tags("rule", rule.name(), "endpoint", endpoint, "severity", rule.severity().name(),
                                    "state", phase.name().toLowerCase(Locale.ROOT))
                            .strongReference(true)
                            .register(registry));
                }
            }
        }
        return meters;
    }
}
