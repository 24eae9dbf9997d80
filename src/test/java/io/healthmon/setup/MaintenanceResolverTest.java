package io.healthmon.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.healthmon.TestConfig;
import io.healthmon.alert.MaintenanceWindow;
import io.healthmon.config.HealthmonConfig;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaintenanceResolverTest {

    private final Problems problems = new Problems();

    private List<MaintenanceWindow> windows(String... kv) {
        HealthmonConfig c = TestConfig.of(kv).healthmon();
        return MaintenanceResolver.resolve(c, Set.of("database", "auth"), Set.of("endpoint-down"), problems);
    }

    @Test
    void readsAWeeklyWindow() {
        List<MaintenanceWindow> w = windows("healthmon.maintenance.backup.days", "SUN", "healthmon.maintenance.backup.start", "23:00",
                "healthmon.maintenance.backup.duration", "3h", "healthmon.maintenance.backup.zone", "Europe/Berlin",
                "healthmon.maintenance.backup.endpoints", "database");
        assertEquals(List.of(), problems.list());
        assertEquals(Set.of(DayOfWeek.SUNDAY), w.get(0).days());
        assertEquals(LocalTime.of(23, 0), w.get(0).start());
        assertEquals(Set.of("database"), w.get(0).endpoints());
    }

    @Test
    void reportsEveryMistakeByKey() {
        windows("healthmon.maintenance.x.days", "SUNDAYS", "healthmon.maintenance.x.start", "25:00",
                "healthmon.maintenance.x.duration", "0s", "healthmon.maintenance.x.zone", "Mars/Olympus",
                "healthmon.maintenance.x.endpoints", "db", "healthmon.maintenance.x.rules", "down",
                "healthmon.maintenance.x.severities", "high");
        assertEquals(List.of(
                "healthmon.maintenance.x.days: 'SUNDAYS' is not a day; expected MON, TUE, WED, THU, FRI, SAT or SUN",
                "healthmon.maintenance.x.start: '25:00' is not a time of day; expected HH:mm, e.g. 02:30",
                "healthmon.maintenance.x.duration: must be between 1s and 7d, got 0s",
                "healthmon.maintenance.x.zone: 'Mars/Olympus' is not a time zone; expected e.g. UTC or Europe/Berlin",
                "healthmon.maintenance.x.endpoints: unknown endpoint 'db'; endpoints are " + Set.of("database", "auth"),
                "healthmon.maintenance.x.rules: unknown rule 'down'; rules are [endpoint-down]",
                "healthmon.maintenance.x.severities: 'high' is not a severity; expected P0, P1, P2 or P3"), problems.list());
    }
}
