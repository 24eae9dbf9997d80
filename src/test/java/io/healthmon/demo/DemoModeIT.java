package io.healthmon.demo;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.JarProcess;
import io.restassured.path.json.JsonPath;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The README's first command: demo mode comes up on its own and the scripted outage shows. */
class DemoModeIT {

    @Test
    void demoModeProbesTheSimulatedPlatformAndShowsTheDatabaseOutage() throws Exception {
        int demoPort;
        try (ServerSocket s = new ServerSocket(0)) {
            demoPort = s.getLocalPort();
        }
        try (JarProcess p = JarProcess.start("healthmon.demo.enabled=true", "healthmon.demo.port=" + demoPort)) {
            int port = p.awaitPort(30_000);
            assertTrue(p.output().stream().anyMatch(l -> l.contains("Listening on: http://127.0.0.1:" + port)),
                    "loopback only by default: " + String.join("\n", p.output()));
            String base = "http://127.0.0.1:" + port;
            JsonPath first = awaitStatus(base, "application", "up", 10_000);
            assertEquals(4, first.getList("endpoints").size());
            // The script takes the database down 20 s in.
            JsonPath outage = awaitStatus(base, "database", "down", 40_000);
            assertEquals("http_status", outage.getString("endpoints.find { it.name == 'database' }.last.outcome"));
            assertTrue(String.join("\n", p.output()).contains("endpoint=database state=down (was up) outcome=http_status"));
            // The outage is confirmed at the recovery cadence and notified on the log channel.
            long deadline = System.currentTimeMillis() + 10_000;
            while (p.output().stream().noneMatch(l -> l.contains("notification kind=trigger channel=log")
                    && l.contains("rules=endpoint-down") && l.contains("path=/api/health/database"))) {
                assertTrue(System.currentTimeMillis() < deadline, "no endpoint-down notification:\n" + String.join("\n", p.output()));
                Thread.sleep(100);
            }
            given().get(base + "/api/v1/alerts").then().statusCode(200)
                    .body("open.find { it.rule == 'endpoint-down' }.endpoint", org.hamcrest.Matchers.equalTo("database"));
            String metrics = given().get(base + "/q/metrics").asString();
            assertTrue(metrics.contains("healthmon_endpoint_up{endpoint=\"database\"} 0.0"), metrics);
        }
    }

    private static JsonPath awaitStatus(String base, String endpoint, String state, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        JsonPath last = null;
        while (System.currentTimeMillis() < deadline) {
            last = given().get(base + "/api/v1/status").jsonPath();
            if (state.equals(last.getString("endpoints.find { it.name == '" + endpoint + "' }.state"))) {
                return last;
            }
            Thread.sleep(250); // polling another process over HTTP
        }
        throw new AssertionError(endpoint + " never became " + state + ": " + (last == null ? "" : last.prettify()));
    }
}
