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
        // A label without a name or value would widen the match: such a silence keeps null labels and is not valid().
        labels = labels == null ? Map.of()
                : labels.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null) ? null
                : Map.copyOf(labels);
    }

    /** Whether every field a silence needs is there (entries read back from disk are checked). */
    public boolean valid() {
        return id != null && labels != null && startsAt != null && endsAt != null && endsAt.isAfter(startsAt)
                && comment != null;
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
