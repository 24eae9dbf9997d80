package io.healthmon.setup;

import io.healthmon.alert.AlertEngine;
import io.healthmon.alert.MaintenanceWindow;
import io.healthmon.config.Durations;
import io.healthmon.config.HealthmonConfig;
import io.healthmon.rule.Severity;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** healthmon.maintenance.* into maintenance windows, one problem line per mistake. */
final class MaintenanceResolver {

    private MaintenanceResolver() {
    }

    static List<MaintenanceWindow> resolve(HealthmonConfig c, Set<String> endpoints, Set<String> rules, Problems problems) {
        List<MaintenanceWindow> out = new ArrayList<>();
        for (Map.Entry<String, HealthmonConfig.Maintenance> e : new TreeMap<>(c.maintenance()).entrySet()) {
            String key = "healthmon.maintenance." + e.getKey();
            HealthmonConfig.Maintenance m = e.getValue();
            int before = problems.size();
            Set<DayOfWeek> days = new LinkedHashSet<>();
            for (String d : m.days()) {
                DayOfWeek day = day(d);
                if (day == null) {
                    problems.add(key + ".days", "'" + d + "' is not a day; expected MON, TUE, WED, THU, FRI, SAT or SUN");
                } else {
                    days.add(day);
                }
            }
            LocalTime start = null;
            try {
                start = LocalTime.parse(m.start().trim());
            } catch (DateTimeException ex) {
                problems.add(key + ".start", "'" + m.start() + "' is not a time of day; expected HH:mm, e.g. 02:30");
            }
            if (m.duration().isNegative() || m.duration().isZero() || m.duration().compareTo(Duration.ofDays(7)) > 0) {
                problems.add(key + ".duration", "must be between 1s and 7d, got " + Durations.format(m.duration()));
            }
            ZoneId zone = null;
            try {
                zone = ZoneId.of(m.zone().trim());
            } catch (DateTimeException ex) {
                problems.add(key + ".zone", "'" + m.zone() + "' is not a time zone; expected e.g. UTC or Europe/Berlin");
            }
            Set<String> eps = new LinkedHashSet<>(m.endpoints().orElse(List.of()));
            eps.stream().filter(x -> !endpoints.contains(x) && !x.equals(AlertEngine.ALL))
                    .forEach(x -> problems.add(key + ".endpoints", "unknown endpoint '" + x + "'; endpoints are " + endpoints));
            Set<String> rs = new LinkedHashSet<>(m.rules().orElse(List.of()));
            rs.stream().filter(x -> !rules.contains(x))
                    .forEach(x -> problems.add(key + ".rules", "unknown rule '" + x + "'; rules are " + rules));
            Set<String> sev = new LinkedHashSet<>();
            for (String s : m.severities().orElse(List.of())) {
                Severity v = problems.severity(key + ".severities", s);
                if (v != null) {
                    sev.add(v.name());
                }
            }
            if (problems.size() == before) {
                out.add(new MaintenanceWindow(e.getKey(), days, start, m.duration(), zone, eps, rs, sev));
            }
        }
        return out;
    }

    private static DayOfWeek day(String raw) {
        String d = raw.trim().toUpperCase(Locale.ROOT);
        for (DayOfWeek w : DayOfWeek.values()) {
            if (w.name().equals(d) || w.name().startsWith(d) && d.length() == 3) {
                return w;
            }
        }
        return null;
    }
}
