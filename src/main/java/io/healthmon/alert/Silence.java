package io.healthmon.alert;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Map;

/**
 * Holds back the notifications of matching incidents between two instants. Every matcher given
 * must match (rule, endpoint, severity, rule labels); an absent one matches anything.
 */
@RegisterForReflection
public record Silence(String id, String rule, String endpoint, String severity, Map<String, String> labels,
                      Instant startsAt, Instant endsAt, String comment, String createdBy) {

    public Silence {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    public boolean activeAt(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }

    public boolean matches(Incident i, Map<String, String> ruleLabels) {
        if (rule != null && !rule.equals(i.rule())) {
            return false;
        }
        if (endpoint != null && !endpoint.equals(i.endpoint())) {
            return false;
        }
        if (severity != null && !severity.equalsIgnoreCase(i.severity().name())) {
            return false;
        }
        for (Map.Entry<String, String> l : labels.entrySet()) {
            if (!l.getValue().equals(ruleLabels.get(l.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
