package io.healthmon.demo;

import io.healthmon.config.HealthmonConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Demo mode: a simulated platform on 127.0.0.1 following {@link DemoScript}, so a newcomer sees
 * outcomes, windows and metrics move with no outside service. Off unless healthmon.demo.enabled.
 */
@ApplicationScoped
public class DemoPlatform {

    private static final Logger LOG = Logger.getLogger(DemoPlatform.class);

    private final HealthmonConfig config;
    private final Vertx vertx;
    private final Clock clock;
    private HttpServer server;

    public DemoPlatform(HealthmonConfig config, Vertx vertx, Clock clock) {
        this.config = config;
        this.vertx = vertx;
        this.clock = clock;
    }

    void start(@Observes @Priority(10) StartupEvent event) throws Exception {
        if (!config.demo().enabled()) {
            return;
        }
        long t0 = clock.millis();
        server = vertx.createHttpServer().requestHandler(req -> {
            DemoScript.Reply reply = DemoScript.reply(req.path(), clock.millis() - t0);
            if (reply == null) {
                req.response().setStatusCode(404).end("{\"error\":\"not found\"}");
                return;
            }
            vertx.setTimer(reply.delayMillis(), id -> req.response()
                    .setStatusCode(reply.status())
                    .putHeader("Content-Type", "application/json")
                    .end(reply.body()));
        });
        int port = config.demo().port();
        server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        LOG.infof("demo mode: simulated platform on http://127.0.0.1:%d, a %ds loop: healthy, database outage at 20s,"
                + " slow auth at 45s, recovery at 70s", port, DemoScript.CYCLE.toSeconds());
    }

    void stop(@Observes ShutdownEvent event) {
        if (server != null) {
            server.close();
        }
    }
}
