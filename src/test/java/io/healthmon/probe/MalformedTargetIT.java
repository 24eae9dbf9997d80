package io.healthmon.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.JarProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Targets that answer with something that is not HTTP (a garbage status line, oversized headers):
 * one line per state change like every other failure, not one Vert.x ERROR per probe.
 */
class MalformedTargetIT {

    private ServerSocket server;
    private Thread acceptor;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    byte[] request = new byte[4096];
                    int n = s.getInputStream().read(request);
                    String path = n > 0 ? new String(request, 0, n, StandardCharsets.US_ASCII).split(" ")[1] : "";
                    OutputStream out = s.getOutputStream();
                    out.write((path.startsWith("/garbage") ? "GARBAGE STATUS LINE\r\n\r\n"
                            : "HTTP/1.1 200 OK\r\nX-Padding: " + "a".repeat(20_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException closed) {
                    // the test is over, or the daemon hung up
                }
            }
        }, "malformed-target");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        acceptor.join(5_000);
    }

    @Test
    void aTargetThatDoesNotSpeakHttpIsOneLinePerStateChangeAndNoErrors() throws Exception {
        String base = "http://127.0.0.1:" + server.getLocalPort();
        try (JarProcess p = JarProcess.start("healthmon.default-endpoints=false", "healthmon.probe.interval=1s",
                "healthmon.endpoints.garbage.url=" + base + "/garbage", "healthmon.endpoints.huge.url=" + base + "/huge")) {
            p.awaitPort(30_000);
            long deadline = System.currentTimeMillis() + 20_000;
            while (p.output().stream().filter(l -> l.contains("state=down")).count() < 2
                    || p.output().stream().filter(l -> l.contains("notification kind=trigger")).count() < 2) {
                assertTrue(System.currentTimeMillis() < deadline, String.join("\n", p.output()));
                Thread.sleep(200); // another process: polled
            }
            Thread.sleep(3_000); // several more failing probes: none may log again
            List<String> out = p.output();
            String all = String.join("\n", out);
            assertEquals(0, out.stream().filter(l -> l.contains(" ERROR ")).count(), all);
            for (String endpoint : List.of("garbage", "huge")) {
                List<String> down = out.stream().filter(l -> l.contains("endpoint=" + endpoint + " state=down")).toList();
                assertEquals(1, down.size(), all);
                assertTrue(down.get(0).contains("answered with something that is not HTTP"), down.get(0));
            }
        }
    }
}
