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
        Router r = new Router(Defaults.ROUTING, List.of(), Set.of("email", "slack-critical"), Map.of());
        assertEquals(List.of("email"), r.route(rule(Severity.P0, "email")));
        assertEquals(List.of("slack-critical"), r.route(rule(Severity.P1)));
    }

    @Test
    void anUnconfiguredChannelFallsBackToTheLogAndIsReported() {
        Router r = new Router(Defaults.ROUTING, List.of(), Set.of("slack-critical"), Map.of());
        assertEquals(List.of("log", "slack-critical"), r.route(rule(Severity.P0)));
        assertEquals(List.of("log"), r.route(rule(Severity.P2, "slack-alerts", "email")), "two missing channels: one log line");
        assertEquals(Set.of("pagerduty", "slack-alerts"), r.unconfigured(List.of(rule(Severity.P0), rule(Severity.P3))));
    }

    @Test
    void labelRoutesComeBeforeSeverityButAfterTheRulesOwnChannels() {
        Router r = new Router(Defaults.ROUTING, List.of(new Router.LabelRoute(Map.of("team", "db"), List.of("db-team"))),
                Set.of("db-team", "slack-alerts"), Map.of());
        Rule dbRule = new Rule("r", new Condition.EndpointDown(2), Severity.P2, Duration.ZERO, Duration.ZERO, Set.of(),
                Map.of("team", "db", "tier", "1"), List.of());
        Rule other = new Rule("r", new Condition.EndpointDown(2), Severity.P2, Duration.ZERO, Duration.ZERO, Set.of(),
                Map.of("team", "web"), List.of());
        assertEquals(List.of("db-team"), r.route(dbRule));
        assertEquals(List.of("slack-alerts"), r.route(other));
        assertEquals(List.of("log"), r.route(new Rule("r", dbRule.condition(), Severity.P2, Duration.ZERO, Duration.ZERO,
                Set.of(), dbRule.labels(), List.of("email"))), "the rule's own channel (unconfigured: log)");
    }
}
