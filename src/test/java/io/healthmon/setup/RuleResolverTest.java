package io.healthmon.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.TestConfig;
import io.healthmon.rule.Comparison;
import io.healthmon.rule.Condition;
import io.healthmon.rule.DefaultRules;
import io.healthmon.rule.Rule;
import io.healthmon.rule.Severity;
import io.healthmon.rule.Stat;
import io.healthmon.config.HealthmonConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleResolverTest {

    private Problems problems = new Problems();

    private List<Rule> rules(String... kv) {
        HealthmonConfig c = TestConfig.of(kv).healthmon();
        return RuleResolver.resolve(c, Set.of("application", "database", "auth", "services"),
                Set.of("slack-alerts", "slack-critical", "pagerduty", "email", "log"),
                Set.of("1m", "5m", "30m", "1h", "6h", "24h", "3d", "30d"), problems);
    }

    private Rule named(List<Rule> rules, String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private String problem(String... kv) {
        rules(kv);
        assertEquals(1, problems.size(), problems.list().toString());
        return problems.list().get(0);
    }

    @Test
    void withoutConfigurationTheDefaultsApply() {
        assertEquals(DefaultRules.all(), rules());
        assertTrue(problems.isEmpty());
    }

    @Test
    void aDefaultIsTunedFieldByField() {
        List<Rule> r = rules("healthmon.rules.response-time.threshold", "1500ms", "healthmon.rules.response-time.severity", "P2",
                "healthmon.rules.database-cpu.threshold", "90", "healthmon.rules.memory.enabled", "false",
                "healthmon.rules.error-rate.channels", "slack-critical,pagerduty", "healthmon.rules.error-rate.for", "30s");
        Condition.WindowThreshold rt = (Condition.WindowThreshold) named(r, "response-time").condition();
        assertEquals(1.5, rt.threshold());
        assertEquals("5m", rt.window());
        assertEquals(Severity.P2, named(r, "response-time").severity());
        assertEquals(90.0, ((Condition.ValueThreshold) named(r, "database-cpu").condition()).threshold());
        assertTrue(r.stream().noneMatch(x -> x.name().equals("memory")));
        assertEquals(List.of("slack-critical", "pagerduty"), named(r, "error-rate").channels());
        assertEquals(Duration.ofSeconds(30), named(r, "error-rate").forDuration());
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void newRulesOfEveryKind() {
        List<Rule> r = rules(
                "healthmon.rules.auth-p99.stat", "p99", "healthmon.rules.auth-p99.window", "1h",
                "healthmon.rules.auth-p99.threshold", "3s", "healthmon.rules.auth-p99.endpoints", "auth",
                "healthmon.rules.auth-p99.labels.team", "identity",
                "healthmon.rules.slo-30d.stat", "availability", "healthmon.rules.slo-30d.window", "30d",
                "healthmon.rules.slo-30d.threshold", "99.9%", "healthmon.rules.slo-30d.severity", "P3",
                "healthmon.rules.services-down.down-after", "5", "healthmon.rules.services-down.endpoints", "services",
                "healthmon.rules.queue.value", "queue", "healthmon.rules.queue.threshold", "1000");
        assertTrue(problems.isEmpty(), problems.toString());
        Rule p99 = named(r, "auth-p99");
        assertEquals(new Condition.WindowThreshold(Stat.P99, "1h", Comparison.ABOVE, 3.0, "1m", 1, 1), p99.condition());
        assertEquals(Set.of("auth"), p99.endpoints());
        assertEquals(Map.of("team", "identity"), p99.labels());
        assertEquals(new Condition.WindowThreshold(Stat.AVAILABILITY, "30d", Comparison.BELOW, 0.999, "1m", 1, 1),
                named(r, "slo-30d").condition());
        assertEquals(new Condition.EndpointDown(5), named(r, "services-down").condition());
        assertEquals(new Condition.ValueThreshold("queue", Comparison.ABOVE, 1000), named(r, "queue").condition());
        assertEquals(Severity.P2, named(r, "queue").severity(), "a new rule is P2 unless it says");
    }

    @Test
    void rejectsANewRuleWithoutCondition() {
        assertTrue(problem("healthmon.rules.mine.severity", "P1").startsWith("healthmon.rules.mine: a new rule needs one of stat"));
    }

    @Test
    void rejectsTwoConditions() {
        assertEquals("healthmon.rules.mine: set one of stat, value, burn-rate, down-after or outage-after, not several",
                problem("healthmon.rules.mine.stat", "p95", "healthmon.rules.mine.down-after", "3"));
    }

    @Test
    void rejectsAnUnknownStat() {
        assertEquals("healthmon.rules.mine.stat: unknown statistic 'p90'; expected one of p50, p95, p99, error-ratio, availability",
                problem("healthmon.rules.mine.stat", "p90", "healthmon.rules.mine.window", "5m", "healthmon.rules.mine.threshold", "1s"));
    }

    @Test
    void rejectsAWindowThatIsNotKept() {
        assertTrue(problem("healthmon.rules.error-rate.window", "15m")
                .startsWith("healthmon.rules.error-rate.window: window 15m is not one of healthmon.windows.lengths"));
    }

    @Test
    void rejectsABadThreshold() {
        assertEquals("healthmon.rules.error-rate.threshold: 'lots' is not a threshold; expected e.g. 2s, 500ms, 1%, 99.9% or 80",
                problem("healthmon.rules.error-rate.threshold", "lots"));
        problems = new Problems();
        assertEquals("healthmon.rules.error-rate.threshold: a ratio is between 0 and 1 (or written as a percentage like 1%), got 5",
                problem("healthmon.rules.error-rate.threshold", "5"));
    }

    @Test
    void rejectsABadSeverityEndpointOrChannel() {
        assertEquals("healthmon.rules.memory.severity: 'high' is not a severity; expected P0, P1, P2 or P3",
                problem("healthmon.rules.memory.severity", "high"));
        problems = new Problems();
        assertTrue(problem("healthmon.rules.memory.endpoints", "app").startsWith("healthmon.rules.memory.endpoints: unknown endpoint 'app'"));
        problems = new Problems();
        assertTrue(problem("healthmon.rules.memory.channels", "teams").startsWith("healthmon.rules.memory.channels: unknown channel 'teams'"));
    }

    @Test
    void rejectsABadComparison() {
        assertEquals("healthmon.rules.memory.op: 'over' is not a comparison; expected above or below",
                problem("healthmon.rules.memory.op", "over"));
        assertFalse(problems.isEmpty());
    }
}
