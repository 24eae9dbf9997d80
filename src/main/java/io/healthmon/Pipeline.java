package io.healthmon;

import io.healthmon.alert.AlertEngine;
import io.healthmon.alert.Group;
import io.healthmon.alert.GroupState;
import io.healthmon.alert.Incident;
import io.healthmon.alert.Muting;
import io.healthmon.alert.Notification;
import io.healthmon.alert.Router;
import io.healthmon.alert.Silences;
import io.healthmon.alert.TimelineEntry;
import io.healthmon.alert.Timelines;
import io.healthmon.config.ChannelSpec;
import io.healthmon.config.Durations;
import io.healthmon.config.EndpointSpec;
import io.healthmon.metrics.NotificationMetrics;
import io.healthmon.metrics.EndpointSeries;
import io.healthmon.metrics.ProbeCounts;
import io.healthmon.metrics.SchedulerMetrics;
import io.healthmon.notify.ChannelType;
import io.healthmon.notify.ChannelTypes;
import io.healthmon.notify.DeliveryJournal;
import io.healthmon.notify.DeliveryQueue;
import io.healthmon.notify.HttpPost;
import io.healthmon.notify.Pending;
import io.healthmon.notify.RetryPolicy;
import io.healthmon.notify.Sender;
import io.healthmon.notify.SenderContext;
import io.healthmon.notify.Senders;
import io.healthmon.probe.HttpProber;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.probe.ProbeResult;
import io.healthmon.probe.ProbeScheduler;
import io.healthmon.rule.Platform;
import io.healthmon.rule.Severity;
import io.healthmon.setup.Settings;
import io.healthmon.state.StateFile;
import io.healthmon.window.Checkpoint;
import io.healthmon.window.Checkpointer;
import io.healthmon.window.EndpointWindows;
import io.healthmon.window.StatsStore;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.mailer.Mail;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
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
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The stages of one configuration, built once from its {@link Settings}: probe -> window -> rule
 * -> alert, handing notifications to the delivery queue. Every part is final; a reload builds a
 * new pipeline that carries on the previous one's windows, history and incidents.
 */
final class Pipeline {

    private static final Logger LOG = Logger.getLogger(Pipeline.class);
    /** Probes per event loop to a throwaway loopback server before a cold start's first round. */
    private static final int WARM_UP_PROBES = 200;

    /**
     * What outlives any one configuration: the runtime, and the stores that own files in the data
     * directory (pending notifications, silences, incidents and their timelines).
     *
     * @param http one JSON poster per delivery deadline, shared by every pipeline
     * @param sink   where every probe result goes: the running pipeline, whichever that is by then
     * @param counts probe counts per endpoint, which carry on across reloads
     */
    record Environment(Vertx vertx, Clock clock, MeterRegistry registry, String version, Function<Mail, Uni<Void>> mail,
                       Function<Duration, HttpPost> http, Consumer<ProbeResult> sink, DeliveryQueue delivery,
                       Silences silences, StateFile<AlertEngine.Saved> incidents, Timelines timelines, ProbeCounts counts) {
    }

    final Settings settings;
    final ProbeHistory history;
    final StatsStore stats;
    final AlertEngine alerts;
    final ProbeScheduler scheduler;
    private final Environment env;
    private final Platform platform;
    private final HttpProber prober;
    final Senders senders;
    private final RetryPolicy retryPolicy;

    /**
     * @param previous  the pipeline this one replaces (a reload), or null at startup
     * @param incidents the open incidents to carry on: from the file at startup, from the previous
     *                  alert stage on a reload
     * @param windows   the window checkpoint to restore at startup (null: none, or a reload)
     */
    Pipeline(Settings s, Environment env, Pipeline previous, AlertEngine.Saved incidents, Checkpoint.Saved windows) {
        this.settings = s;
        this.env = env;
        Clock clock = env.clock();
        List<EndpointSpec> endpoints = s.endpoints();

        // probe -> window: what the previous pipeline saw of an unchanged endpoint carries on
        history = new ProbeHistory(endpoints, clock.instant(), previous == null ? null : previous.history);
        platform = Observations.platform(history);
        stats = new StatsStore(endpoints, s.windows().lengths(), s.windows().slots(), clock, previous == null ? null : previous.stats);
        if (windows != null) { // before the first probe: what the last run saw carries on, the downtime a gap
            Checkpoint.apply(windows, endpoints, history, stats, clock.instant(), LOG::warn);
        }
        prober = previous != null && previous.settings.probing().equals(s.probing()) ? previous.prober
                : new HttpProber(env.vertx(), clock, System::nanoTime, env.version(), s.probing().verifyTls(),
                        s.probing().maxConnectionsPerHost());

        // the channels the delivery queue sends through while this configuration runs
        SenderContext context = new SenderContext(env.http(), env.mail(), clock);
        Map<String, Sender> byChannel = new LinkedHashMap<>();
        s.channels().forEach((name, spec) -> byChannel.put(name, type(spec).sender(spec, context)));
        senders = new Senders(byChannel);
        Settings.Delivery d = s.delivery();
        retryPolicy = new RetryPolicy(d.initialBackoff(), d.maxBackoff(), d.maxAge(), d.maxRetryAfter(), Math::random);

        // rule -> alert
        Router router = router(s);
        Map<String, Map<String, String>> labelsByRule = new LinkedHashMap<>();
        s.rules().forEach(r -> labelsByRule.put(r.name(), r.labels()));
        Map<String, String> urls = new LinkedHashMap<>();
        endpoints.forEach(e -> urls.put(e.name(), e.displayUrl()));
        alerts = new AlertEngine(s.rules(), router, s.policy(), new Muting(env.silences(), s.maintenance(), labelsByRule), urls,
                env.delivery()::enqueue, env.incidents(), incidents, clock.instant(), env.timelines());
        if (previous == null) {
            alerts.restarted(clock.instant());
        }
        reportUnconfigured(s, router);

        scheduler = new ProbeScheduler(env.vertx(), System::nanoTime, prober::probe, env.sink(),
                s.probing().recoveryInterval(), r -> !r.ok() || alerts.active(r.endpoint()), s.probing().eventLoops());
        env.counts().keep(endpoints.stream().map(EndpointSpec::name).toList());
        warmUp(clock);
    }

