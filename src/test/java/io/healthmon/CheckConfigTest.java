package io.healthmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The command line in-process: check-config on files the test writes, --help, --version. */
class CheckConfigTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.command(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path file(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aGoodFileIsSummarisedInOneLine() throws IOException {
        Path f = file("good.yaml", """
                healthmon:
                  base-url: https://platform.example
                  channels:
                    slack-alerts:
                      url: https://hooks.slack.com/services/T0/B0/s3cretpath
                """);
        assertEquals(0, run("check-config", f.toString()), err());
        String line = out().trim();
        assertTrue(line.startsWith("configuration OK ([" + f + "]): 4 endpoint(s) [application, database, auth, services], 10 rule(s),"
                + " 1 channel(s) [slack-alerts]"), line);
        assertTrue(line.contains("routing P0->pagerduty+slack-critical P1->slack-critical P2->slack-alerts P3->slack-alerts"), line);
        assertTrue(line.contains(", escalation team-lead(P0+P1 30m->team-lead) platform-lead(P0 0s->platform-lead)"
                + " cto(complete-outage 15m->cto, even if acknowledged)"), "the matrix as it will run: " + line);
        assertFalse(line.contains("s3cretpath"), "a channel's secret is never printed: " + line);
        assertEquals(1, out().lines().count());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "an invalid value | healthmon:\\n  probe:\\n    interval: 500ms\\n"
                + " | healthmon.probe.interval: must be between 1s and 1h, got 500ms",
        "an unknown endpoint | healthmon:\\n  endpoints:\\n    databse:\\n      interval: 30s\\n"
                + " | healthmon.endpoints.databse: unknown endpoint 'databse'",
        "a mistyped key | healthmon:\\n  prob:\\n    interval: 5s\\n"
                + " | healthmon.prob.interval: unknown key (in BAD); did you mean healthmon.probe.interval?",
        "a mistyped key inside an endpoint | healthmon:\\n  endpoints:\\n    database:\\n      intervl: 5s\\n"
                + " | healthmon.endpoints.database.intervl: unknown key (in BAD); did you mean healthmon.endpoints.database.interval?",
        "a boolean that is not one | healthmon:\\n  probe:\\n    verify-tls: ture\\n"
                + " | healthmon.probe.verify-tls: 'ture' is not a boolean: write true or false (in BAD)",
        "an unset variable | healthmon:\\n  channels:\\n    slack-alerts:\\n      url: ${HEALTHMON_TEST_UNSET_WEBHOOK}\\n"
                + " | healthmon.channels.slack-alerts.url: ${HEALTHMON_TEST_UNSET_WEBHOOK} is not set",
        "a duplicate key | healthmon:\\n  endpoints:\\n    database:\\n      interval: 30s\\n    database:\\n      path: /x\\n"
                + " | BAD: not valid YAML: while constructing a mapping: found duplicate key database (line 5, column 5)",
        "a tab | healthmon:\\n\\tprobe: 1\\n"
                + " | BAD: not valid YAML: while scanning for the next token: found character",
        "an interval beyond an hour | healthmon:\\n  probe:\\n    interval: 1000d\\n"
                + " | healthmon.probe.interval: must be between 1s and 1h, got 1000d",
        "a reminder beyond 30 days | healthmon:\\n  repeat:\\n    p1: 90d\\n"
                + " | healthmon.repeat.p1: must be between 1m and 30d, got 90d",
        "a maximum age beyond 30 days | healthmon:\\n  delivery:\\n    max-age: 400d\\n"
                + " | healthmon.delivery.max-age: must be between 1m and 30d, got 400d",
        "a wrong type | healthmon:\\n  probe:\\n    max-body-bytes: lots\\n"
                + " | healthmon.probe.max-body-bytes",
        "a checkpoint interval of zero | healthmon:\\n  windows:\\n    checkpoint-interval: 0s\\n"
                + " | healthmon.windows.checkpoint-interval: must be between 1s and 24h, got 0s",
        "an inhibition matcher that is no regular expression | healthmon:\\n  inhibit:\\n    db:\\n      source: {rule: \"(\"}\\n      target: {rule: error-rate}\\n"
                + " | healthmon.inhibit.db.source.rule: '(' is not a regular expression: Unclosed group",
        "an inhibition without a target | healthmon:\\n  inhibit:\\n    db:\\n      source: {rule: endpoint-down}\\n"
                + " | healthmon.inhibit.db.target: needs at least one matcher",
        "a grouping label that cannot be one | healthmon:\\n  grouping:\\n    by: [\"end point\"]\\n"
                + " | healthmon.grouping.by: 'end point' is not a label name",
        "a group wait beyond an hour | healthmon:\\n  grouping:\\n    group-wait: 2h\\n"
                + " | healthmon.grouping.group-wait: must be between 0s and 1h, got 2h",
        "broken YAML | healthmon:\\n  probe: [\\n | not valid YAML"})
    void aBadFileExitsTwoWithTheProblemLine(String what, String yaml, String expected) throws IOException {
        Path f = file("bad.yaml", yaml.replace("\\n", "\n").replace("\\t", "\t"));
        assertEquals(2, run("check-config", f.toString()), what);
        assertTrue(err().contains(expected.replace("BAD", f.toString())), err());
        assertFalse(err().contains("\tat "), "no stack trace: " + err());
        assertEquals("", out());
    }

    @Test
    void everyKindOfProblemComesInOneReportWithoutCascades() throws IOException {
        Path f = file("many.yaml", """
                healthmon:
                  probe:
                    interval: 1000d
                    verify-tls: ture
                    max-body-bytes: lots
                  endpoints:
                    database:
                      intervl: 5s
                  repeat:
                    p1: 90d
                """);
        assertEquals(2, run("check-config", f.toString()));
        String e = err();
        assertTrue(e.startsWith("Invalid healthmon configuration (5 problems):"), e);
        assertTrue(e.contains("healthmon.probe.interval: must be between 1s and 1h, got 1000d"), e);
        assertTrue(e.contains("healthmon.probe.verify-tls: 'ture' is not a boolean"), e);
        assertTrue(e.contains("healthmon.probe.max-body-bytes"), "a value SmallRye cannot convert: " + e);
        assertTrue(e.contains("healthmon.endpoints.database.intervl: unknown key"), e);
        assertTrue(e.contains("healthmon.repeat.p1: must be between 1m and 30d"),
                "checked although another value could not be converted: " + e);
        assertFalse(e.contains("SRCFG") || e.contains("Exception"), e);
    }

    @Test
    void aVariableWithADefaultOrAValueIsFine() throws IOException {
        Path f = file("vars.yaml", """
                healthmon:
                  channels:
                    slack-alerts:
                      url: ${HEALTHMON_TEST_UNSET_WEBHOOK:}
                    slack-critical:
                      url: ${HEALTHMON_TEST_SET_WEBHOOK}
                """);
        System.setProperty("HEALTHMON_TEST_SET_WEBHOOK", "https://hooks.slack.com/services/T0/B0/x");
        try {
            assertEquals(0, run("check-config", f.toString()), err());
        } finally {
            System.clearProperty("HEALTHMON_TEST_SET_WEBHOOK");
        }
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nope.yaml");
        assertEquals(2, run("check-config", missing.toString()));
        assertTrue(err().contains("  - " + missing + ": no such file"), err());
    }

    @Test
    void problemsOfSeveralFilesComeTogether() throws IOException {
        Path a = file("a.yaml", "healthmon:\n  probe:\n    interval: 500ms\n");
        Path b = file("b.yaml", "healthmon:\n  routing:\n    p2: slack-ops\n");
        assertEquals(2, run("check-config", a.toString(), b.toString()));
        assertTrue(err().startsWith("Invalid healthmon configuration (2 problems):"), err());
        assertTrue(err().contains("healthmon.routing.p2: unknown channel 'slack-ops'"), err());
    }

    @Test
    void helpAndVersionAnswerWithoutStartingAnything() {
        assertEquals(0, run("--help"));
        assertTrue(out().contains("healthmon check-config [FILE ...]"), out());
        assertEquals(0, run("--version"));
        assertTrue(out().lines().anyMatch(l -> l.matches("healthmon \\d+\\.\\d+\\.\\d+.*")), out());
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertEquals(64, run("chek-config"));
        assertTrue(err().startsWith("healthmon: unknown command 'chek-config'"), err());
    }
}
