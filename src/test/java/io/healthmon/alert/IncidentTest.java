package io.healthmon.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.healthmon.rule.Severity;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentTest {

    private static final Instant AT = Instant.parse("2027-01-01T00:00:00Z");

    private static Incident incident(Map<String, Double> figures) {
        return new Incident("error-rate:database:1", "error-rate", "database", "http://127.0.0.1/api/health/database",
                Severity.P1, Incident.State.FIRING, AT, null, 0.2, 0.01, "error-ratio 20 %", List.of("slack-critical"),
                figures, false);
    }

    @Test
    void figuresAreCopiedSortedWithoutNullsAndCannotBeChangedFromOutside() {
        Map<String, Double> given = new HashMap<>();
        given.put("p95_seconds_5m", 0.4);
        given.put("error_ratio_5m", 0.2);
        given.put("no_value", null);
        Incident i = incident(given);
        given.put("error_ratio_5m", 0.9);
        assertEquals(List.of("error_ratio_5m", "p95_seconds_5m"), List.copyOf(i.figures().keySet()));
        assertEquals(0.2, i.figures().get("error_ratio_5m"));
        assertThrows(UnsupportedOperationException.class, () -> i.figures().put("x", 1.0));
    }

    @Test
    void anUpdateKeepsTheFiguresAndLabelsItHasWithoutCopyingThem() {
        Incident i = incident(Map.of("error_ratio_5m", 0.2));
        Incident later = i.updated(0.3, "error-ratio 30 %");
        assertSame(i.figures(), later.figures(), "an incident is updated on every result while it fires");
        assertSame(i.labels(), later.labels());
        assertEquals(0.3, later.value());
        assertEquals("error-ratio 30 %", later.text());
        assertEquals(0.2, later.firedValue(), "what it fired with stays");
        assertSame(i.figures(), later.heldFlapping().figures());
    }
}
