package io.healthmon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.JarProcess;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** check-config, --version and --help on the packaged daemon: answers without binding a port or probing. */
class CheckConfigIT {

    @TempDir
    Path dir;

    @Test
    void aGoodFilePassesWithoutStartingTheDaemon() throws Exception {
        Path good = Files.writeString(dir.resolve("good.yaml"), "healthmon:\n  base-url: http://127.0.0.1:1\n");
        // The port is taken: a daemon that started anyway could not bind it and would say so.
        try (ServerSocket taken = new ServerSocket(0);
             JarProcess p = JarProcess.command(List.of("check-config", good.toString()),
                     "quarkus.http.port=" + taken.getLocalPort())) {
            assertEquals(0, p.awaitExit(30_000), String.join("\n", p.output()));
            List<String> out = p.output();
            assertEquals(1, out.size(), String.join("\n", out));
            assertTrue(out.get(0).startsWith("configuration OK ([" + good + "]): 4 endpoint(s)"), out.get(0));
        }
    }

    @Test
    void aBadFileFailsWithTheStartupProblemLines() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), """
                healthmon:
                  probe:
                    interval: 500ms
                  endpoints:
                    auth:
                      headers:
                        Authorization: Bearer leak-me-not
                    databse:
                      interval: 30s
                """);
        try (JarProcess p = JarProcess.command(List.of("check-config", bad.toString()))) {
            assertEquals(2, p.awaitExit(30_000));
            List<String> out = p.output();
            String all = String.join("\n", out);
            assertEquals("Invalid healthmon configuration (2 problems):", out.get(0), all);
            assertTrue(out.contains("  - healthmon.probe.interval: must be between 1s and 1h, got 500ms"), all);
            assertTrue(out.stream().anyMatch(l -> l.startsWith("  - healthmon.endpoints.databse: unknown endpoint 'databse'")), all);
            assertFalse(all.contains("\tat ") || all.contains("leak-me-not"), all);
        }
    }

    @Test
    void versionAndHelp() throws Exception {
        try (JarProcess p = JarProcess.command(List.of("--version"))) {
            assertEquals(0, p.awaitExit(30_000));
            assertTrue(p.output().get(0).matches("healthmon \\d+\\.\\d+\\.\\d+.*"), p.output().toString());
        }
        try (JarProcess p = JarProcess.command(List.of("--help"))) {
            assertEquals(0, p.awaitExit(30_000));
            assertTrue(String.join("\n", p.output()).contains("check-config"), p.output().toString());
        }
    }
}
