package io.healthmon;

import io.healthmon.alert.AlertEngine;
import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.healthmon.alert.Router;
import io.healthmon.alert.Silences;
import io.healthmon.config.ChannelSpec;
import io.healthmon.config.Durations;
import io.healthmon.config.EndpointSpec;
import io.healthmon.metrics.AlertMetrics;
import io.healthmon.metrics.NotificationMetrics;
import io.healthmon.metrics.ProbeMetrics;
import io.healthmon.notify.ChannelType;
import io.healthmon.notify.ChannelTypes;
import io.healthmon.notify.DeliveryJournal;
import io.healthmon.notify.DeliveryQueue;
import io.healthmon.notify.HttpPost;
import io.healthmon.notify.LogNotifier;
import io.healthmon.notify.RetryPolicy;
import io.healthmon.notify.Sender;
import io.healthmon.notify.SenderContext;
import io.healthmon.probe.HttpProber;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.probe.ProbeResult;
import io.healthmon.probe.ProbeScheduler;
import io.healthmon.rule.Platform;
import io.healthmon.rule.Severity;
import io.healthmon.setup.Settings;
import io.healthmon.state.StateFile;
import io.healthmon.window.EndpointWindows;
import io.healthmon.window.StatsStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The stages, built once from one {@link Settings}: probe -> window -> rule -> alert -> notify,
 * and the meters that read them. Every part is final; a new configuration is a new pipeline.
 */
