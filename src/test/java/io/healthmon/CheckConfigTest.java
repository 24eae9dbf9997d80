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
        assertFalse(line.contains("s3cretpath"), "a channel's secret is never printed: " + line);
        assertEquals(1, out().lines().count());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "an invalid value | healthmon:\\n  probe:\\n    interval: 500ms\\n"
                + " | healthmon.probe.interval: must be at least 1s, got 500ms",
        "an unknown endpoint | healthmon:\\n  endpoints:\\n    databse:\\n      interval: 30s\\n"
                + " | healthmon.endpoints.databse: unknown endpoint 'databse'",
        "a mistyped key | healthmon:\\n  prob:\\n    interval: 5s\\n"
                + " | healthmon.prob.interval in YamlConfigSource",
        "a wrong type | healthmon:\\n  probe:\\n    max-body-bytes: lots\\n"
                + " | healthmon.probe.max-body-bytes",
        "broken YAML | healthmon:\\n  probe: [\\n | not valid YAML"})
    void aBadFileExitsTwoWithTheProblemLine(String what, String yaml, String expected) throws IOException {
        Path f = file("bad.yaml", yaml.replace("\\n", "\n"));
        assertEquals(2, run("check-config", f.toString()), what);
        assertTrue(err().contains(expected), err());
        assertFalse(err().contains("\tat "), "no stack trace: " + err());
        assertEquals("", out());
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
