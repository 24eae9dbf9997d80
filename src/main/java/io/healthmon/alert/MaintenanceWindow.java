package io.healthmon.alert;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * A recurring maintenance window from the configuration: on the given days, from a local start time
 * for a duration (it may run past midnight), incidents of the given endpoints/rules/severities
 * (empty: all) are silenced.
 */
public record MaintenanceWindow(String name, Set<DayOfWeek> days, LocalTime start, Duration duration, ZoneId zone,
                                Set<String> endpoints, Set<String> rules, Set<String> severities) {

    public MaintenanceWindow {
        days = Set.copyOf(days);
        endpoints = Set.copyOf(endpoints);
        rules = Set.copyOf(rules);
        severities = Set.copyOf(severities);
    }

    public boolean activeAt(Instant now) {
        ZonedDateTime t = now.atZone(zone);
        // A window that started yesterday (or earlier, for long ones) may still be running.
        for (int back = 0; back <= duration.toDays() + 1; back++) {
            ZonedDateTime day = t.minusDays(back);
            if (!days.contains(day.getDayOfWeek())) {
                continue;
            }
            ZonedDateTime from = day.toLocalDate().atTime(start).atZone(zone);
            if (!t.isBefore(from) && t.isBefore(from.plus(duration))) {
                return true;
            }
        }
        return false;
    }

    public boolean covers(Incident i, Instant now) {
        return (endpoints.isEmpty() || endpoints.contains(i.endpoint()))
                && (rules.isEmpty() || rules.contains(i.rule()))
                && (severities.isEmpty() || severities.contains(i.severity().name()))
                && activeAt(now);
    }
}
