package io.healthmon.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.healthmon.Observations;
import io.healthmon.TestClock;
import io.healthmon.TestSpecs;
import io.healthmon.config.EndpointSpec;
import io.healthmon.probe.Outcome;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.probe.ProbeResult;
import io.healthmon.rule.Condition;
import io.healthmon.rule.Rule;
import io.healthmon.rule.Severity;
import io.healthmon.window.StatsStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runbook's escalation matrix as the defaults give it (team lead after 30 minutes for P0/P1,
 * platform lead at once for P0, CTO after 15 minutes of a complete outage), minute by minute on
 * the test clock, every step's channel configured.
 */
class EscalationTest {

    private static final Instant T0 = Instant.parse("2027-01-01T00:00:00Z");
    private final TestClock clock = new TestClock(T0);
    private final List<EndpointSpec> specs = List.of(
            TestSpecs.endpoint("database", "http://127.0.0.1:3000/api/health/database"),
            TestSpecs.endpoint("auth", "http://127.0.0.1:3000/api/health/auth"));
    private final ProbeHistory history = new ProbeHistory(specs, clock.instant(), null);
    private final StatsStore stats = new StatsStore(specs, List.of(Duration.ofMinutes(1)), 12, clock, null);
    private final List<Notification> sent = new ArrayList<>();
    private final Rule down = new Rule("endpoint-down", new Condition.EndpointDown(2), Severity.P1, Duration.ZERO,
            Duration.ZERO, Set.of("database"), Map.of(), List.of("slack-critical"));
    private final Rule dbCritical = new Rule("database-critical", new Condition.EndpointDown(2), Severity.P0, Duration.ZERO,
            Duration.ZERO, Set.of("database"), Map.of(), List.of("pagerduty"));
    private final Rule outage = new Rule("complete-outage", new Condition.CompleteOutage(2), Severity.P0, Duration.ZERO,
            Duration.ZERO, Set.of(), Map.of(), List.of("pagerduty"));

    private AlertEngine engine(Rule... rules) {
        Router router = new Router(Defaults.ROUTING, List.of(),
                Set.of("slack-critical", "pagerduty", "team-lead", "platform-lead", "cto"), Map.of());
        // no inhibition here: a complete outage is told as itself, not muting the endpoint's own rules' steps
        return new AlertEngine(List.of(rules), router, Defaults.POLICY.grouped(List.of("endpoint"), Duration.ZERO, List.of()),
                (i, now) -> false, Map.of(), sent::add, null, null, clock.instant());
    }

    private void probe(AlertEngine e, String endpoint, Outcome o) {
        ProbeResult r = new ProbeResult(endpoint, clock.instant(), 1, o, o.ok() ? 200 : 503, o.label(), Map.of());
        history.record(r);
        e.evaluate(Observations.of(history.view(endpoint), stats.record(r)), Observations.platform(history));
    }

    /** Each escalation as "channel@minute", the minutes counted from the incident's start, ticked every minute for two hours. */
    private List<String> escalations(AlertEngine e, List<String> failing) {
        return escalations(e, failing, -1);
    }

    /** The same, every open incident acknowledged at minute {@code ackAt} (before that minute's tick; -1: never). */
    private List<String> escalations(AlertEngine e, List<String> failing, int ackAt) {
        for (int n = 0; n < 2; n++) {
            for (String endpoint : failing) {
                probe(e, endpoint, Outcome.HTTP_STATUS);
            }
        }
        Instant fired = clock.instant();
        List<String> out = new ArrayList<>();
        for (int minute = 0; minute <= 120; minute++) {
            int before = sent.size();
            if (minute == ackAt) {
                e.open().forEach(i -> assertEquals(AlertEngine.AckResult.DONE, e.acknowledge(i.id(), "alice", "", clock.instant())));
            }
            e.tick(clock.instant());
            for (Notification n : sent.subList(before, sent.size())) {
                if (n.kind() == Notification.Kind.ESCALATE) {
                    out.add(n.channel() + "@" + Duration.between(fired, clock.instant()).toMinutes());
                }
            }
            clock.advance(Duration.ofMinutes(1));
        }
        return out;
    }

    static Stream<Arguments> matrix() {
        return Stream.of(
                Arguments.of("a P1 incident: the team lead after 30 minutes, once", "endpoint-down", List.of("database"),
                        List.of("team-lead@30")),
                Arguments.of("a P0 incident: the platform lead at once, the team lead after 30 minutes", "database-critical",
                        List.of("database"), List.of("platform-lead@0", "team-lead@30")),
                Arguments.of("a complete outage: platform lead at once, CTO after 15 minutes, team lead after 30",
                        "complete-outage", List.of("database", "auth"), List.of("platform-lead@0", "cto@15", "team-lead@30")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void eachStepFiresOnceWhenItsTimeComes(String what, String rule, List<String> failing, List<String> expected) {
        Rule r = switch (rule) {
            case "endpoint-down" -> down;
            case "database-critical" -> dbCritical;
            default -> outage;
        };
        assertEquals(expected, escalations(engine(r), failing), what);
    }

    static Stream<Arguments> acknowledged() {
        return Stream.of(
                Arguments.of("a P1 acknowledged after 10 minutes: the team lead is never told", "endpoint-down",
                        List.of("database"), 10, List.of()),
                Arguments.of("a P1 acknowledged after 31 minutes: the team lead was told at 30", "endpoint-down",
                        List.of("database"), 31, List.of("team-lead@30")),
                Arguments.of("a P0 acknowledged before the first tick: neither lead is told", "database-critical",
                        List.of("database"), 0, List.of()),
                Arguments.of("a complete outage acknowledged after 5 minutes: the CTO step ignores acknowledgement",
                        "complete-outage", List.of("database", "auth"), 5, List.of("platform-lead@0", "cto@15")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acknowledged")
    void acknowledgementStopsTheStepsThatRespectIt(String what, String rule, List<String> failing, int ackAt,
                                                  List<String> expected) {
        Rule r = switch (rule) {
            case "endpoint-down" -> down;
            case "database-critical" -> dbCritical;
            default -> outage;
        };
        assertEquals(expected, escalations(engine(r), failing, ackAt), what);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "P1 not yet,          P1, endpoint-down,   29, false, false, false",
            "P1 at 30 min,        P1, endpoint-down,   30, true,  false, false",
            "P0 at once,          P0, database-critical, 0, false, true,  false",
            "P2 never,            P2, memory,          600, false, false, false",
            "outage before 15,    P0, complete-outage, 14, false, true,  false",
            "outage at 15,        P0, complete-outage, 15, false, true,  true"})
    void aStepIsDueWhenItMatchesAndItsDelayHasPassed(String what, Severity severity, String rule, int minutes,
                                                     boolean teamLead, boolean platformLead, boolean cto) {
        Incident i = new Incident("x", rule, "database", "u", severity, Incident.State.FIRING, T0, null, 1, 1, "t",
                List.of(), Map.of(), false);
        Instant now = T0.plus(Duration.ofMinutes(minutes));
        Map<String, Boolean> due = new java.util.TreeMap<>();
        Defaults.POLICY.escalation().forEach(s -> due.put(s.name(), s.due(i, now)));
        assertEquals(Map.of("team-lead", teamLead, "platform-lead", platformLead, "cto", cto), due, what);
    }
}
