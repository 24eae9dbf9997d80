package io.healthmon.api;

import io.healthmon.alert.AlertEngine;
import io.healthmon.alert.Silence;
import io.healthmon.config.Durations;
import io.healthmon.config.EndpointSpec;
import io.healthmon.rule.Rule;
import io.healthmon.rule.Severity;
import io.healthmon.setup.Settings;
import io.quarkus.runtime.configuration.DurationConverter;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A silence as a client sent it, checked field by field against the running configuration: what
 * it names must exist, and it must end within the configured maximum. Pure: no clock of its own.
 */
final class SilenceRequest {

    /** A client mistake, naming the field. */
    static final class Invalid extends IllegalArgumentException {
        Invalid(String field, String what) {
            super(field + ": " + what);
        }
    }


    private SilenceRequest() {
    }

    static Silence parse(SilencesResource.NewSilence body, Settings settings, Instant now) {
        String endpoint = blank(body.endpoint());
        List<String> endpoints = settings.endpoints().stream().map(EndpointSpec::name).toList();
        if (endpoint != null && !endpoint.equals(AlertEngine.ALL) && !endpoints.contains(endpoint)) {
            throw new Invalid("endpoint", "unknown endpoint '" + endpoint + "'; endpoints are " + endpoints + " and *");
        }
        String rule = blank(body.rule());
        List<String> rules = settings.rules().stream().map(Rule::name).toList();
        if (rule != null && !rules.contains(rule)) {
            throw new Invalid("rule", "unknown rule '" + rule + "'; rules are " + rules);
        }
        String severity = blank(body.severity());
        if (severity != null) {
            try {
                severity = Severity.valueOf(severity.toUpperCase(Locale.ROOT)).name();
            } catch (IllegalArgumentException e) {
                throw new Invalid("severity", "'" + severity + "' is not a severity; expected P0, P1, P2 or P3");
            }
        }
        Map<String, String> labels = body.labels() == null ? Map.of() : body.labels();
        labels.forEach((k, v) -> {
            if (k == null || k.isBlank() || v == null) {
                throw new Invalid("labels", "every label needs a name and a value");
            }
        });
        if (endpoint == null && rule == null && severity == null && labels.isEmpty()) {
            throw new Invalid("matchers", "a silence needs at least one of rule, endpoint, severity or labels");
        }
        Instant start = body.startsAt() == null ? now : instant("startsAt", body.startsAt());
        Instant end;
        if (body.endsAt() != null) {
            end = instant("endsAt", body.endsAt());
        } else if (body.duration() != null) {
            end = start.plus(duration(body.duration(), settings.silenceMaxDuration()));
        } else {
            throw new Invalid("endsAt", "give endsAt (an ISO-8601 instant) or duration (e.g. 2h)");
        }
        if (!end.isAfter(start)) {
            throw new Invalid("endsAt", "must be after startsAt");
        }
        if (!end.isAfter(now)) {
            throw new Invalid("endsAt", "is in the past: the silence would never be active");
        }
        Duration max = settings.silenceMaxDuration();
        if (Duration.between(start.isBefore(now) ? now : start, end).compareTo(max) > 0 || start.isAfter(now.plus(max))) {
            throw new Invalid(body.endsAt() != null ? "endsAt" : "duration", "a silence ends at most "
                    + Durations.format(max) + " from now (healthmon.silences.max-duration)");
        }
        String comment = text("comment", body.comment());
        if (comment == null) {
            throw new Invalid("comment", "a silence needs a comment saying why");
        }
        return new Silence(null, rule, endpoint, severity, labels, start, end, comment, text("createdBy", body.createdBy()));
    }

    private static Instant instant(String field, String raw) {
        try {
            return Instant.parse(raw.trim());
        } catch (DateTimeException e) {
            throw new Invalid(field, "must be an ISO-8601 instant like 2027-01-01T02:00:00Z");
        }
    }

    private static Duration duration(String raw, Duration max) {
        Duration d;
        try {
            d = DurationConverter.parseDuration(raw.trim());
        } catch (RuntimeException e) { // unparsable, or too long for a Duration
            throw new Invalid("duration", "'" + clip(raw) + "' is not a duration; expected e.g. 30m, 2h or 1d");
        }
        if (d == null || d.isNegative() || d.isZero()) {
            throw new Invalid("duration", "must be positive");
        }
        if (d.compareTo(max) > 0) {
            throw new Invalid("duration", "a silence lasts at most " + Durations.format(max) + " (healthmon.silences.max-duration)");
        }
        return d;
    }

    private static String text(String field, String raw) {
        String t = blank(raw);
        if (t != null && t.length() > WriteAccess.MAX_TEXT) {
            throw new Invalid(field, "at most " + WriteAccess.MAX_TEXT + " characters");
        }
        return t;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
