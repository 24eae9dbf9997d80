package io.healthmon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.TestConfig;
import io.healthmon.alert.Silence;
import io.healthmon.setup.Settings;
import io.healthmon.setup.SettingsResolver;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every field of a new silence checked against the running configuration, on a fixed instant. */
class SilenceRequestTest {

    private static final Instant NOW = Instant.parse("2027-01-01T00:00:00Z");
    private static final Settings SETTINGS = SettingsResolver.resolve(TestConfig.of(), "x@y");

    private static SilencesResource.NewSilence silence(String rule, String endpoint, String severity, Map<String, String> labels,
                                                       String startsAt, String endsAt, String duration, String comment) {
        return new SilencesResource.NewSilence(rule, endpoint, severity, labels, startsAt, endsAt, duration, comment, "bob");
    }

    private static Map<String, String> nullValue() {
        Map<String, String> m = new HashMap<>();
        m.put("team", null);
        return m;
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("a century", silence(null, "database", null, null, null, null, "100000000d", "x"),
                        "duration: a silence lasts at most 30d (healthmon.silences.max-duration)"),
                Arguments.of("ISO days", silence(null, "database", null, null, null, null, "P1000000D", "x"),
                        "duration: a silence lasts at most 30d"),
                Arguments.of("beyond any duration", silence(null, "database", null, null, null, null, "9999999999999d", "x"),
                        "duration: "),
                Arguments.of("nonsense duration", silence(null, "database", null, null, null, null, "soon", "x"),
                        "duration: 'soon' is not a duration"),
                Arguments.of("the end of time", silence(null, "database", null, null, null, "+999999999-12-31T23:59:59Z", null, "x"),
                        "endsAt: a silence ends at most 30d from now"),
                Arguments.of("starting next year", silence(null, "database", null, null, "2028-01-01T00:00:00Z", null, "1h", "x"),
                        "duration: a silence ends at most 30d from now"),
                Arguments.of("unknown endpoint", silence(null, "databse", null, null, null, null, "1h", "x"),
                        "endpoint: unknown endpoint 'databse'; endpoints are [application, database, auth, services] and *"),
                Arguments.of("unknown rule", silence("endpoint-dwn", null, null, null, null, null, "1h", "x"),
                        "rule: unknown rule 'endpoint-dwn'"),
                Arguments.of("unknown severity", silence(null, null, "high", null, null, null, "1h", "x"),
                        "severity: 'high' is not a severity"),
                Arguments.of("a label without value", silence(null, null, null, nullValue(), null, null, "1h", "x"),
                        "labels: every label needs a name and a value"),
                Arguments.of("no matcher", silence(null, null, null, null, null, null, "1h", "x"),
                        "matchers: a silence needs at least one of rule, endpoint, severity or labels"),
                Arguments.of("no comment", silence(null, "database", null, null, null, null, "1h", " "),
                        "comment: a silence needs a comment saying why"),
                Arguments.of("a bad instant", silence(null, "database", null, null, "tomorrow", null, "1h", "x"),
                        "startsAt: must be an ISO-8601 instant"),
                Arguments.of("already over", silence(null, "database", null, null, null, "2026-12-31T00:00:00Z", null, "x"),
                        "endsAt: "),
                Arguments.of("an essay", silence(null, "database", null, null, null, null, "1h", "x".repeat(1001)),
                        "comment: at most 1000 characters"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void aBadFieldIsRefusedByName(String what, SilencesResource.NewSilence body, String expected) {
        SilenceRequest.Invalid e = assertThrows(SilenceRequest.Invalid.class, () -> SilenceRequest.parse(body, SETTINGS, NOW));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    @Test
    void aGoodSilenceStartsNowAndEndsAfterItsDuration() {
        Silence s = SilenceRequest.parse(silence("endpoint-down", "database", "p1", Map.of("team", "db"), null, null, "2h",
                "deploy"), SETTINGS, NOW);
        assertEquals(NOW, s.startsAt());
        assertEquals(NOW.plus(Duration.ofHours(2)), s.endsAt());
        assertEquals("P1", s.severity());
        assertEquals("deploy", s.comment());
    }
}
