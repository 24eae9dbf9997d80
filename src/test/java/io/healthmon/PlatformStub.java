package io.healthmon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The platform's four health endpoints on loopback, in a fixed state: application and services
 * healthy, the database down (503, status DOWN, cpu 97), auth healthy but requiring a token.
 */
public class PlatformStub implements QuarkusTestResourceLifecycleManager {

    /** A secret the tests check never leaks into any answer. */
    public static final String AUTH_TOKEN = "test-secret-token-3c5d";
    /** healthmon's own API token for the write endpoints. */
    public static final String API_TOKEN = "api-token-9f2e";

    private WireMockServer wm;
    private Path data;

    @Override
    public Map<String, String> start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().jettyAcceptors(1).containerThreads(8));
        wm.start();
        json("/api/health", 200, "{\"status\":\"UP\",\"memory\":71.5}");
        json("/api/health/database", 503, "{\"status\":\"DOWN\",\"cpu\":97}");
        wm.stubFor(get("/api/health/auth").atPriority(1)
                .withHeader("Authorization", com.github.tomakehurst.wiremock.client.WireMock.equalTo("Bearer " + AUTH_TOKEN))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{\"status\":\"UP\"}")));
        json("/api/health/auth", 401, "{\"error\":\"unauthorized\"}");
        json("/api/health/services", 200, "{\"status\":\"UP\"}");
        return Map.of(
                "healthmon.api.token", API_TOKEN,
                "healthmon.base-url", "http://127.0.0.1:" + wm.port(),
                "healthmon.probe.interval", "1s",
                "healthmon.probe.timeout", "800ms",
                "healthmon.data-dir", dataDir().toString(),
                "healthmon.endpoints.auth.headers.Authorization", "Bearer " + AUTH_TOKEN);
    }

    private Path dataDir() {
        try {
            data = Files.createTempDirectory("healthmon-test");
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void json(String path, int status, String body) {
        wm.stubFor(get(path).atPriority(5).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body)));
    }

    @Override
    public void stop() {
        if (data != null) {
            JarProcess.deleteTree(data);
        }
        if (wm != null) {
            wm.stop();
        }
    }
}
