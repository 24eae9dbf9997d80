package io.healthmon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.healthmon.TestConfig;
import io.healthmon.TestSpecs;
import io.healthmon.alert.AlertEngine;
import io.healthmon.alert.Incident;
import io.healthmon.probe.EndpointState;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.rule.Severity;
import io.healthmon.setup.Settings;
import io.healthmon.setup.SettingsResolver;
import io.healthmon.window.DayAvailability;
import io.healthmon.window.EndpointWindows;
import io.healthmon.window.WindowStats;
import jakarta.ws.rs.NotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The status page's content, made from the parts as the API reads them. */
class StatusPageTest {

    private static final Instant NOW = Instant.parse("2027-03-10T12:00:00Z");
    private static final List<String> NAMES = List.of("application", "database", "auth", "services");

    private static ProbeHistory.View view(String name, EndpointState state) {
        return new ProbeHistory.View(TestSpecs.endpoint(name, "http://user:pw@platform.test/api/health/" + name + "?token=t"),
                state, NOW, null, 10, state == EndpointState.DOWN ? 3 : 0);
    }

    private static Incident incident(String rule, String endpoint, Severity severity, Instant firedAt, Instant resolvedAt) {
        Incident i = new Incident(rule + ":" + endpoint, rule, endpoint, "http://platform.test/", severity, Incident.State.FIRING,
                firedAt, null, 1, 2, rule + " text", List.of("pagerduty"), Map.of(), false);
        return resolvedAt == null ? i : i.resolved(resolvedAt, 0, "recovered");
    }

    private static StatusPage.Page page(Map<String, EndpointState> states, List<Incident> open, List<Incident> resolved,
                                        Set<String> publicOnes) {
        List<ProbeHistory.View> views = new ArrayList<>();
        states.forEach((name, state) -> views.add(view(name, state)));
        return StatusPage.of(new StatusPage.Source("Platform status", views, name -> null, name -> null, open, resolved,
                publicOnes), NOW);
    }

    private static Map<String, EndpointState> states(String... downOrUnknown) {
        Map<String, EndpointState> m = new LinkedHashMap<>();
        for (String n : NAMES) {
            m.put(n, EndpointState.UP);
        }
        for (String s : downOrUnknown) {
            String[] p = s.split("=");
            m.put(p[0], EndpointState.valueOf(p[1]));
        }
        return m;
    }

