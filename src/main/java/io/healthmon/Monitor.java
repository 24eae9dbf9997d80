package io.healthmon;

import io.healthmon.alert.AlertEngine;
import io.healthmon.alert.Router;
import io.healthmon.config.Durations;
import io.healthmon.config.EndpointResolver;
import io.healthmon.config.EndpointSpec;
import io.healthmon.config.HealthmonConfig;
import io.healthmon.metrics.AlertMetrics;
import io.healthmon.metrics.ProbeMetrics;
import io.healthmon.alert.StateFile;
import io.healthmon.metrics.NotificationMetrics;
import io.healthmon.notify.DeliveryQueue;
import io.healthmon.notify.LogNotifier;
import io.healthmon.notify.RetryPolicy;
import io.healthmon.notify.Sender;
import io.quarkus.scheduler.Scheduled;
import java.nio.file.Path;
import java.util.Map;
import io.healthmon.probe.HttpProber;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.probe.ProbeResult;
import io.healthmon.probe.ProbeScheduler;
import io.healthmon.rule.DefaultRules;
import io.healthmon.rule.Rule;
import io.healthmon.window.EndpointWindows;
import io.healthmon.window.StatsStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Wires the data flow at startup: probe -> window -> rule -> alert -> notify, and keeps the
 * parts that the API, metrics and health checks read. Startup stops here on an invalid configuration.
 */
@ApplicationScoped
public class Monitor {

    private static final Logger LOG = Logger.getLogger(Monitor.class);

    private final HealthmonConfig config;
    private final Vertx vertx;
    private final Clock clock;
    private final MeterRegistry registry;
    private final String version;

    private List<EndpointSpec> endpoints;
    private ProbeHistory history;
    private StatsStore stats;
    private HttpProber prober;
    private ProbeScheduler scheduler;
    private ProbeMetrics metrics;
    private AlertEngine alerts;
    private DeliveryQueue delivery;
    private NotificationMetrics notificationMetrics;
    private Duration longestInterval;
    private volatile Instant lastResultAt;

    public Monitor(HealthmonConfig config, Vertx vertx, Clock clock, MeterRegistry registry,
                   @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.config = config;
        this.vertx = vertx;
        this.clock = clock;
        this.registry = registry;
        this.version = version;
    }

    /** Runs after the demo platform (priority 10) is listening, so the first probes find it. */
    void start(@Observes @Priority(20) StartupEvent event) {
        EndpointResolver.Resolved resolved = EndpointResolver.resolve(config);
        endpoints = resolved.endpoints();
        longestInterval = endpoints.stream().map(EndpointSpec::interval).max(Duration::compareTo).orElseThrow();
        lastResultAt = clock.instant();
        history = new ProbeHistory(endpoints, lastResultAt);
        stats = new StatsStore(endpoints, resolved.windows(), resolved.slots(), clock);
        prober = new HttpProber(vertx, clock, System::nanoTime, version, config.probe().verifyTls(),
                config.probe().maxConnectionsPerHost());
        LogNotifier log = new LogNotifier();
        notificationMetrics = new NotificationMetrics(registry);
        Router router = new Router(Router.defaultRouting(), Set.of());
        List<Rule> rules = DefaultRules.all();
        Set<String> missing = router.unconfigured(rules);
        if (!missing.isEmpty()) {
            LOG.warnf("alert channels %s are not configured: what would go to them goes to the log channel", missing);
        }
        Map<String, Sender> senders = Map.of(Router.LOG, log);
        HealthmonConfig.Delivery d = config.delivery();
        delivery = new DeliveryQueue(senders, new RetryPolicy(d.initialBackoff(), d.maxBackoff(), d.maxAge(), Math::random),
                clock, new StateFile<>(Path.of(config.dataDir(), "delivery.json"), DeliveryQueue.Saved.class, clock),
                notificationMetrics);
        alerts = new AlertEngine(rules, router, endpoints, delivery::enqueue);
        scheduler = new ProbeScheduler(vertx, System::nanoTime, prober::probe, this::onResult,
                config.probe().recoveryInterval(), r -> !r.ok() || alerts.active(r.endpoint()));
        metrics = new ProbeMetrics(registry, endpoints, stats, history, scheduler);
        AlertMetrics.register(registry, alerts, endpoints);
        notificationMetrics.registerPending(delivery);
        for (EndpointSpec e : endpoints) {
            LOG.infof("probing %s %s every %s (timeout %s, expect %s%s)", e.name(), e.displayUrl(),
                    Durations.format(e.interval()), Durations.format(e.timeout()),
                    e.expectedStatus(), e.values().isEmpty() ? "" : ", values " + e.values().keySet());
        }
        scheduler.start(endpoints);
    }

    /** One result through the pipeline, on a Vert.x event loop. */
    void onResult(ProbeResult r) {
        history.record(r);
        metrics.onResult(r);
        lastResultAt = clock.instant();
        EndpointWindows windows = stats.record(r);
        alerts.evaluate(windows, history.view(r.endpoint()), history.views()); // the moment the result lands
    }

    /** Retries come due between results: the housekeeping tick (1 s is fine for backoffs of seconds). */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void housekeeping() {
        if (delivery != null) {
            delivery.pump();
        }
    }

    /** When the last result came in (startup time before the first): the liveness check reads it. */
    public Instant lastResultAt() {
        return lastResultAt;
    }

    void stop(@Observes ShutdownEvent event) {
        if (scheduler != null) {
            scheduler.close();
            prober.close();
        }
    }

    public List<EndpointSpec> endpoints() {
        return endpoints;
    }

    public ProbeHistory history() {
        return history;
    }

    public StatsStore stats() {
        return stats;
    }

    public AlertEngine alerts() {
        return alerts;
    }

    public ProbeScheduler scheduler() {
        return scheduler;
    }

    public Duration longestInterval() {
        return longestInterval;
    }

    public boolean started() {
        return scheduler != null;
    }
}
