package io.healthmon.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.healthmon.rule.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Alertmanager's inhibition semantics, case by case. */
class InhibitionTest {

    private static Incident incident(String rule, String endpoint, String team) {
        return new Incident(rule + ":" + endpoint + ":x", rule, endpoint, "http://h/" + endpoint, Severity.P1,
                Incident.State.FIRING, Instant.EPOCH, null, 1, 1, "t", List.of(), Map.of(), false, Map.of("team", team), 1, "t");
    }

    private static final Inhibition OUTAGE = new Inhibition("complete-outage", Map.of("rule", Pattern.compile("complete-outage")),
            Map.of("rule", Pattern.compile(".+")), List.of());
    private static final Inhibition PAGE_OVER_TICKET = new Inhibition("page-over-ticket",
            Map.of("rule", Pattern.compile("slo-burn-fast|slo-burn-slow")), Map.of("rule", Pattern.compile("slo-budget-ticket")),
            List.of("endpoint"));
    private static final Inhibition BY_TEAM = new Inhibition("team", Map.of("severity", Pattern.compile("P1")),
            Map.of("rule", Pattern.compile("memory")), List.of("team"));

    @ParameterizedTest(name = "{0} on {1} inhibits {2} on {3}: {4}")
    @CsvSource({
            "complete-outage,   *,        endpoint-down,     database, complete-outage",
            "complete-outage,   *,        complete-outage,   *,        ",
            "slo-burn-fast,     database, slo-budget-ticket, database, page-over-ticket",
            "slo-burn-slow,     database, slo-budget-ticket, database, page-over-ticket",
            "slo-burn-fast,     auth,     slo-budget-ticket, database, ",
            "slo-budget-ticket, database, slo-burn-fast,     database, ",
            "endpoint-down,     database, error-rate,        database, ",
    })
    void sourceTargetAndEqualLabels(String sourceRule, String sourceEndpoint, String targetRule, String targetEndpoint,
                                    String by) {
        Incident source = incident(sourceRule, sourceEndpoint, "db");
        Incident target = incident(targetRule, targetEndpoint, "db");
        Incident inhibitor = Inhibition.inhibitor(target, List.of(source, target), List.of(OUTAGE, PAGE_OVER_TICKET));
        assertEquals(by == null ? null : source, inhibitor);
    }

    @ParameterizedTest(name = "teams {0} and {1}: {2}")
    @CsvSource({"db, db, true", "db, web, false"})
    void equalLabelsIncludeTheRulesOwn(String sourceTeam, String targetTeam, boolean inhibited) {
        Incident source = incident("endpoint-down", "database", sourceTeam);
        Incident target = incident("memory", "application", targetTeam);
        assertEquals(inhibited, Inhibition.inhibitor(target, List.of(source), List.of(BY_TEAM)) != null);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"slo-burn-fast", "slo-burn-slow"})
    void anIncidentMatchingBothSidesIsNotInhibitedByAnotherThatDoes(String rule) {
        Inhibition both = new Inhibition("burns", Map.of("rule", Pattern.compile("slo-burn-.*")),
                Map.of("rule", Pattern.compile("slo-burn-.*")), List.of());
        Incident other = incident(rule.equals("slo-burn-fast") ? "slo-burn-slow" : "slo-burn-fast", "database", "db");
        assertEquals(null, Inhibition.inhibitor(incident(rule, "database", "db"), List.of(other), List.of(both)));
    }
}