    static Stream<Arguments> banners() {
        Instant t = NOW.minus(Duration.ofMinutes(3));
        return Stream.of(
                Arguments.of("every endpoint up", states(), List.of(), Set.copyOf(NAMES), "OPERATIONAL", "All systems operational"),
                Arguments.of("the database down", states("database=DOWN"), List.of(incident("endpoint-down", "database", Severity.P1, t, null)),
                        Set.copyOf(NAMES), "PARTIAL", "Partial outage: database"),
                Arguments.of("auth up but slow", states(), List.of(incident("response-time", "auth", Severity.P1, t, null)),
                        Set.copyOf(NAMES), "DEGRADED", "Degraded performance: auth"),
                Arguments.of("every endpoint down", states("application=DOWN", "database=DOWN", "auth=DOWN", "services=DOWN"),
                        List.of(), Set.copyOf(NAMES), "MAJOR", "Major outage"),
                Arguments.of("a complete outage firing", states("database=DOWN"),
                        List.of(incident("complete-outage", AlertEngine.ALL, Severity.P0, t, null)), Set.copyOf(NAMES), "MAJOR", "Major outage"),
                Arguments.of("a private endpoint down is not told", states("services=DOWN"),
                        List.of(incident("endpoint-down", "services", Severity.P1, t, null)), Set.of("application", "database", "auth"),
                        "OPERATIONAL", "All systems operational"),
                Arguments.of("an endpoint not probed yet", states("auth=UNKNOWN"), List.of(), Set.copyOf(NAMES), "OPERATIONAL",
                        "All systems operational"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("banners")
    void theBannerTellsTheWorstOfThePublicEndpoints(String what, Map<String, EndpointState> states, List<Incident> open,
                                                    Set<String> publicOnes, String overall, String banner) {
        StatusPage.Page p = page(states, open, List.of(), publicOnes);
        assertEquals(overall, p.overall().name(), what);
        assertEquals(banner, p.banner(), what);
        assertEquals(publicOnes.size(), p.endpoints().size());
        assertFalse(p.open().stream().anyMatch(i -> i.title().contains("services") && !publicOnes.contains("services")));
    }

    @Test
    void rowsSayTheStateInWordsAndShowOnlyThePath() {
        StatusPage.Page p = page(states("database=DOWN", "services=UNKNOWN"),
                List.of(incident("response-time", "auth", Severity.P1, NOW.minusSeconds(90), null)), List.of(), Set.copyOf(NAMES));
        assertEquals(List.of("Operational", "Down", "Degraded", "No data yet"),
                p.endpoints().stream().map(r -> r.state().words).toList());
        assertEquals("/api/health/database", p.endpoints().get(1).path(), "no host, user info or query");
        assertEquals("response-time on auth", p.open().get(0).title());
        assertEquals("2027-03-10 11:58 UTC", p.open().get(0).since());
        assertEquals("1 min", p.open().get(0).duration());
        assertEquals("2027-03-10 12:00 UTC", p.updated());
    }

    @Test
    void recentIncidentsAreThoseResolvedInTheLastFourteenDaysNewestFirst() {
        List<Incident> resolved = List.of(
                incident("endpoint-down", "database", Severity.P1, NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(2)).plusSeconds(600)),
                incident("error-rate", "auth", Severity.P1, NOW.minus(Duration.ofDays(15)), NOW.minus(Duration.ofDays(15)).plusSeconds(60)),
                incident("complete-outage", AlertEngine.ALL, Severity.P0, NOW.minus(Duration.ofHours(5)), NOW.minus(Duration.ofHours(3))),
                incident("endpoint-down", "services", Severity.P1, NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofHours(20))));
        StatusPage.Page p = page(states(), List.of(), resolved, Set.of("application", "database", "auth"));
        assertEquals(List.of("complete-outage on every endpoint", "endpoint-down on database"),
                p.recent().stream().map(StatusPage.IncidentRow::title).toList());
        assertEquals("2 h 0 min", p.recent().get(0).duration());
        assertEquals("10 min", p.recent().get(1).duration());
    }

    @Test
    void aStatusPageSwitchedOffIsNotFoundAtEitherPath() {
        Settings off = SettingsResolver.resolve(TestConfig.of("healthmon.status-page.enabled", "false"), "healthmon@localhost");
        StatusPageResource page = new StatusPageResource(off, null, null, null, null); // nothing is read: it ends first
        assertThrows(NotFoundException.class, page::root);
        assertThrows(NotFoundException.class, page::status);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1.0      | 100 %",
            "0.99996  | 99.99 %",
            "0.9995   | 99.95 %",
            "0.999    | 99.90 %",
            "0.5      | 50.00 %",
            "0.0      | 0.00 %",
            "NaN      | –"})
    void percentagesAreRoundedDownSoAnOutageNeverReadsAsAHundred(double ratio, String text) {
        assertEquals(text, StatusPage.percent(ratio));
    }

    @Test
    void latencyAndAvailabilityFromTheWindowsAndTheDays() {
        WindowStats fiveMin = new WindowStats(Duration.ofMinutes(5), 60, 0, 0.02, 0.0412, 0.05, 0, 1);
        WindowStats day = new WindowStats(Duration.ofHours(24), 8640, 9, 0.02, 0.04, 0.05, 0.001, 0.999);
        Map<String, WindowStats> ws = new LinkedHashMap<>();
        ws.put("5m", fiveMin);
        ws.put("24h", day);
        List<DayAvailability> days = new ArrayList<>();
        for (int d = 89; d >= 0; d--) { // 90 days: not probed until 10 days ago, then one day with an hour down
            LocalDate date = LocalDate.of(2027, 3, 10).minusDays(d);
            days.add(d >= 10 ? new DayAvailability(date, 0, 0)
                    : new DayAvailability(date, d == 3 ? 86400 - 3600 : 86400, 86400));
        }
        StatusPage.Page p = StatusPage.of(new StatusPage.Source("t", List.of(view("database", EndpointState.UP)),
                name -> new EndpointWindows(name, NOW, ws, Map.of()), name -> days, List.of(), List.of(), Set.of("database")), NOW);
        StatusPage.Row r = p.endpoints().get(0);
        assertEquals("41 ms", r.p95());
        assertEquals("99.90 %", r.availability24h());
        assertEquals("99.40 %", r.availability7d(), "one hour down in 7 full days: 1 - 1/168");
        assertEquals("99.58 %", r.availability30d(), "no 30d window: the 10 days probed, 1 - 1/240");
        assertEquals(90, r.days().size());
        assertEquals(new StatusPage.Cell("none", "2026-12-11: no data"), r.days().get(0));
        assertEquals(new StatusPage.Cell("bad", "2027-03-07: 95.83 %"), r.days().get(86));
        assertEquals(new StatusPage.Cell("ok", "2027-03-10: 100 %"), r.days().get(89));
        assertEquals("2.50 s", StatusPage.latency(new WindowStats(Duration.ofMinutes(5), 1, 0, 2.5, 2.5, 2.5, 0, 1)));
    }
}
