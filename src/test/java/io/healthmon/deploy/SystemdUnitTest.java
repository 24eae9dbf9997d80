package io.healthmon.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.JarProcess;
import io.healthmon.Project;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The shipped systemd units as systemd itself reads them: {@code systemd-analyze verify} finds
 * nothing wrong, and {@code systemd-analyze security --offline=true} rates each at most 2.5 (the
 * score is printed). The native unit's executable does not exist here, so it is verified with a
 * stand-in at that path's place; nothing else of the unit is changed.
 */
class SystemdUnitTest {

    private static final Path ANALYZE = Path.of("/usr/bin/systemd-analyze");
    private static final Pattern SCORE = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d+) (\\S+)");
    private Path dir;

    @BeforeEach
    void needsSystemdAnalyze() throws IOException {
        if (!Files.isExecutable(ANALYZE)) {
            assertFalse(System.getenv().containsKey("CI"), "CI installs systemd (.ci/run)");
            Assumptions.abort("systemd-analyze is not installed");
        }
        dir = Files.createTempDirectory("healthmon-systemd");
    }

    @AfterEach
    void cleanUp() {
        if (dir != null) {
            JarProcess.deleteTree(dir);
        }
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "systemd-analyze did not finish: " + command);
        assertEquals(0, p.exitValue(), command + ":\n" + out);
        return out;
    }

    /** The unit as shipped, but for {@code binary} standing in for a path that exists only once installed. */
    private Path unit(String name, String binary) throws IOException {
        String text = Files.readString(Project.path("deploy", "systemd", name));
        if (binary != null) {
            Path standIn = Files.createFile(dir.resolve("healthmon-native"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            text = text.replace(binary, standIn.toString());
        }
        Path copy = dir.resolve(name);
        Files.writeString(copy, text);
        return copy;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "healthmon.service,        , false",
            "healthmon-native.service, /opt/healthmon/healthmon, true"})
    void eachUnitVerifiesAndIsRatedAtMostTwoAndAHalf(String name, String binary, boolean native_) throws Exception {
        Path unit = unit(name, binary);
        run(List.of(ANALYZE.toString(), "verify", "--man=no", unit.toString()));
        String report = run(List.of(ANALYZE.toString(), "security", "--offline=true", "--no-pager", unit.toString()));
        Matcher m = SCORE.matcher(report);
        assertTrue(m.find(), report);
        double score = Double.parseDouble(m.group(1));
        System.out.printf("systemd-analyze security --offline=true deploy/systemd/%s: %s %s%n", name, m.group(1), m.group(2));
        assertTrue(score <= 2.5, name + " is rated " + score + ":\n" + report);

        String text = Files.readString(unit);
        assertTrue(text.contains("\nExecStartPre=") && text.contains(" check-config\n"), "checks the configuration first");
        assertTrue(text.contains("\nExecReload=/bin/kill -HUP $MAINPID\n"), "reloads with SIGHUP");
        // the JIT writes code and runs it: the JVM's unit must not forbid that, the native one should
        assertEquals(native_, text.contains("\nMemoryDenyWriteExecute=yes\n"), name);
    }
}
