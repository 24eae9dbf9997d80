package io.healthmon;

import io.healthmon.alert.AlertEngine;
import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.healthmon.alert.Policy;
import io.healthmon.alert.MaintenanceResolver;
import io.healthmon.alert.MaintenanceWindow;
import io.healthmon.alert.Silences;
import io.healthmon.alert.Router;
import io.healthmon.config.ChannelSpec;
import io.healthmon.config.Durations;
import io.healthmon.config.EndpointResolver;
import io.healthmon.config.EndpointSpec;
import io.healthmon.config.HealthmonConfig;
import io.healthmon.metrics.AlertMetrics;
import io.healthmon.metrics.ProbeMetrics;
import io.healthmon.state.StateFile;
import io.healthmon.metrics.NotificationMetrics;
import io.healthmon.notify.DeliveryQueue;
import io.healthmon.notify.DeliveryJournal;
import io.healthmon.notify.LogNotifier;
import io.healthmon.notify.RetryPolicy;
import io.healthmon.notify.HttpPost;
import io.healthmon.notify.Sender;
import io.healthmon.notify.email.EmailSender;
import io.healthmon.notify.pagerduty.PagerDutySender;
import io.healthmon.notify.slack.SlackSender;
import io.healthmon.notify.webhook.AlertmanagerSender;
import io.healthmon.notify.webhook.WebhookSender;
import io.healthmon.rule.Severity;
import io.quarkus.mailer.reactive.ReactiveMailer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import io.quarkus.scheduler.Scheduled;
import java.nio.file.Path;
import java.util.Map;
import io.healthmon.probe.HttpProber;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.probe.ProbeResult;
import io.healthmon.probe.ProbeScheduler;
import io.healthmon.config.InvalidConfigException;
import io.healthmon.rule.RuleResolver;
import java.util.LinkedHashSet;
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
    private final ReactiveMailer mailer;
    private final Optional<String> mailerFrom;
    private final List<HttpPost> closeables = new ArrayList<>();
    /** One thread writes every state file, in the order of the changes, off the event loops. */
    private final ExecutorService stateWriter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "healthmon-state-writer");
        t.setDaemon(true);
        return t;
    });

    private List<EndpointSpec> endpoints;
    private ProbeHistory history;
    private io.healthmon.rule.Platform platform;
    private StatsStore stats;
    private HttpProber prober;
    private ProbeScheduler scheduler;
    private ProbeMetrics metrics;
    private AlertEngine alerts;
    private Silences silences;
    private String sloWindow;
    private DeliveryQueue delivery;
    private NotificationMetrics notificationMetrics;
    private Duration longestInterval;
    private volatile Instant lastResultAt;

    public Monitor(HealthmonConfig config, Vertx vertx, Clock clock, MeterRegistry registry,
                   @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version,
                   ReactiveMailer mailer, @ConfigProperty(name = "quarkus.mailer.from") Optional<String> mailerFrom) {
        this.mailer = mailer;
        this.mailerFrom = mailerFrom;
        this.config = config;
        this.vertx = vertx;
        this.clock = clock;
        this.registry = registry;
        this.version = version;
    }

    /** Everything the configuration says, validated together so startup reports every problem at once. */
    private record Configured(EndpointResolver.Resolved resolved, List<Rule> rules, List<MaintenanceWindow> maintenance) {
    }

    private Configured configure() {
        List<String> problems = new ArrayList<>();
        EndpointResolver.Resolved resolved = EndpointResolver.collect(config, mailerFrom.orElse("healthmon@localhost"), problems);
        Set<String> endpointNames = new LinkedHashSet<>();
        resolved.endpoints().forEach(e -> endpointNames.add(e.name()));
        Set<String> channelNames = new LinkedHashSet<>(resolved.channels().keySet());
        channelNames.addAll(resolved.unconfigured());
        channelNames.add(Router.LOG);
        Set<String> windowLabels = new LinkedHashSet<>();
        resolved.windows().forEach(w -> windowLabels.add(Durations.format(w)));
        List<Rule> rules = RuleResolver.collect(config, endpointNames, channelNames, windowLabels, problems);
        Set<String> ruleNames = new LinkedHashSet<>();
        rules.forEach(r -> ruleNames.add(r.name()));
        List<MaintenanceWindow> maintenance = MaintenanceResolver.collect(config, endpointNames, ruleNames, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new Configured(resolved, rules, maintenance);
    }

    /** Runs after the demo platform (priority 10) is listening, so the first probes find it. */
    void start(@Observes @Priority(20) StartupEvent event) {
        Configured c = configure();
        EndpointResolver.Resolved resolved = c.resolved();
        endpoints = resolved.endpoints();
        longestInterval = endpoints.stream().map(EndpointSpec::interval).max(Duration::compareTo).orElseThrow();
        lastResultAt = clock.instant();
        sloWindow = Durations.format(config.slo().window());

        // probe -> window
        history = new ProbeHistory(endpoints, lastResultAt);
        platform = Observations.platform(history);
        stats = new StatsStore(endpoints, resolved.windows(), resolved.slots(), clock);
        prober = new HttpProber(vertx, clock, System::nanoTime, version, config.probe().verifyTls(),
                config.probe().maxConnectionsPerHost());

        // notify: every configured channel plus the log
        Map<String, Sender> senders = new LinkedHashMap<>();
        senders.put(Router.LOG, new LogNotifier());
        resolved.channels().forEach((name, spec) -> senders.put(name, sender(spec)));
        HealthmonConfig.Delivery d = config.delivery();
        notificationMetrics = new NotificationMetrics(registry);
        delivery = new DeliveryQueue(senders, new RetryPolicy(d.initialBackoff(), d.maxBackoff(), d.maxAge(), Math::random),
                clock, stateFile("delivery.json", DeliveryJournal.Saved.class), notificationMetrics);

        // rule -> alert
        Router router = router(resolved);
        Policy policy = Policy.from(config);
        reportUnconfigured(resolved, router, c.rules(), policy);
        Map<String, Map<String, String>> labelsByRule = new LinkedHashMap<>();
        c.rules().forEach(r -> labelsByRule.put(r.name(), r.labels()));
        silences = new Silences(stateFile("silences.json", Silences.Saved.class), clock, c.maintenance(),
                r -> labelsByRule.getOrDefault(r, Map.of()));
        Map<String, String> urls = new LinkedHashMap<>();
        endpoints.forEach(e -> urls.put(e.name(), e.displayUrl()));
        alerts = new AlertEngine(c.rules(), router, policy, silences, urls, delivery::enqueue,
                stateFile("incidents.json", AlertEngine.Saved.class));

        scheduler = new ProbeScheduler(vertx, System::nanoTime, prober::probe, this::onResult,
                config.probe().recoveryInterval(), r -> !r.ok() || alerts.active(r.endpoint()));
        metrics = new ProbeMetrics(registry, endpoints, stats, history, scheduler, sloWindow);
        AlertMetrics.register(registry, alerts, endpoints);
        notificationMetrics.registerPending(delivery);
        for (EndpointSpec e : endpoints) {
            LOG.infof("probing %s %s every %s (timeout %s, expect %s%s)", e.name(), e.displayUrl(),
                    Durations.format(e.interval()), Durations.format(e.timeout()),
                    e.expectedStatus(), e.values().isEmpty() ? "" : ", values " + e.values().keySet());
        }
        warmUp();
        scheduler.start(endpoints);
    }

    private <T> StateFile<T> stateFile(String name, Class<T> type) {
        return new StateFile<>(Path.of(config.dataDir(), name), type, clock, stateWriter);
    }

    private Router router(EndpointResolver.Resolved resolved) {
        Map<String, Duration> refresh = new LinkedHashMap<>();
        resolved.channels().values().stream().filter(ch -> ch.type() == ChannelSpec.Type.ALERTMANAGER)
                .forEach(ch -> refresh.put(ch.name(), AlertmanagerSender.REFRESH));
        List<Router.LabelRoute> labelRoutes = resolved.labelRoutes().stream()
                .map(r -> new Router.LabelRoute(r.match(), r.channels())).toList();
        return new Router(Router.severityRouting(resolved.routing()), resolved.channels().keySet(), refresh, labelRoutes);
    }

    /** Names the channels that rules or escalation route to but that cannot deliver (the log stands in). */
    private void reportUnconfigured(EndpointResolver.Resolved resolved, Router router, List<Rule> rules, Policy policy) {
        for (ChannelSpec ch : resolved.channels().values()) {
            LOG.infof("alert channel %s: %s", ch.name(), ch.type().key());
        }
        Set<String> missing = new LinkedHashSet<>(router.unconfigured(rules));
        policy.escalationChannels().stream().filter(ch -> !ch.equals(Router.LOG) && router.deliverable(ch).equals(Router.LOG))
                .forEach(missing::add);
        if (!missing.isEmpty()) {
            LOG.warnf("alert channels %s are not configured (no URL, key or recipients): what would go to them goes to"
                    + " the log channel", missing);
        }
    }

    /**
     * Renders every payload kind once with a made-up incident (nothing is sent), so the first real
     * page after startup does not pay for class loading and JSON set-up.
     */
    private void warmUp() {
        Incident i = new Incident("warm-up:*:0", "warm-up", "*", "http://localhost/", Severity.P3, Incident.State.FIRING,
                clock.instant(), null, 1, 1, "warm-up", List.of(), Map.of("error_ratio_5m", 0.5));
        for (Notification.Kind k : Notification.Kind.values()) {
            Notification n = new Notification(k, k == Notification.Kind.RESOLVE ? i.resolved(clock.instant(), 0, "warm-up") : i,
                    Router.LOG, clock.instant());
            SlackSender.message(n);
            PagerDutySender.event(n, "warm-up");
            WebhookSender.payload(n, "warm-up");
            AlertmanagerSender.payload(n, clock);
            EmailSender.text(n);
        }
    }

    private Sender sender(ChannelSpec c) {
        return switch (c.type()) {
            case SLACK -> new SlackSender(http(c), c.url());
            case PAGERDUTY -> new PagerDutySender(http(c), c.url(), c.routingKey());
            case WEBHOOK -> new WebhookSender(http(c), c.url(), c.name(), c.headers());
            case ALERTMANAGER -> new AlertmanagerSender(http(c), c.url(), clock, c.headers());
            case EMAIL -> new EmailSender(mailer::send, c.to(), c.from(), c.timeout());
            case LOG -> new LogNotifier();
        };
    }

    private HttpPost http(ChannelSpec c) {
        HttpPost p = new HttpPost(vertx, c.timeout(), version);
        closeables.add(p);
        return p;
    }

    /** One result through the pipeline, on a Vert.x event loop. */
    void onResult(ProbeResult r) {
        history.record(r);
        metrics.onResult(r);
        lastResultAt = clock.instant();
        EndpointWindows windows = stats.record(r);
        alerts.evaluate(Observations.of(history.view(r.endpoint()), windows), platform); // the moment the result lands
    }

    /** Retries come due between results: the housekeeping tick (1 s is fine for backoffs of seconds). */
    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void housekeeping() {
        if (delivery != null) {
            alerts.tick(clock.instant());
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
        closeables.forEach(HttpPost::close);
        stateWriter.shutdown(); // the queued writes still run: nothing pending is lost on a clean stop
        try {
            if (!stateWriter.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warn("state files were still being written at shutdown");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    /** The error-budget window's label, e.g. "30d". */
    public String sloWindow() {
        return sloWindow;
    }

    public Silences silences() {
        return silences;
    }

    public DeliveryQueue delivery() {
        return delivery;
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
