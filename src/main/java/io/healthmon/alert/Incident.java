package io.healthmon.alert;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.healthmon.rule.Severity;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One incident: a rule firing on one endpoint (or "*" for a platform-wide rule), from the moment it
 * fired until it resolved. The id is stable for the incident's life (and will be its PagerDuty
 * dedup key): rule, endpoint and the second it fired. {@code figures} are the endpoint's window
 * statistics when it fired (e.g. {@code error_ratio_5m}), for the channels that show detail.
 * {@code flapping}: it kept resolving and firing again, so it is held firing instead of paging
 * each time (flap damping); the channels say so. {@code labels} are the rule's own labels (groups,
 * inhibitions and silences match them beside rule, endpoint and severity). {@code value} and
 * {@code text} follow the rule while it fires and say how it recovered once resolved;
 * {@code firedValue} and {@code firedText} keep what it fired with. {@code acknowledged}: who
 * said they are on it (null: nobody, or withdrawn).
 */
@RegisterForReflection // persisted as JSON in the delivery state
public record Incident(
        String id,
        String rule,
        String endpoint,
        String url,
        Severity severity,
        State state,
        Instant firedAt,
        Instant resolvedAt,
        double value,
        double threshold,
        String text,
        List<String> channels,
        Map<String, Double> figures,
        boolean flapping,
        Map<String, String> labels,
        double firedValue,
        String firedText,
        Acknowledgement acknowledged) {

    public enum State { FIRING, RESOLVED }

    public Incident {
        // Null-tolerant, so that a damaged state file yields an entry valid() can refuse, not an exception.
        channels = channels == null ? List.of() : channels.stream().filter(Objects::nonNull).toList();
        figures = sorted(figures);
        labels = sorted(labels);
        if (firedText == null) { // saved before incidents kept what they fired with
            firedText = text;
            firedValue = value;
        }
    }

    /** The class of the maps this record keeps (made by {@link #sorted}: sorted, no null in them). */
    private static final Class<?> KEPT = Collections.unmodifiableSortedMap(new TreeMap<>()).getClass();

    /**
     * A sorted copy without null keys or values; a map this record made already is kept as it is
     * (an incident is updated on every result while it fires: copying its figures each time cost
     * more than the rest of the update in a mass outage).
     */
    private static <V> Map<String, V> sorted(Map<String, V> m) {
        if (KEPT.isInstance(m)) {
            return m;
        }
        TreeMap<String, V> copy = new TreeMap<>();
        if (m != null) {
            m.forEach((k, v) -> {
                if (k != null && v != null) {
                    copy.put(k, v);
                }
            });
        }
        return Collections.unmodifiableSortedMap(copy);
    }

    /** An incident nobody acknowledged. */
    public Incident(String id, String rule, String endpoint, String url, Severity severity, State state, Instant firedAt,
                    Instant resolvedAt, double value, double threshold, String text, List<String> channels,
                    Map<String, Double> figures, boolean flapping, Map<String, String> labels, double firedValue,
                    String firedText) {
        this(id, rule, endpoint, url, severity, state, firedAt, resolvedAt, value, threshold, text, channels, figures,
                flapping, labels, firedValue, firedText, null);
    }

    /** An incident as it fires: what it fired with is its value and text. */
    public Incident(String id, String rule, String endpoint, String url, Severity severity, State state, Instant firedAt,
                    Instant resolvedAt, double value, double threshold, String text, List<String> channels,
                    Map<String, Double> figures, boolean flapping) {
        this(id, rule, endpoint, url, severity, state, firedAt, resolvedAt, value, threshold, text, channels, figures,
                flapping, Map.of(), value, text);
    }

    /**
     * A label as groups, inhibitions and silences see it: {@code rule} (also {@code alertname}),
     * {@code endpoint}, {@code severity}, else the rule's own label; "" when it has none.
     */
    public String label(String name) {
        return switch (name) {
            case "rule", "alertname" -> rule;
            case "endpoint" -> endpoint;
            case "severity" -> severity == null ? "" : severity.name();
            default -> labels.getOrDefault(name, "");
        };
    }

    /** Whether every field an incident needs is there (entries read back from disk are checked). */
    public boolean valid() {
        return id != null && rule != null && endpoint != null && url != null && severity != null && state != null
                && firedAt != null && text != null && (state == State.FIRING) == (resolvedAt == null)
                && (acknowledged == null || acknowledged.valid());
    }

    static String idFor(String rule, String endpoint, Instant firedAt) {
        return rule + ":" + endpoint + ":" + Long.toString(firedAt.getEpochSecond(), 36);
    }

    /** This incident, resolved at {@code at} with the last value its rule saw and how it recovered. */
    public Incident resolved(Instant at, double lastValue, String recovery) {
        return new Incident(id, rule, endpoint, url, severity, State.RESOLVED, firedAt, at, lastValue, threshold,
                recovery, channels, figures, flapping, labels, firedValue, firedText, acknowledged);
    }

    Incident updated(double newValue, String newText) {
        return new Incident(id, rule, endpoint, url, severity, state, firedAt, resolvedAt, newValue, threshold, newText,
                channels, figures, flapping, labels, firedValue, firedText, acknowledged);
    }

    /** This incident held firing because it kept resolving and firing again (flap damping). */
    Incident heldFlapping() {
        return new Incident(id, rule, endpoint, url, severity, state, firedAt, resolvedAt, value, threshold, text, channels,
                figures, true, labels, firedValue, firedText, acknowledged);
    }

    /** This incident acknowledged by {@code ack} (null: the acknowledgement withdrawn). */
    Incident acknowledgedBy(Acknowledgement ack) {
        return new Incident(id, rule, endpoint, url, severity, state, firedAt, resolvedAt, value, threshold, text, channels,
                figures, flapping, labels, firedValue, firedText, ack);
    }
}
