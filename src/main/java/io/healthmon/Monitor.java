package io.healthmon;

import io.healthmon.alert.AlertEngine;
import io.healthmon.alert.JournalRecovery;
import io.healthmon.alert.Silences;
import io.healthmon.alert.Timelines;
import io.healthmon.api.ReloadResult;
import io.healthmon.api.Reloader;
import io.healthmon.config.Durations;
import io.healthmon.config.HealthmonConfig;
import io.healthmon.config.InvalidConfigException;
import io.healthmon.config.RawConfig;
import io.healthmon.metrics.MetricsRoute;
import io.healthmon.metrics.NotificationMetrics;
import io.healthmon.metrics.ProbeCounts;
import io.healthmon.metrics.ProcessMetrics;
import io.healthmon.metrics.ReloadMetrics;
import io.healthmon.metrics.StateMetrics;
import io.healthmon.notify.DeliveryJournal;
import io.healthmon.notify.DeliveryQueue;
import io.healthmon.notify.HttpPost;
import io.healthmon.notify.RetryPolicy;
import io.healthmon.notify.Sender;
import io.healthmon.notify.Senders;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.probe.ProbeResult;
import io.healthmon.probe.ProbeScheduler;
import io.healthmon.setup.ConfigLoader;
import io.healthmon.setup.EndpointsReader;
import io.healthmon.setup.Settings;
import io.healthmon.setup.SettingsResolver;
import io.healthmon.state.StateFile;
import io.healthmon.state.StateWriter;
import io.healthmon.window.Checkpoint;
import io.healthmon.window.Checkpointer;
import io.healthmon.window.StatsStore;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import sun.misc.Signal;

/**
 * The composition root: resolves the configuration into {@link Settings} at startup (stopping
 * there, one line per problem, when it is invalid), builds the {@link Pipeline} from it and runs
 * it, swaps in a new one on a reload (SIGHUP or the API), and hands the running pipeline's parts to
 * the API and health checks by injection.
 */
@ApplicationScoped
public class Monitor implements Reloader {

    private static final Logger LOG = Logger.getLogger(Monitor.class);

    private final HealthmonConfig config;
    /** The running configuration's own source: the endpoints are read from it (see {@link EndpointsReader}). */
    private final Config source;
    private final String mailerFrom;
    private final Clock clock;
    private final MeterRegistry registry;
    private final ReloadMetrics reloadMetrics;
    private final NotificationMetrics notificationMetrics;
    /** One thread writes every state file, in the order of the changes, off the event loops. */
    private final StateWriter stateWriter;
    /** One JSON poster per delivery deadline, shared by every configuration, closed at shutdown. */
    private final Map<Duration, HttpPost> posters = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final String version;
    private final ReactiveMailer mailer;
    /** Set once at startup. */
    private Started started;
    /** Swapped by a reload. */
    private volatile Running running;

    /**
     * What startup fixed for the life of the process.
     *
     * @param restartOnly the values of the keys only a restart changes, as the files had them
     */
    private record Started(Pipeline.Environment environment, Map<String, String> restartOnly, Path dataDir,
                           Checkpointer checkpointer) {
    }

    /** The running configuration's pipeline and the gauges that read it. */
    private record Running(Pipeline pipeline, List<Meter> gauges) {
    }

    public Monitor(HealthmonConfig config, Config source, Vertx vertx, Clock clock, MeterRegistry registry,
                   @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version,
                   ReactiveMailer mailer, @ConfigProperty(name = "quarkus.mailer.from") Optional<String> mailerFrom) {
        this.config = config;
        this.source = source;
        this.vertx = vertx;
        this.clock = clock;
        this.registry = registry;
        this.version = version;
        this.mailer = mailer;
        this.mailerFrom = mailerFrom.orElse("healthmon@localhost");
        this.reloadMetrics = new ReloadMetrics(registry, clock.instant());
        this.notificationMetrics = new NotificationMetrics(registry);
        this.stateWriter = StateWriter.thread(clock, config.state().writeDelay());
        StateMetrics.register(registry, stateWriter);
        ProcessMetrics.register(registry);
    }

    /** The scrape, streamed from the running configuration's parts (see {@link MetricsRoute}). */
    void routes(@Observes Router router) {
        String path = MetricsRoute.path(source.getOptionalValue("quarkus.http.non-application-root-path", String.class).orElse("q"),
                source.getOptionalValue("quarkus.micrometer.export.prometheus.path", String.class).orElse("metrics"));
        MetricsRoute.register(router, path, registry, () -> running == null ? null : running.pipeline().series());
    }

