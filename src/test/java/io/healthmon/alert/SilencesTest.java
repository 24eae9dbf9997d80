package io.healthmon.alert;

import io.healthmon.state.StateFile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.TestClock;
import io.healthmon.rule.Severity;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SilencesTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2027-01-04T01:00:00Z")); // a Monday

    private Incident incident(String rule, String endpoint, Severity s) {
        return new Incident(rule + ":" + endpoint + ":x", rule, endpoint, "http://h/api", s, Incident.State.FIRING,
                clock.instant(), null, 1, 1, "t", List.of(), Map.of(), false);
    }

    private List<MaintenanceWindow> windows = List.of();

    private Silences silences(List<MaintenanceWindow> maintenance) {
        windows = maintenance;
        return new Silences(new StateFile<>(dir.resolve("silences.json"), Silences.Saved.class, clock), clock);
    }

    /** The silences with the configuration's maintenance windows and rule labels, as a pipeline mutes. */
    private Silencer muting(Silences s) {
        return new Muting(s, windows, Map.of("error-rate", Map.of("team", "web")));
    }

    private Silence silence(String rule, String endpoint, String severity, Map<String, String> labels, Duration length) {
        return new Silence(null, rule, endpoint, severity, labels, clock.instant(), clock.instant().plus(length), "deploy", "bob");
    }

    @Test
    void everyGivenMatcherMustMatchWhileActive() {
        Silences s = silences(List.of());
        s.add(silence("endpoint-down", "auth", null, Map.of(), Duration.ofHours(1)));
        s.add(silence(null, null, null, Map.of("team", "web"), Duration.ofHours(1)));
        assertTrue(muting(s).silenced(incident("endpoint-down", "auth", Severity.P1), clock.instant()));
        assertFalse(muting(s).silenced(incident("endpoint-down", "database", Severity.P1), clock.instant()));
        assertTrue(muting(s).silenced(incident("error-rate", "database", Severity.P1), clock.instant()), "matched on the rule's labels");
        assertFalse(muting(s).silenced(incident("endpoint-down", "auth", Severity.P1), clock.instant().plus(Duration.ofHours(1))),
                "over at endsAt");
    }

    @Test
    void expiringEndsASilenceNowAndItSurvivesARestart() {
        Silences s = silences(List.of());
        Silence added = s.add(silence(null, "auth", "p1", Map.of(), Duration.ofHours(2)));
        assertEquals("P1", added.severity());
        Silences reloaded = silences(List.of());
        assertEquals(List.of(added), reloaded.list());
        assertTrue(reloaded.expire(added.id()));
        assertFalse(muting(reloaded).silenced(incident("endpoint-down", "auth", Severity.P1), clock.instant()));
        assertFalse(reloaded.expire("nope"));
        clock.advance(Duration.ofDays(2));
        assertTrue(reloaded.list().isEmpty(), "expired silences are forgotten after a day");
    }

    @Test
    void rejectsSilencesThatCouldNeverWork() {
        Silences s = silences(List.of());
        assertEquals("a silence needs at least one matcher: rule, endpoint, severity or labels",
                assertThrows(IllegalArgumentException.class, () -> s.add(silence(null, null, null, Map.of(), Duration.ofHours(1))))
                        .getMessage());
        assertEquals("endsAt must be after startsAt",
                assertThrows(IllegalArgumentException.class, () -> s.add(silence("r", null, null, Map.of(), Duration.ofHours(-1))))
                        .getMessage());
        assertEquals("a silence needs a comment saying why", assertThrows(IllegalArgumentException.class,
                () -> s.add(new Silence(null, "r", null, null, Map.of(), clock.instant(), clock.instant().plusSeconds(60), " ", "bob")))
                .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> s.add(silence("r", null, "P9", Map.of(), Duration.ofHours(1)))).getMessage().startsWith("severity must be"));
    }

    @Test
    void aWeeklyMaintenanceWindowRunsPastMidnightOnItsDaysOnly() {
        // Sundays 23:00 to 02:00 Berlin time (UTC+1 in January), database only.
        MaintenanceWindow w = new MaintenanceWindow("db-backup", Set.of(DayOfWeek.SUNDAY), LocalTime.of(23, 0), Duration.ofHours(3),
                ZoneId.of("Europe/Berlin"), Set.of("database"), Set.of(), Set.of());
        Silences s = silences(List.of(w));
        Incident db = incident("endpoint-down", "database", Severity.P1);
        assertTrue(w.activeAt(Instant.parse("2027-01-03T22:00:00Z")), "Sunday 23:00 Berlin");
        assertTrue(w.activeAt(Instant.parse("2027-01-04T00:59:59Z")), "Monday 01:59 Berlin, still Sunday's window");
        assertFalse(w.activeAt(Instant.parse("2027-01-04T01:00:00Z")), "Monday 02:00 Berlin: over");
        assertFalse(w.activeAt(Instant.parse("2027-01-04T22:30:00Z")), "Monday 23:30 Berlin: not a Sunday");
        assertTrue(muting(s).silenced(db, Instant.parse("2027-01-03T22:30:00Z")));
        assertFalse(muting(s).silenced(incident("endpoint-down", "auth", Severity.P1), Instant.parse("2027-01-03T22:30:00Z")));
    }
}
