package io.healthmon.rule;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One alerting rule.
 *
 * @param endpoints     the endpoints it watches; empty means all
 * @param forDuration   how long the condition must hold before the rule fires (0: at once)
 * @param keepFiringFor how long the condition must stay clear before a firing rule resolves
 * @param channels      channels named by the rule itself; empty: routed by severity
 */
public record Rule(String name, Condition condition, Severity severity, Duration forDuration, Duration keepFiringFor,
                   Set<String> endpoints, Map<String, String> labels, List<String> channels) {

    public Rule {
        endpoints = Set.copyOf(endpoints);
        labels = Map.copyOf(labels);
        channels = List.copyOf(channels);
    }

    public boolean watches(String endpoint) {
        return endpoints.isEmpty() || endpoints.contains(endpoint);
    }
}
