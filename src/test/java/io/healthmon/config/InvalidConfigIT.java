package io.healthmon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.JarProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged daemon refuses a bad configuration with one readable line per problem and exit code 2, no stack trace. */
class InvalidConfigIT {

    @Test
    void startupStopsWithOneLinePerProblem() throws Exception {
        try (JarProcess p = JarProcess.start(
                "healthmon.probe.interval=500ms",
                "healthmon.endpoints.databse.interval=30s",
                "healthmon.endpoints.database.values.cpu=cpu",
                "healthmon.endpoints.auth.headers.Authorization=Bearer leak-me-not")) {
            assertEquals(2, p.awaitExit(30_000));
            List<String> out = p.output();
            String all = String.join("\n", out);
            assertTrue(out.contains("Invalid healthmon configuration (3 problems):"), all);
            assertTrue(out.contains("  - healthmon.probe.interval: must be between 1s and 1h, got 500ms"), all);
            assertTrue(out.stream().anyMatch(l -> l.startsWith("  - healthmon.endpoints.databse: unknown endpoint 'databse'")), all);
            assertTrue(out.stream().anyMatch(l -> l.startsWith("  - healthmon.endpoints.database.values.cpu: 'cpu' is not a JSON pointer")), all);
            assertFalse(all.contains("\tat "), "no stack trace: " + all);
            assertFalse(all.contains("leak-me-not"), all);
        }
    }

    @Test
    void aPortInUseIsOneLineNamingTheAddressAndItsKeysAndExitsOne() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             JarProcess p = JarProcess.start("quarkus.http.port=" + taken.getLocalPort())) {
            assertEquals(1, p.awaitExit(30_000), "1: a failure at run time, which a later start may not meet");
            String all = String.join("\n", p.output());
            assertTrue(all.contains("healthmon cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + " (quarkus.http.host, quarkus.http.port)"), all);
            assertFalse(all.contains("\tat "), "no stack trace: " + all);
        }
    }

    @Test
    void aDataDirectoryThatCannotBeWrittenIsRefusedAtTheStartNotAtTheFirstIncident(@TempDir Path dir) throws Exception {
        Path file = Files.createFile(dir.resolve("a-file"));
        try (JarProcess p = JarProcess.start("healthmon.data-dir=" + file.resolve("data"))) {
            assertEquals(2, p.awaitExit(30_000));
            String all = String.join("\n", p.output());
            assertTrue(all.contains("  - healthmon.data-dir: cannot keep state in " + file.resolve("data")), all);
            assertFalse(all.contains("\tat "), "no stack trace: " + all);
        }
    }

    @Test
    void aMistypedKeyIsRejectedByNameWithWhatWasMeant() throws Exception {
        try (JarProcess p = JarProcess.start("healthmon.prob.interval=5s")) {
            assertEquals(2, p.awaitExit(30_000));
            String all = String.join("\n", p.output());
            assertTrue(all.contains("  - healthmon.prob.interval: unknown key (in system properties); did you mean"
                    + " healthmon.probe.interval?"), all);
            assertFalse(all.contains("SRCFG") || all.contains("\tat "), all);
        }
    }

    /** The preflight: YAML, keys, booleans, variables and durations in one report, before Quarkus starts anything. */
    @Test
    void everyMistakeOfAFileComesInOneReportBeforeAnythingStarts(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("application.yaml"), """
                healthmon:
                  probe:
                    interval: 1000d
                    verify-tls: ture
                  endpoints:
                    database:
                      intervl: 5s
                  channels:
                    slack-alerts:
                      url: ${HEALTHMON_IT_UNSET_WEBHOOK}
                """);
        try (JarProcess p = JarProcess.start("quarkus.config.locations=" + file)) {
            assertEquals(2, p.awaitExit(30_000));
            List<String> out = p.output();
            String all = String.join("\n", out);
            assertEquals("Invalid healthmon configuration (4 problems):", out.get(0), all);
            assertTrue(all.contains("healthmon.probe.interval: must be between 1s and 1h, got 1000d"), all);
            assertTrue(all.contains("healthmon.probe.verify-tls: 'ture' is not a boolean"), all);
            assertTrue(all.contains("healthmon.endpoints.database.intervl: unknown key"), all);
            assertTrue(all.contains("healthmon.channels.slack-alerts.url: ${HEALTHMON_IT_UNSET_WEBHOOK} is not set"), all);
            assertFalse(all.contains("Listening on") || all.contains("\tat "), "nothing started, no stack trace: " + all);
        }
    }

    @Test
    void aDuplicatedKeyIsNamedWithItsLineAndColumn(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("application.yaml"),
                "healthmon:\n  endpoints:\n    database:\n      interval: 30s\n    database:\n      path: /x\n");
        try (JarProcess p = JarProcess.start("quarkus.config.locations=" + file)) {
            assertEquals(2, p.awaitExit(30_000));
            String all = String.join("\n", p.output());
            assertTrue(all.contains("  - " + file + ": not valid YAML: while constructing a mapping: found duplicate key database"
                    + " (line 5, column 5)"), all);
        }
    }
}