    private static ChannelType type(ChannelSpec spec) {
        return ChannelTypes.ALL.get(spec.type());
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
                now, null, 1, 1, "warm-up", List.of(), Map.of("error_ratio_5m", 0.5), false);
        for (Notification.Kind k : Notification.Kind.values()) {
            Notification n = Notification.of(k, k == Notification.Kind.RESOLVE ? i.resolved(now, 0, "warm-up") : i, Router.LOG, now);
            ChannelTypes.ALL.values().forEach(t -> t.render(n));
            // and the journal and incident files' JSON, which the first page waits for (the fsync itself is paid then)
            StateFile.render(new DeliveryJournal.Saved(1, List.of(new Pending(0, n, 0, now, null))));
        }
        StateFile.render(new Timelines.Line(0, i.id(), new TimelineEntry(now, TimelineEntry.Kind.FIRING, "warm-up"), null));
        StateFile.render(new AlertEngine.Saved(List.of(new AlertEngine.Tracked(i, null)), List.of(i.resolved(now, 0, "warm-up")),
                List.of(new GroupState(Group.single(i), Router.LOG, false, List.of(i), i.severity(), now, now))));
    }

    /**
     * Registers the gauges that read this configuration's parts; the caller removes them before a
     * successor registers its own (a gauge of the same name and labels would keep reading these).
     */
    List<Meter> registerGauges(NotificationMetrics notifications) {
        MeterRegistry registry = env.registry();
        List<Meter> gauges = new ArrayList<>(SchedulerMetrics.register(registry, scheduler));
        gauges.addAll(notifications.register(env.delivery(), senders.names()));
        return gauges;
    }

    /** What /q/metrics writes per endpoint while this configuration runs. */
    EndpointSeries.Source series() {
        return new EndpointSeries.Source(settings.endpoints(), stats, history, alerts, env.counts(), settings.windows().sloLabel(),
                settings.metrics().windows(), settings.metrics().quantiles());
    }

    /** What the checkpoint saves while this configuration runs. */
    Checkpointer.Source checkpoint() {
        return new Checkpointer.Source(settings.endpoints(), history, stats, settings.windows().checkpointInterval());
    }

    /**
     * Starts probing; at startup ({@code cold}) the first probes are spread over the scheduler's
     * startup ramp, on a reload they start at once (the JVM is warm by then).
     */
    void start(boolean cold) {
        for (EndpointSpec e : settings.endpoints()) {
            LOG.infof("probing %s %s every %s (timeout %s, expect %s%s)", e.name(), e.displayUrl(),
                    Durations.format(e.interval()), Durations.format(e.timeout()),
                    e.expectedStatus(), e.values().isEmpty() ? "" : ", values " + e.values().keySet());
        }
        int n = settings.endpoints().size();
        List<Context> loops = scheduler.prepare(settings.endpoints());
        if (cold && n > 0) {
            prober.warmUp(settings.endpoints().get(0), loops, WARM_UP_PROBES, Duration.ofSeconds(5));
        }
        scheduler.start(settings.endpoints(), cold ? ProbeScheduler.startupRamp(n) : Duration.ZERO);
    }

    /**
     * One result through the stages, on a Vert.x event loop, the moment it lands. A result for an
     * endpoint this configuration no longer has (probed before a reload) is dropped.
     */
    void accept(ProbeResult r) {
        if (!history.has(r.endpoint())) {
            return;
        }
        ProbeHistory.View seen = history.record(r);
        env.counts().onResult(r);
        EndpointWindows windows = stats.record(r);
        alerts.evaluate(Observations.of(seen, windows), platform);
    }

    RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** Reminders, escalations and silence ends that come due between results. */
    void tick(Instant now) {
        alerts.tick(now);
    }

    /**
     * Stops this pipeline's schedule; probes in flight still finish (their results go to the
     * successor). A prober the successor does not share is closed once they have had their time.
     */
    void retire(Pipeline successor) {
        scheduler.close();
        if (successor.prober != prober) {
            long graceMs = settings.endpoints().stream().map(EndpointSpec::timeout).max(Duration::compareTo)
                    .orElse(Duration.ZERO).toMillis() + 1000;
            env.vertx().setTimer(graceMs, id -> prober.closeLater());
        }
    }

    /** At shutdown, first: no new probe starts. */
    void stopProbing() {
        scheduler.close();
    }

    /** At shutdown, last. */
    void close() {
        scheduler.close();
        prober.close();
    }
}
