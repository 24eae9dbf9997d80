package io.healthmon.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.window.EndpointWindows;
import io.healthmon.window.WindowStats;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleEvaluatorTest {

    private static final Streak UP = new Streak(Streak.State.UP, 0, "ok");

    /** Windows with the given error ratios (probes 1000, failures as the ratio implies). */
    private static Observation windows(Object... labelRatio) {
        Map<String, WindowStats> w = new LinkedHashMap<>();
        for (int i = 0; i < labelRatio.length; i += 2) {
            double r = (Double) labelRatio[i + 1];
            w.put((String) labelRatio[i], new WindowStats(Duration.ofMinutes(1), 1000, Math.round(r * 1000), 0.1, 0.2, 0.3, r, 1 - r));
        }
        return new Observation(new EndpointWindows("database", Instant.EPOCH, w, Map.of()), UP, 0.999);
    }

    private static final Rule PAGE = new Rule("slo-burn-fast", new Condition.BurnRate(14.4, "1h", "5m", "1m", 3), Severity.P1,
            Duration.ZERO, Duration.ZERO, Set.of(), Map.of(), List.of());

    @Test
    void pagesOnlyWhenBothWindowsBurnFasterThanTheFactor() {
        // 99.9 % objective: a 14.4x burn is an error ratio above 1.44 %.
        Evaluation both = RuleEvaluator.evaluate(PAGE, windows("1h", 0.02, "5m", 0.05, "1m", 0.05), null);
        assertTrue(both.breached());
        assertEquals(20.0, both.value(), 1e-9);
        assertEquals("error budget burning 20.0x over 1h and 50.0x over 5m, threshold 14.4x", both.text());
        assertFalse(RuleEvaluator.evaluate(PAGE, windows("1h", 0.01, "5m", 0.05, "1m", 0.05), null).breached(), "1h too slow");
        assertFalse(RuleEvaluator.evaluate(PAGE, windows("1h", 0.02, "5m", 0.01, "1m", 0.01), null).breached(), "5m recovered");
    }

    @Test
    void clearsOnTheResolveWindowSoARecoveryResolvesQuickly() {
        Evaluation e = RuleEvaluator.evaluate(PAGE, windows("1h", 0.2, "5m", 0.4, "1m", 0.0), null);
        assertTrue(e.clear());
        assertFalse(e.breached(), "a clean last minute outvotes the long windows");
    }

    @Test
    void budgetRemainingIsTheUnspentShareOfTheAllowedErrors() {
        WindowStats month = new WindowStats(Duration.ofDays(30), 1000, 0, 0, 0, 0, 0.0004, 0.9996);
        assertEquals(0.6, RuleEvaluator.budgetRemaining(month, 0.999), 1e-9);
        WindowStats bad = new WindowStats(Duration.ofDays(30), 1000, 0, 0, 0, 0, 0.003, 0.997);
        assertEquals(-2.0, RuleEvaluator.budgetRemaining(bad, 0.999), 1e-9, "overspent three times over");
    }

    private static Rule rule(Condition c, Set<String> endpoints) {
        return new Rule("r", c, Severity.P1, Duration.ZERO, Duration.ZERO, endpoints, Map.of(), List.of());
    }

    private static Streak streak(long failures) {
        return new Streak(failures == 0 ? Streak.State.UP : Streak.State.DOWN, failures, failures == 0 ? "ok" : "timeout");
    }

    @ParameterizedTest(name = "{0} failures in a row -> breached {1}, clear {2}")
    @CsvSource({"0, false, true", "1, false, false", "2, true, false", "7, true, false"})
    void endpointDownBreachesOnItsStreakAndClearsOnASuccess(long failures, boolean breached, boolean clear) {
        Observation o = new Observation(windows("1m", 0.0).windows(), streak(failures), 0.999);
        Evaluation e = RuleEvaluator.evaluate(rule(new Condition.EndpointDown(2), Set.of()), o, null);
        assertEquals(breached, e.breached());
        assertEquals(clear, e.clear());
        assertEquals(failures, e.value());
    }

    @ParameterizedTest(name = "database {0}, auth {1}, rule watches {2} -> breached {3}, clear {4}, {5} down")
    @CsvSource({
        "2, 2, '',       true,  false, 2",
        "2, 1, '',       false, false, 1",
        "2, 0, '',       false, true,  1",
        "3, 5, '',       true,  false, 2",
        "1, 1, '',       false, false, 0",
        "2, 0, database, true,  false, 1",
        "0, 3, database, false, true,  0"})
    void completeOutageNeedsEveryWatchedEndpointDown(long database, long auth, String watched, boolean breached, boolean clear,
                                                     long down) {
        Platform platform = new Platform() {
            @Override
            public int failing() {
                return (database > 0 ? 1 : 0) + (auth > 0 ? 1 : 0);
            }

            @Override
            public int size() {
                return 2;
            }

            @Override
            public int failingFor(int consecutive) {
                return (database >= consecutive ? 1 : 0) + (auth >= consecutive ? 1 : 0);
            }

            @Override
            public int up() {
                return (database == 0 ? 1 : 0) + (auth == 0 ? 1 : 0);
            }

            @Override
            public Map<String, Streak> streaks() {
                if (watched.isEmpty()) {
                    throw new AssertionError("a rule over every endpoint reads the counts, never the scan");
                }
                return Map.of("database", streak(database), "auth", streak(auth));
            }
        };
        Rule r = rule(new Condition.CompleteOutage(2), watched.isEmpty() ? Set.of() : Set.of(watched));
        Evaluation e = RuleEvaluator.evaluate(r, null, platform);
        assertEquals(breached, e.breached(), e.text());
        assertEquals(clear, e.clear(), e.text());
        assertEquals(down, e.value(), e.text());
        assertEquals(watched.isEmpty() ? 2 : 1, e.threshold(), "the threshold is how many are watched");
    }

    @Test
    void anIncidentCarriesErrorRatioAvailabilityAndP95OfEveryWindowNamedByTheStatistic() {
        assertEquals(Map.of("error_ratio_5m", 0.25, "availability_5m", 0.75, "p95_seconds_5m", 0.2,
                "error_ratio_1h", 0.5, "availability_1h", 0.5, "p95_seconds_1h", 0.2), windows("5m", 0.25, "1h", 0.5).figures());
    }

    /** Once clear, each kind of rule says how it recovered, not the breaching figure it fired with. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "endpoint-down | answering again (last probe ok)",
            "error-rate    | error-ratio over 1m back to 0.000 % (threshold 1.000 %)",
            "burn-rate     | error budget burning 0.0x over 1m, back under 14.4x",
    })
    void aClearRuleReadsAsItsRecovery(String kind, String expected) {
        Rule r = switch (kind) {
            case "endpoint-down" -> rule(new Condition.EndpointDown(2), Set.of());
            case "error-rate" -> rule(new Condition.WindowThreshold(Stat.ERROR_RATIO, "5m", Comparison.ABOVE, 0.01, "1m", 3, 0),
                    Set.of());
            default -> PAGE;
        };
        Evaluation e = RuleEvaluator.evaluate(r, windows("1h", 0.3, "5m", 0.24, "1m", 0.0), null);
        assertTrue(e.clear(), kind);
        assertEquals(expected, e.recoveryText());
        if (kind.equals("endpoint-down")) {
            assertEquals(expected, e.text(), "an endpoint answering again no longer reads '0 consecutive failed probes'");
        }
    }

    @Test
    void onlyAnAnswerSlowerThanTheThresholdIsFreshEvidenceOfSlowness() {
        Rule p95 = rule(new Condition.WindowThreshold(Stat.P95, "5m", Comparison.ABOVE, 0.15, "1m", 0, 1), Set.of());
        Map<String, WindowStats> w = Map.of(
                "5m", new WindowStats(Duration.ofMinutes(5), 100, 0, 0.1, 0.2, 0.3, 0, 1),
                "1m", new WindowStats(Duration.ofMinutes(1), 20, 0, 0.1, 0.2, 0.3, 0, 1));
        for (double latest : new double[] {0.1, 0.3}) {
            Observation o = new Observation(new EndpointWindows("database", Instant.EPOCH, w, Map.of()),
                    new Streak(Streak.State.UP, 0, "ok", latest), 0.999);
            Evaluation e = RuleEvaluator.evaluate(p95, o, null);
            assertTrue(e.breached());
            assertEquals(latest > 0.15, e.evidence(), "latest answer " + latest + " s");
        }
    }
}