    /** Runs after the demo platform (priority 10) is listening, so the first probes find it. */
    synchronized void start(@Observes @Priority(20) StartupEvent event) {
        EndpointsReader.Read endpoints = EndpointsReader.read(source);
        Settings settings = SettingsResolver.resolve(new RawConfig(config, endpoints.endpoints()), mailerFrom, endpoints.problems());
        Path dataDir = settings.dataDir();
        StateFile.unwritable(dataDir).ifPresent(why -> {
            throw new InvalidConfigException(List.of("healthmon.data-dir: cannot keep state in " + dataDir.toAbsolutePath()
                    + " (" + why + "); give a directory healthmon can create and write"));
        });
        LOG.infof("configuration: %s", settings.summary());
        StateFile.removeLeftovers(dataDir);
        StateFile<AlertEngine.Saved> incidents = stateFile(dataDir, "incidents.json", AlertEngine.Saved.class);
        Timelines timelines = new Timelines(stateFile(dataDir, "timelines.json", Timelines.Saved.class), LOG::warn);
        DeliveryQueue delivery = new DeliveryQueue(new RunningTransport(), clock,
                stateFile(dataDir, "delivery.json", DeliveryJournal.Saved.class),
                new DeliveryEvents(notificationMetrics, timelines, clock));
        Silences silences = new Silences(stateFile(dataDir, "silences.json", Silences.Saved.class), clock);
        Pipeline.Environment environment = new Pipeline.Environment(vertx, clock, registry, version, mailer::send,
                timeout -> posters.computeIfAbsent(timeout, t -> new HttpPost(vertx, t, version)), this::accept, delivery,
                silences, incidents, timelines, new ProbeCounts());
        Path checkpoint = dataDir.resolve(Checkpoint.FILE);
        Checkpointer checkpointer = new Checkpointer(checkpoint, clock, () -> running == null ? null : running.pipeline().checkpoint());
        started = new Started(environment, baseline(), dataDir, checkpointer);
        // The delivery journal is written first (it is the write-ahead log): it may know of incidents
        // that a crash kept out of incidents.json.
        AlertEngine.Saved saved = JournalRecovery.recover(incidents.load().orElse(null), delivery.journaled(), LOG::warn);
        Checkpoint.Saved windows = Checkpoint.load(checkpoint, clock.instant(), LOG::warn).orElse(null);
        Pipeline p = new Pipeline(settings, environment, null, saved, windows);
        running = new Running(p, p.registerGauges(notificationMetrics));
        StateMetrics.register(registry, checkpointer);
        p.start(true);
        checkpointer.start();
        listenForSighup();
    }

    private <T> StateFile<T> stateFile(Path dataDir, String name, Class<T> type) {
        return new StateFile<>(dataDir.resolve(name), type, clock, stateWriter);
    }

    /** What the files say of the restart-only keys now; a reload compares against it. */
    private static Map<String, String> baseline() {
        try {
            return ConfigLoader.load(ConfigLoader.runningFiles()).restartOnly();
        } catch (InvalidConfigException e) {
            return Map.of(); // startup read the same sources without trouble; nothing to compare then
        }
    }

    /** SIGHUP reloads, as it does for Prometheus and Alertmanager (without a handler the JVM would exit). */
    private void listenForSighup() {
        try {
            Signal.handle(new Signal("HUP"), s -> reload("SIGHUP"));
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            LOG.warnf("SIGHUP cannot be handled here (%s): reload through POST /api/v1/reload", e.getMessage());
        }
    }

    /** Every probe result, into whichever pipeline runs when it lands. */
    private void accept(ProbeResult r) {
        running.pipeline().accept(r);
    }

