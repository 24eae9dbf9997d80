package io.healthmon.alert;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Incidents notified together on a channel: those whose grouping labels ({@code healthmon.grouping.by},
 * by default the endpoint) have the same values, like Alertmanager's {@code group_by}. The id is
 * stable for the group's life, across restarts and on every channel (PagerDuty's {@code dedup_key}):
 * its key and the second it started.
 *
 * @param key    e.g. {@code endpoint=database}; "all" when grouping by nothing
 * @param labels the grouping labels and their values, e.g. {@code {endpoint=database}}
 */
@RegisterForReflection // persisted as JSON in the delivery journal and incidents.json
public record Group(String id, String key, Map<String, String> labels, Instant startedAt) {

    public Group {
        labels = labels == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** The group of the given labels' values, starting now. */
    static Group of(List<String> by, Incident i, Instant startedAt) {
        Map<String, String> labels = new TreeMap<>();
        by.forEach(name -> labels.put(name, i.label(name)));
        String key = key(by, i);
        return new Group(key + "/" + Long.toString(startedAt.getEpochSecond(), 36), key, labels, startedAt);
    }

    /** The key an incident groups under: "endpoint=database", or "all" when grouping by nothing. */
    static String key(List<String> by, Incident i) {
        if (by.isEmpty()) {
            return "all";
        }
        StringBuilder b = new StringBuilder();
        for (String name : by) {
            b.append(b.length() == 0 ? "" : ",").append(name).append('=').append(i.label(name));
        }
        return b.toString();
    }

    /** A group of one incident, under its own id (test notifications, warm-up). */
    public static Group single(Incident i) {
        return new Group(i.id(), "incident=" + i.id(), Map.of(), i.firedAt());
    }

    boolean valid() {
        return id != null && key != null && startedAt != null;
    }
}
