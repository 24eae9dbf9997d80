package io.healthmon.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What holds an incident's notifications back under one configuration: a silence made through the
 * API (matched on the rule's labels too) or one of the configured maintenance windows.
 */
public final class Muting implements Silencer {

    private final Silences silences;
    private final List<MaintenanceWindow> windows;
    private final Map<String, Map<String, String>> labelsByRule;

    public Muting(Silences silences, List<MaintenanceWindow> windows, Map<String, Map<String, String>> labelsByRule) {
        this.silences = silences;
        this.windows = List.copyOf(windows);
        this.labelsByRule = Map.copyOf(labelsByRule);
    }

    @Override
    public boolean silenced(Incident i, Instant now) {
        if (silences.matches(i, labelsByRule.getOrDefault(i.rule(), Map.of()), now)) {
            return true;
        }
        for (MaintenanceWindow w : windows) {
            if (w.covers(i, now)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean active(Instant now) {
        return silences.anyActive(now) || windows.stream().anyMatch(w -> w.activeAt(now));
    }
}