final class Pipeline implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Pipeline.class);

    /** What the pipeline runs on: the same for every configuration. */
    record Environment(Vertx vertx, Clock clock, MeterRegistry registry, String version,
                       Function<Mail, Uni<Void>> mail, Executor stateWriter) {
    }

    final Settings settings;
    final ProbeHistory history;
    final StatsStore stats;
    final Silences silences;
    final DeliveryQueue delivery;
    final AlertEngine alerts;
    final ProbeScheduler scheduler;
    private final Platform platform;
    private final HttpProber prober;
    private final ProbeMetrics probeMetrics;
    private final List<HttpPost> posters = new ArrayList<>();

    Pipeline(Settings s, Environment env) {
        this.settings = s;
        Clock clock = env.clock();
        List<EndpointSpec> endpoints = s.endpoints();

        // probe -> window
        history = new ProbeHistory(endpoints, clock.instant());
        platform = Observations.platform(history);
        stats = new StatsStore(endpoints, s.windows().lengths(), s.windows().slots(), clock);
        prober = new HttpProber(env.vertx(), clock, System::nanoTime, env.version(), s.probing().verifyTls(),
                s.probing().maxConnectionsPerHost());

        // notify: every configured channel plus the log
        SenderContext context = new SenderContext(timeout -> poster(env, timeout), env.mail(), clock);
        Map<String, Sender> senders = new LinkedHashMap<>();
        senders.put(Router.LOG, new LogNotifier());
        s.channels().forEach((name, spec) -> senders.put(name, type(spec).sender(spec, context)));
        NotificationMetrics notificationMetrics = new NotificationMetrics(env.registry());
        Settings.Delivery d = s.delivery();
        delivery = new DeliveryQueue(senders, new RetryPolicy(d.initialBackoff(), d.maxBackoff(), d.maxAge(), Math::random),
                clock, stateFile(s, env, "delivery.json", DeliveryJournal.Saved.class), notificationMetrics);

        // rule -> alert
        Router router = router(s);
        Map<String, Map<String, String>> labelsByRule = new LinkedHashMap<>();
        s.rules().forEach(r -> labelsByRule.put(r.name(), r.labels()));
        silences = new Silences(stateFile(s, env, "silences.json", Silences.Saved.class), clock, s.maintenance(),
                r -> labelsByRule.getOrDefault(r, Map.of()));
        Map<String, String> urls = new LinkedHashMap<>();
        endpoints.forEach(e -> urls.put(e.name(), e.displayUrl()));
        alerts = new AlertEngine(s.rules(), router, s.policy(), silences, urls, delivery::enqueue,
                stateFile(s, env, "incidents.json", AlertEngine.Saved.class));
        reportUnconfigured(s, router);

        scheduler = new ProbeScheduler(env.vertx(), System::nanoTime, prober::probe, this::onResult,
                s.probing().recoveryInterval(), r -> !r.ok() || alerts.active(r.endpoint()));
        probeMetrics = new ProbeMetrics(env.registry(), endpoints, stats, history, scheduler, s.windows().sloLabel());
        AlertMetrics.register(env.registry(), alerts, endpoints);
        notificationMetrics.registerPending(delivery);
        warmUp(clock);
    }

    private static ChannelType type(ChannelSpec spec) {
        return ChannelTypes.ALL.get(spec.type());
    }

    private HttpPost poster(Environment env, Duration timeout) {
        HttpPost p = new HttpPost(env.vertx(), timeout, env.version());
        posters.add(p);
        return p;
    }

    private static <T> StateFile<T> stateFile(Settings s, Environment env, String name, Class<T> type) {
        return new StateFile<>(s.dataDir().resolve(name), type, env.clock(), env.stateWriter());
    }

    private static Router router(Settings s) {
        Map<String, Duration> refresh = new LinkedHashMap<>();
        s.channels().values().forEach(ch -> type(ch).refresh().ifPresent(every -> refresh.put(ch.name(), every)));
        return new Router(s.routing().bySeverity(), s.routing().labelRoutes(), s.channels().keySet(), refresh);
    }

    /** Names the channels that rules or escalation route to but that cannot deliver (the log stands in). */
    private static void reportUnconfigured(Settings s, Router router) {
        for (ChannelSpec ch : s.channels().values()) {
            LOG.infof("alert channel %s: %s", ch.name(), ch.type());
        }
        Set<String> missing = new LinkedHashSet<>(router.unconfigured(s.rules()));
        s.policy().escalationChannels().stream().filter(ch -> !ch.equals(Router.LOG) && router.deliverable(ch).equals(Router.LOG))
                .forEach(missing::add);
        if (!missing.isEmpty()) {
            LOG.warnf("alert channels %s are not configured (no URL, key or recipients): what would go to them goes to"
                    + " the log channel", missing);
        }
    }

    /**
     * Renders every payload kind of every channel type once with a made-up incident (nothing is
     * sent), so the first real page after startup does not pay for class loading and JSON set-up.
     */
    private static void warmUp(Clock clock) {
        Instant now = clock.instant();
        Incident i = new Incident("warm-up:*:0", "warm-up", "*", "http://localhost/", Severity.P3, Incident.State.FIRING,
                now, null, 1, 1, "warm-up", List.of(), Map.of("error_ratio_5m", 0.5));
        for (Notification.Kind k : Notification.Kind.values()) {
            Notification n = new Notification(k, k == Notification.Kind.RESOLVE ? i.resolved(now, 0, "warm-up") : i, Router.LOG, now);
            ChannelTypes.ALL.values().forEach(t -> t.render(n));
        }
    }

    /** Starts probing. */
    void start() {
        for (EndpointSpec e : settings.endpoints()) {
            LOG.infof("probing %s %s every %s (timeout %s, expect %s%s)", e.name(), e.displayUrl(),
                    Durations.format(e.interval()), Durations.format(e.timeout()),
                    e.expectedStatus(), e.values().isEmpty() ? "" : ", values " + e.values().keySet());
        }
        scheduler.start(settings.endpoints());
    }

    /** One result through the stages, on a Vert.x event loop, the moment it lands. */
    private void onResult(ProbeResult r) {
        history.record(r);
        probeMetrics.onResult(r);
        EndpointWindows windows = stats.record(r);
        alerts.evaluate(Observations.of(history.view(r.endpoint()), windows), platform);
    }

    /** Reminders, escalations and silence ends that come due between results; retries whose backoff ran out. */
    void tick(Instant now) {
        alerts.tick(now);
        delivery.pump();
    }

    @Override
    public void close() {
        scheduler.close();
        prober.close();
        posters.forEach(HttpPost::close);
    }
}
