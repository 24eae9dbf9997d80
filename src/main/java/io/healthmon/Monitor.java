package io.healthmon;

import io.healthmon.alert.AlertEngine;
import io.healthmon.alert.Silences;
import io.healthmon.config.HealthmonConfig;
import io.healthmon.notify.DeliveryQueue;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.probe.ProbeScheduler;
import io.healthmon.setup.Settings;
import io.healthmon.setup.SettingsResolver;
import io.healthmon.window.StatsStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The composition root: resolves the configuration into {@link Settings} at startup (stopping
 * there, one line per problem, when it is invalid), builds the {@link Pipeline} from it, runs it,
 * and hands its parts to the API and health checks by injection.
 */
@ApplicationScoped
public class Monitor {

    private static final Logger LOG = Logger.getLogger(Monitor.class);

    private final HealthmonConfig config;
    private final String mailerFrom;
    private final Pipeline.Environment environment;
    /** One thread writes every state file, in the order of the changes, off the event loops. */
    private final ExecutorService stateWriter;
    private volatile Pipeline pipeline;

    public Monitor(HealthmonConfig config, Vertx vertx, Clock clock, MeterRegistry registry,
                   @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version,
                   ReactiveMailer mailer, @ConfigProperty(name = "quarkus.mailer.from") Optional<String> mailerFrom) {
        this.config = config;
        this.mailerFrom = mailerFrom.orElse("healthmon@localhost");
        this.stateWriter = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "healthmon-state-writer");
            t.setDaemon(true);
            return t;
        });
        this.environment = new Pipeline.Environment(vertx, clock, registry, version, mailer::send, stateWriter);
    }

    /** Runs after the demo platform (priority 10) is listening, so the first probes find it. */
    void start(@Observes @Priority(20) StartupEvent event) {
        Settings settings = SettingsResolver.resolve(config, mailerFrom);
        LOG.infof("configuration: %s", settings.summary());
        Pipeline p = new Pipeline(settings, environment);
        pipeline = p;
        p.start();
    }

    /** Retries come due between results: the housekeeping tick (1 s is fine for backoffs of seconds). */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void housekeeping() {
        Pipeline p = pipeline;
        if (p != null) {
            p.tick(environment.clock().instant());
        }
    }

    void stop(@Observes ShutdownEvent event) {
        Pipeline p = pipeline;
        if (p != null) {
            p.close();
        }
        stateWriter.shutdown(); // the queued writes still run: nothing pending is lost on a clean stop
        try {
            if (!stateWriter.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("state files were still being written at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Pipeline running() {
        Pipeline p = pipeline;
        if (p == null) {
            throw new IllegalStateException("healthmon is still starting");
        }
        return p;
    }

    // The parts the API and health checks read, as the running pipeline has them (request by request).

    @Produces
    @Dependent
    Settings settings() {
        return running().settings;
    }

    @Produces
    @Dependent
    ProbeHistory history() {
        return running().history;
    }

    @Produces
    @Dependent
    StatsStore stats() {
        return running().stats;
    }

    @Produces
    @Dependent
    ProbeScheduler scheduler() {
        return running().scheduler;
    }

    @Produces
    @Dependent
    AlertEngine alerts() {
        return running().alerts;
    }

    @Produces
    @Dependent
    Silences silences() {
        return running().silences;
    }

    @Produces
    @Dependent
    DeliveryQueue delivery() {
        return running().delivery;
    }
}