    @Override
    public synchronized ReloadResult reload(String trigger) {
        Running before = running;
        if (before == null) {
            return new ReloadResult(false, null, List.of("healthmon is still starting"), List.of());
        }
        Pipeline old = before.pipeline();
        List<Path> files = ConfigLoader.runningFiles();
        ConfigLoader.Loaded loaded;
        Settings settings;
        try {
            loaded = ConfigLoader.load(files);
            settings = SettingsResolver.resolve(loaded.config(), loaded.mailerFrom(), loaded.problems());
        } catch (InvalidConfigException e) {
            reloadMetrics.failed();
            LOG.errorf("reload (%s) refused, the running configuration stays: %s", trigger, e.getMessage());
            return new ReloadResult(false, null, e.problems(), List.of());
        }
        List<String> needsRestart = ConfigLoader.changedKeys(started.restartOnly(), loaded.restartOnly());
        if (!settings.dataDir().equals(started.dataDir())) {
            needsRestart.add("healthmon.data-dir");
        }
        Pipeline next = old.alerts.handOver(carried -> {
            Pipeline p = new Pipeline(settings, started.environment(), old, carried, null);
            before.gauges().forEach(registry::remove); // before the new ones: same names would keep reading the old parts
            running = new Running(p, p.registerGauges(notificationMetrics));
            return p;
        });
        old.retire(next);
        next.start(false);
        reloadMetrics.succeeded(clock.instant());
        LOG.infof("configuration reloaded (%s) from %s: %s", trigger, files.isEmpty() ? "built-in defaults" : files,
                settings.summary());
        if (!needsRestart.isEmpty()) {
            LOG.warnf("changed keys that need a restart (their running values stay until then): %s", needsRestart);
        }
        return new ReloadResult(true, settings.summary(), List.of(), needsRestart);
    }

    /** Retries come due between results: the housekeeping tick (1 s is fine for backoffs of seconds). */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void housekeeping() {
        Running r = running;
        if (r != null) {
            r.pipeline().tick(clock.instant());
            started.environment().delivery().pump();
            stateWriter.retryDue(clock.instant());
        }
    }

    /**
     * SIGTERM: no new probe or delivery starts; deliveries under way get healthmon.shutdown.grace to
     * finish (one cut short stays pending, never counted as failed); the windows are saved and
     * state is written once more.
     */
    void stop(@Observes ShutdownEvent event) {
        Running r = running;
        if (r != null) {
            r.pipeline().stopProbing();
            Duration grace = r.pipeline().settings.shutdownGrace();
            try {
                if (!started.environment().delivery().stop(grace)) {
                    LOG.warnf("deliveries still under way after %s: they stay pending and go out after the restart",
                            Durations.format(grace));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            started.checkpointer().close(); // after the last probe result, so the restart picks up where this stops
            r.pipeline().close();
        }
        // A registry that outlives this application (tests start several in one JVM) must not keep
        // gauges that read the parts of a stopped one.
        registry.getMeters().stream().filter(m -> m.getId().getName().startsWith("healthmon.")).forEach(registry::remove);
        posters.values().forEach(HttpPost::close);
        stateWriter.close(Duration.ofSeconds(10)); // the queued writes still run: nothing pending is lost on a clean stop
    }

    /** The delivery queue's view of the running configuration: its senders and retry timing. */
    private final class RunningTransport implements DeliveryQueue.Transport {
        @Override
        public Optional<Sender> sender(String channel) {
            Running r = running;
            return r == null ? Optional.empty() : Optional.of(r.pipeline().senders.get(channel));
        }

        @Override
        public RetryPolicy retryPolicy() {
            return running.pipeline().retryPolicy();
        }

        @Override
        public int maxPending() {
            Running r = running;
            return r == null ? Integer.MAX_VALUE : r.pipeline().settings.delivery().maxPending();
        }
    }

    private Pipeline pipeline() {
        Running r = running;
        if (r == null) {
            throw new IllegalStateException("healthmon is still starting");
        }
        return r.pipeline();
    }

    // The parts the API and health checks read, as the running pipeline has them (request by request).

    @Produces
    @Dependent
    Settings settings() {
        return pipeline().settings;
    }

    @Produces
    @Dependent
    ProbeHistory history() {
        return pipeline().history;
    }

    @Produces
    @Dependent
    StatsStore stats() {
        return pipeline().stats;
    }

    @Produces
    @Dependent
    ProbeScheduler scheduler() {
        return pipeline().scheduler;
    }

    @Produces
    @Dependent
    Senders senders() {
        return pipeline().senders;
    }

    @Produces
    @Dependent
    AlertEngine alerts() {
        return pipeline().alerts;
    }

    @Produces
    @Dependent
    StateWriter stateWriter() {
        return stateWriter;
    }

    @Produces
    @Dependent
    Silences silences() {
        pipeline();
        return started.environment().silences();
    }

    @Produces
    @Dependent
    DeliveryQueue delivery() {
        pipeline();
        return started.environment().delivery();
    }
}
