package io.healthmon.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import io.healthmon.TestClock;
import io.healthmon.TestSpecs;
import io.healthmon.config.EndpointSpec;
import io.healthmon.probe.Outcome;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.probe.ProbeResult;
import io.healthmon.window.StatsStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The promises the default rules make, played tick by tick on an injected clock through the real
 * history, windows and evaluator: one probe every 10 s (the default interval) per endpoint.
 */
class DefaultRulesTest {

    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final List<Duration> WINDOWS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1),
            Duration.ofHours(6), Duration.ofHours(24), Duration.ofDays(3), Duration.ofDays(30));

    record Event(Instant at, String rule, String endpoint, RuleState.Transition transition) {
    }

    /** Four endpoints like the runbook's; only the first one's outcomes vary. */
    static final class Harness {
        final TestClock clock = new TestClock(Instant.parse("2027-01-01T00:00:00Z"));
        final Instant start = clock.instant();
        final List<EndpointSpec> specs = new ArrayList<>();
        final ProbeHistory history;
        final StatsStore stats;
        final List<Rule> rules = DefaultRules.all();
        final Map<String, RuleState> states = new LinkedHashMap<>();
        final List<Event> events = new ArrayList<>();

        Harness() {
            for (String name : List.of("database", "application", "auth", "services")) {
                specs.add(TestSpecs.withHeadersAndValues(TestSpecs.endpoint(name, "http://127.0.0.1/" + name), Map.of(),
                        name.equals("database") ? Map.of("cpu", "/cpu") : Map.of()));
            }
            history = new ProbeHistory(specs, clock.instant());
            stats = new StatsStore(specs, WINDOWS, 12, clock);
        }

        /** One interval: every endpoint probed, database with the given outcome. */
        void tick(Outcome database, double latencySeconds) {
            tick(database, latencySeconds, Outcome.OK);
        }

        void tick(Outcome database, double latencySeconds, Outcome others) {
            for (EndpointSpec s : specs) {
                Outcome o = s.name().equals("database") ? database : others;
                ProbeResult r = new ProbeResult(s.name(), clock.instant(), (long) (latencySeconds * 1e9), o,
                        o == Outcome.OK ? 200 : 503, o.label(), Map.of());
                history.record(r);
                var w = stats.record(r);
                for (Rule rule : rules) {
                    if (rule.condition() instanceof Condition.CompleteOutage c) {
                        step(rule, "*", RuleEvaluator.outage(c, history.views()));
                    } else if (rule.watches(s.name())) {
                        step(rule, s.name(), RuleEvaluator.evaluate(rule.condition(), w, history.view(s.name())));
                    }
                }
            }
            clock.advance(INTERVAL);
        }

        void step(Rule rule, String endpoint, Evaluation e) {
            RuleState s = states.computeIfAbsent(rule.name() + "/" + endpoint,
                    k -> new RuleState(rule.forDuration(), rule.keepFiringFor()));
            RuleState.Transition t = s.step(e, clock.instant());
            if (t == RuleState.Transition.FIRED || t == RuleState.Transition.RESOLVED) {
                events.add(new Event(clock.instant(), rule.name(), endpoint, t));
            }
        }

        List<Event> events(String rule, RuleState.Transition t) {
            return events.stream().filter(e -> e.rule().equals(rule) && e.transition() == t).toList();
        }
    }

    @Test
    void aSustainedOutageNotifiesWithinTwoProbeIntervals() {
        Harness h = new Harness();
        for (int i = 0; i < 30; i++) {
            h.tick(Outcome.OK, 0.05);
        }
        Instant outageStart = h.clock.instant();
        for (int i = 0; i < 10; i++) {
            h.tick(Outcome.CONNECTION_REFUSED, 0);
        }
        Event first = h.events.get(0);
        assertEquals("endpoint-down", first.rule());
        assertTrue(Duration.between(outageStart, first.at()).compareTo(INTERVAL.multipliedBy(2)) <= 0,
                "notified " + Duration.between(outageStart, first.at()) + " after the outage began");
    }

    @Test
    void oneIsolatedFailedProbeNotifiesNobody() {
        Harness h = new Harness();
        for (int i = 0; i < 60; i++) {
            h.tick(Outcome.OK, 0.05);
        }
        h.tick(Outcome.TIMEOUT, 5);
        for (int i = 0; i < 400; i++) {
            h.tick(Outcome.OK, 0.05);
        }
        assertEquals(List.of(), h.events);
    }

    @Test
    void thirtyPercentRandomErrorsFireTheErrorRateAlertOnceAndKeepIt() {
        Harness h = new Harness();
        Random r = new Random(30);
        for (int i = 0; i < 360; i++) { // an hour
            h.tick(r.nextDouble() < 0.3 ? Outcome.HTTP_STATUS : Outcome.OK, 0.05);
        }
        assertEquals(1, h.events("error-rate", RuleState.Transition.FIRED).size(), h.events.toString());
        assertEquals(0, h.events("error-rate", RuleState.Transition.RESOLVED).size(), h.events.toString());
    }

    @Test
    void afterRecoveryEveryIncidentResolvesWithinAboutAMinute() {
        Harness h = new Harness();
        for (int i = 0; i < 30; i++) {
            h.tick(Outcome.OK, 0.05);
        }
        for (int i = 0; i < 30; i++) { // five minutes down
            h.tick(Outcome.HTTP_STATUS, 0.05);
        }
        Instant recovery = h.clock.instant();
        for (int i = 0; i < 60; i++) {
            h.tick(Outcome.OK, 0.05);
        }
        List<Event> fired = h.events.stream().filter(e -> e.transition() == RuleState.Transition.FIRED).toList();
        List<Event> resolved = h.events.stream().filter(e -> e.transition() == RuleState.Transition.RESOLVED).toList();
        assertEquals(List.of("error-rate", "availability", "endpoint-down"),
                fired.stream().map(Event::rule).distinct().sorted((a, b) -> order(a) - order(b)).toList());
        assertEquals(fired.size(), resolved.size(), h.events.toString());
        for (Event e : resolved) {
            Duration after = Duration.between(recovery, e.at());
            assertTrue(after.compareTo(Duration.ofSeconds(70)) <= 0, e + " resolved " + after + " after recovery");
        }
    }

    private static int order(String rule) {
        return List.of("error-rate", "availability", "endpoint-down").indexOf(rule);
    }
}
