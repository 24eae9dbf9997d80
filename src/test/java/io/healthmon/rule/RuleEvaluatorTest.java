package io.healthmon.rule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.TestSpecs;
import io.healthmon.probe.EndpointState;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.window.EndpointWindows;
import io.healthmon.window.WindowStats;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleEvaluatorTest {

    private static final ProbeHistory.View VIEW = new ProbeHistory.View(
            TestSpecs.endpoint("database", "http://127.0.0.1/api/health/database"), EndpointState.UP, Instant.EPOCH, null, 100, 0);

    /** Windows with the given error ratios (probes 1000, failures as the ratio implies). */
    private static EndpointWindows windows(Object... labelRatio) {
        Map<String, WindowStats> w = new LinkedHashMap<>();
        for (int i = 0; i < labelRatio.length; i += 2) {
            double r = (Double) labelRatio[i + 1];
            w.put((String) labelRatio[i], new WindowStats(Duration.ofMinutes(1), 1000, Math.round(r * 1000), 0.1, 0.2, 0.3, r, 1 - r));
        }
        return new EndpointWindows("database", Instant.EPOCH, w, Map.of());
    }

    private static final Condition.BurnRate PAGE = new Condition.BurnRate(14.4, "1h", "5m", "1m", 3);

    @Test
    void pagesOnlyWhenBothWindowsBurnFasterThanTheFactor() {
        // 99.9 % objective: a 14.4x burn is an error ratio above 1.44 %.
        Evaluation both = RuleEvaluator.evaluate(PAGE, windows("1h", 0.02, "5m", 0.05, "1m", 0.05), VIEW);
        assertTrue(both.breached());
        assertEquals(20.0, both.value(), 1e-9);
        assertEquals("error budget burning 20.0x over 1h and 50.0x over 5m, threshold 14.4x", both.text());
        assertFalse(RuleEvaluator.evaluate(PAGE, windows("1h", 0.01, "5m", 0.05, "1m", 0.05), VIEW).breached(), "1h too slow");
        assertFalse(RuleEvaluator.evaluate(PAGE, windows("1h", 0.02, "5m", 0.01, "1m", 0.01), VIEW).breached(), "5m recovered");
    }

    @Test
    void clearsOnTheResolveWindowSoARecoveryResolvesQuickly() {
        Evaluation e = RuleEvaluator.evaluate(PAGE, windows("1h", 0.2, "5m", 0.4, "1m", 0.0), VIEW);
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
}
