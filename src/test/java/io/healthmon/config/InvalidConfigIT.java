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
            assertTrue(out.contains("  - healthmon.probe.interval: must be at least 1s, got 500ms"), all);
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
    void aMistypedKeyIsRejectedByName() throws Exception {
        try (JarProcess p = JarProcess.start("healthmon.prob.interval=5s")) {
            assertEquals(2, p.awaitExit(30_000));
            String all = String.join("\n", p.output());
            assertTrue(all.contains("healthmon.prob.interval in SysPropConfigSource does not map to any root"), all);
        }
    }
}
