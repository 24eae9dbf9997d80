package io.healthmon.api;

import io.healthmon.alert.AlertEngine;
import io.healthmon.alert.Incident;
import io.healthmon.probe.EndpointState;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.window.DayAvailability;
import io.healthmon.window.EndpointWindows;
import io.healthmon.window.WindowStats;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the status page shows, made from the running parts by a pure function ({@link #of}): the
 * template only lays it out. Figures are words already (a percentage rounded down, so 99.996 % is
 * never shown as 100 %), and nothing here holds a URL beyond its path, a channel or a secret.
 */
public final class StatusPage {

    /** How many days of resolved incidents the page lists. */
    static final int RECENT_DAYS = 14;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private StatusPage() {
    }

    /** The banner over the page: the worst of the public endpoints. */
    public enum Overall {
        OPERATIONAL("operational"), DEGRADED("degraded"), PARTIAL("partial"), MAJOR("major");

        /** The CSS class. */
        public final String css;

        Overall(String css) {
            this.css = css;
        }
    }

    /** An endpoint's state on the page, in words and as a CSS class (the words carry it without colour). */
    public enum RowState {
        OPERATIONAL("Operational", "up"), DEGRADED("Degraded", "degraded"), DOWN("Down", "down"), UNKNOWN("No data yet", "unknown");

        public final String words;
        public final String css;

        RowState(String words, String css) {
            this.words = words;
            this.css = css;
        }
    }

    public record Page(String title, Overall overall, String banner, String updated, List<Row> endpoints,
                       List<IncidentRow> open, List<IncidentRow> recent) {
    }

    /**
     * @param days the last 90 UTC days, oldest first
     */
    public record Row(String name, String path, RowState state, String p95, String availability24h,
                      String availability7d, String availability30d, List<Cell> days) {
    }

    /** One day of the 90-day bar: its level (a CSS class) and its figure in words. */
    public record Cell(String level, String text) {
    }

    /**
     * @param acknowledged "Investigating since ..." once someone acknowledged it, else "Not yet"
     *                     (who, and what they said, are in the API, not on a public page)
     */
    public record IncidentRow(String title, String severity, String since, String resolved, String duration, String text,
                              String acknowledged) {
    }

    /** What the page reads: the parts as the API has them. */
    public record Source(String title, List<ProbeHistory.View> views, Function<String, EndpointWindows> windows,
                         Function<String, List<DayAvailability>> days, List<Incident> open, List<Incident> resolved,
                         Set<String> publicEndpoints) {
    }

    /** The page as of {@code now}. Pure. */
    public static Page of(Source s, Instant now) {
        List<Incident> open = s.open().stream().filter(i -> shown(i, s.publicEndpoints())).toList();
        // looked up per endpoint: a mass outage is thousands of open incidents
        Set<String> withIncident = open.stream().map(Incident::endpoint).collect(Collectors.toSet());
        List<Row> rows = new ArrayList<>();
        List<String> down = new ArrayList<>();
        List<String> degraded = new ArrayList<>();
        for (ProbeHistory.View v : s.views()) {
            String name = v.spec().name();
            if (!s.publicEndpoints().contains(name)) {
                continue;
            }
            RowState state = v.state() == EndpointState.DOWN ? RowState.DOWN
                    : v.state() == EndpointState.UNKNOWN ? RowState.UNKNOWN
                    : withIncident.contains(name) ? RowState.DEGRADED : RowState.OPERATIONAL;
            if (state == RowState.DOWN) {
                down.add(name);
            } else if (state == RowState.DEGRADED) {
                degraded.add(name);
            }
            EndpointWindows w = s.windows().apply(name);
            List<DayAvailability> days = s.days().apply(name);
            rows.add(new Row(name, v.spec().path(), state, latency(window(w, "5m")),
                    percent(ratio(window(w, "24h"))), percent(availability(days, 7)),
                    percent(window(w, "30d") != null ? ratio(window(w, "30d")) : availability(days, 30)), cells(days)));
        }
        boolean completeOutage = open.stream().anyMatch(i -> i.endpoint().equals(AlertEngine.ALL));
        Overall overall;
        String banner;
        if (completeOutage || (!rows.isEmpty() && down.size() == rows.size())) {
            overall = Overall.MAJOR;
            banner = "Major outage";
        } else if (!down.isEmpty()) {
            overall = Overall.PARTIAL;
            banner = "Partial outage: " + String.join(", ", down);
        } else if (!degraded.isEmpty()) {
            overall = Overall.DEGRADED;
            banner = "Degraded performance: " + String.join(", ", degraded);
        } else {
            overall = Overall.OPERATIONAL;
            banner = "All systems operational";
        }
        Instant since = now.minus(Duration.ofDays(RECENT_DAYS));
        List<IncidentRow> recent = s.resolved().stream()
                .filter(i -> shown(i, s.publicEndpoints()) && i.resolvedAt() != null && i.resolvedAt().isAfter(since))
                .sorted(Comparator.comparing(Incident::resolvedAt).reversed())
                .map(i -> row(i, now)).toList();
        List<IncidentRow> openRows = open.stream().sorted(Comparator.comparing(Incident::severity).thenComparing(Incident::firedAt))
                .map(i -> row(i, now)).toList();
        return new Page(s.title(), overall, banner, TIME.format(now), rows, openRows, recent);
    }

    private static boolean shown(Incident i, Set<String> publicEndpoints) {
        return i.endpoint().equals(AlertEngine.ALL) || publicEndpoints.contains(i.endpoint());
    }

    private static IncidentRow row(Incident i, Instant now) {
        String where = i.endpoint().equals(AlertEngine.ALL) ? "every endpoint" : i.endpoint();
        Instant end = i.resolvedAt() != null ? i.resolvedAt() : now;
        return new IncidentRow(i.rule() + " on " + where, i.severity().name(), TIME.format(i.firedAt()),
                i.resolvedAt() == null ? null : TIME.format(i.resolvedAt()), duration(Duration.between(i.firedAt(), end)),
                i.text(), i.acknowledged() == null ? "Not yet" : "Investigating since " + TIME.format(i.acknowledged().at()));
    }

    private static WindowStats window(EndpointWindows w, String label) {
        return w == null ? null : w.windows().get(label);
    }

    private static double ratio(WindowStats s) {
        return s == null ? Double.NaN : s.availabilityRatio();
    }

    /** The time-weighted availability of the last {@code n} UTC days (today included). */
    static double availability(List<DayAvailability> days, int n) {
        if (days == null) {
            return Double.NaN;
        }
        double up = 0;
        double watched = 0;
        for (DayAvailability d : days.subList(Math.max(0, days.size() - n), days.size())) {
            up += d.upSeconds();
            watched += d.watchedSeconds();
        }
        return watched > 0 ? up / watched : Double.NaN;
    }

    private static List<Cell> cells(List<DayAvailability> days) {
        if (days == null) {
            return List.of();
        }
        return days.stream().map(d -> {
            double a = d.availability();
            String level = Double.isNaN(a) ? "none" : a >= 0.999 ? "ok" : a >= 0.99 ? "warn" : "bad";
            return new Cell(level, d.date() + ": " + (Double.isNaN(a) ? "no data" : percent(a)));
        }).toList();
    }

    /** A ratio as a percentage with two decimals, rounded down (never shows an outage as 100 %); "–" for none. */
    static String percent(double ratio) {
        if (Double.isNaN(ratio)) {
            return "–";
        }
        if (ratio >= 1) {
            return "100 %";
        }
        double floored = Math.floor(ratio * 10_000 + 1e-9) / 100; // the epsilon keeps 0.9995 from reading 99.94
        return String.format(Locale.ROOT, "%.2f %%", floored);
    }

    static String latency(WindowStats s) {
        if (s == null || Double.isNaN(s.p95Seconds())) {
            return "–";
        }
        double ms = s.p95Seconds() * 1000;
        return ms >= 1000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000) : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    static String duration(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 1) {
            return d.toSeconds() + " s";
        }
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = d.toHours();
        return hours < 48 ? hours + " h " + (minutes % 60) + " min" : d.toDays() + " d " + (hours % 24) + " h";
    }
}
