package io.healthmon.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.healthmon.rule.Condition;
import io.healthmon.rule.Rule;
import io.healthmon.rule.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouterTest {

    private static Rule rule(Severity s, String... channels) {
        return new Rule("r", new Condition.EndpointDown(2), s, Duration.ZERO, Duration.ZERO, Set.of(), Map.of(), List.of(channels));
    }

    @Test
    void aRulesOwnChannelsWinOverItsSeverity() {
        Router r = new Router(Router.defaultRouting(), Set.of("email", "slack-critical"));
        assertEquals(List.of("email"), r.route(rule(Severity.P0, "email")));
        assertEquals(List.of("slack-critical"), r.route(rule(Severity.P1)));
    }

    @Test
    void anUnconfiguredChannelFallsBackToTheLogAndIsReported() {
        Router r = new Router(Router.defaultRouting(), Set.of("slack-critical"));
        assertEquals(List.of("log", "slack-critical"), r.route(rule(Severity.P0)));
        assertEquals(List.of("log"), r.route(rule(Severity.P2, "slack-alerts", "email")), "two missing channels: one log line");
        assertEquals(Set.of("pagerduty", "slack-alerts"), r.unconfigured(List.of(rule(Severity.P0), rule(Severity.P3))));
    }
}
