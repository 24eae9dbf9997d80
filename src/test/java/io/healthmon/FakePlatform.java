package io.healthmon;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;

/**
 * The platform the packaged daemon watches in the *IT tests, on loopback: the runbook's four
 * endpoints answering {"status":"UP"}, one of them switched by the test, and the channels'
 * receivers on the same server (what they were sent is read back).
 */
public final class FakePlatform implements AutoCloseable {

    private final WireMockServer wm;

    private FakePlatform() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().jettyAcceptors(1).containerThreads(8));
        wm.start();
        for (String p : List.of("/api/health", "/api/health/database", "/api/health/auth", "/api/health/services")) {
            answer(p, 200, "UP");
        }
    }

    /** Started, every endpoint up. */
    public static FakePlatform start() {
        return new FakePlatform();
    }

    /** The server itself, for stubs of a test's own (a slow receiver, say). */
    public WireMockServer server() {
        return wm;
    }

    public int port() {
        return wm.port();
    }

    /** http://127.0.0.1:port, the base URL healthmon probes and posts to. */
    public String url() {
        return "http://127.0.0.1:" + wm.port();
    }

    /** An endpoint from now on answers {@code status} with {"status": state}. */
    public void answer(String path, int status, String state) {
        wm.stubFor(get(path).willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                .withBody("{\"status\":\"" + state + "\"}")));
    }

    public void database(int status, String state) {
        answer("/api/health/database", status, state);
    }

    /** A receiver at {@code path} answering {@code status} with {@code body}. */
    public void receive(String path, int status, String body) {
        wm.stubFor(post(path).willReturn(aResponse().withStatus(status).withBody(body)));
    }

    /** What was posted to {@code path}, in order. */
    public List<LoggedRequest> posts(String path) {
        return wm.findAll(postRequestedFor(urlPathEqualTo(path)));
    }

    @Override
    public void close() {
        wm.stop();
    }
}
