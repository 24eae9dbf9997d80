package io.healthmon.alert;

import io.healthmon.config.EndpointSpec;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.rule.Condition;
import io.healthmon.rule.Evaluation;
import io.healthmon.rule.Rule;
import io.healthmon.rule.RuleEvaluator;
import io.healthmon.rule.RuleState;
import io.healthmon.window.EndpointWindows;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.function.Consumer;
import org.jboss.logging.Logger;
import java.util.function.Supplier;

/**
 * The incident lifecycle. Evaluates every rule watching an endpoint the moment that endpoint's
 * result lands, keeps one incident per rule and endpoint, and hands a notification per channel to
 * the delivery stage when an incident fires and when it resolves.
 */
public final class AlertEngine {

    /** Platform-wide rules (complete outage) are tracked under this endpoint name. */
    public static final String ALL = "*";
    static final int KEEP_RESOLVED = 100;

    private static final Logger LOG = Logger.getLogger(AlertEngine.class);

    private record Key(String rule, String endpoint) {
    }

    private final List<Rule> rules;
    private final Router router;
    private final Map<String, EndpointSpec> specs = new LinkedHashMap<>();
    private final Consumer<Notification> delivery;
    private final Map<Key, RuleState> states = new LinkedHashMap<>();
    private final Map<Key, Incident> open = new LinkedHashMap<>();
    private final Deque<Incident> resolved = new ArrayDeque<>();

    /** What survives a restart: the open incidents (and the recently resolved, for the API). */
    @RegisterForReflection
    public record Saved(List<Incident> open, List<Incident> resolved) {
    }

    private final StateFile<Saved> file;

    /** An engine that keeps nothing across restarts (tests). */
    public AlertEngine(List<Rule> rules, Router router, List<EndpointSpec> endpoints, Consumer<Notification> delivery) {
        this(rules, router, endpoints, delivery, null);
    }

    /**
     * @param file where open incidents are kept; on startup each restored incident is firing again
     *             without a new notification, and resolves (with its resolve notification) once its
     *             rule is seen clear
     */
    public AlertEngine(List<Rule> rules, Router router, List<EndpointSpec> endpoints, Consumer<Notification> delivery,
                       StateFile<Saved> file) {
        this.rules = List.copyOf(rules);
        this.router = router;
        this.delivery = delivery;
        this.file = file;
        for (EndpointSpec e : endpoints) {
            specs.put(e.name(), e);
        }
        if (file != null) {
            file.load().ifPresent(this::restore);
        }
    }

    private void restore(Saved saved) {
        for (Incident i : saved.open()) {
            Rule rule = rules.stream().filter(r -> r.name().equals(i.rule())).findFirst().orElse(null);
            if (rule == null || !(i.endpoint().equals(ALL) || specs.containsKey(i.endpoint()))) {
                LOG.warnf("incident %s is open but its rule or endpoint is no longer configured: it stays open in %s"
                        + " no more; resolve it by hand in its channels", i.id(), file.path());
                continue;
            }
            Key key = new Key(i.rule(), i.endpoint());
            states.put(key, RuleState.firing(rule.forDuration(), rule.keepFiringFor(), i.firedAt()));
            open.put(key, i);
        }
        resolved.addAll(saved.resolved());
        if (!open.isEmpty()) {
            LOG.infof("restored %d open incident(s) from %s: each resolves, with notification, once its rule is clear",
                    open.size(), file.path());
        }
    }

    private void persist() {
        if (file == null) {
            return;
        }
        try {
            file.save(new Saved(List.copyOf(open.values()), List.copyOf(resolved)));
        } catch (java.io.IOException e) {
            LOG.errorf("cannot write %s (%s): open incidents would not survive a restart", file.path(), e.getMessage());
        }
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Evaluates every rule that watches {@code w}'s endpoint, and the platform-wide ones. */
    public synchronized void evaluate(EndpointWindows w, ProbeHistory.View view, List<ProbeHistory.View> all) {
        Instant now = w.at();
        for (Rule rule : rules) {
            if (rule.condition() instanceof Condition.CompleteOutage c) {
                List<ProbeHistory.View> watched = all.stream().filter(v -> rule.watches(v.spec().name())).toList();
                step(rule, ALL, RuleEvaluator.outage(c, watched), now, Map::of);
            } else if (rule.watches(w.endpoint())) {
                step(rule, w.endpoint(), RuleEvaluator.evaluate(rule.condition(), w, view), now, () -> figures(w));
            }
        }
    }

    /** @param figures the endpoint's window statistics, read only when the rule fires */
    private void step(Rule rule, String endpoint, Evaluation e, Instant now, Supplier<Map<String, Double>> figures) {
        Key key = new Key(rule.name(), endpoint);
        RuleState state = states.computeIfAbsent(key, k -> new RuleState(rule.forDuration(), rule.keepFiringFor()));
        switch (state.step(e, now)) {
            case FIRED -> {
                Incident i = new Incident(Incident.idFor(rule.name(), endpoint, now), rule.name(), endpoint, url(endpoint),
                        rule.severity(), Incident.State.FIRING, now, null, e.value(), e.threshold(), e.text(),
                        router.route(rule), figures.get());
                open.put(key, i);
                // Notifications are saved (by the delivery queue) before the incident: a crash in
                // between may repeat a notification after the restart, never lose one.
                notifyAll(Notification.Kind.TRIGGER, i, now);
                persist();
            }
            case RESOLVED -> {
                Incident i = open.remove(key);
                if (i != null) {
                    Incident done = i.resolved(now, e.value(), e.text());
                    resolved.addFirst(done);
                    while (resolved.size() > KEEP_RESOLVED) {
                        resolved.removeLast();
                    }
                    notifyAll(Notification.Kind.RESOLVE, done, now);
                    persist();
                }
            }
            default -> {
                Incident i = open.get(key);
                if (i != null && !Double.isNaN(e.value())) {
                    open.put(key, i.updated(e.value(), e.text())); // the API shows the latest value
                }
            }
        }
    }

    /** The window statistics a responder wants first: error ratio, availability, p95, body values. */
    static Map<String, Double> figures(EndpointWindows w) {
        Map<String, Double> f = new LinkedHashMap<>();
        w.windows().forEach((label, s) -> {
            put(f, "error_ratio_" + label, s.errorRatio());
            put(f, "availability_" + label, s.availabilityRatio());
            put(f, "p95_seconds_" + label, s.p95Seconds());
        });
        w.values().forEach((name, v) -> put(f, name, v.last()));
        return f;
    }

    private static void put(Map<String, Double> f, String key, double v) {
        if (Double.isFinite(v)) {
            f.put(key, v);
        }
    }

    private void notifyAll(Notification.Kind kind, Incident i, Instant now) {
        for (String channel : i.channels()) {
            delivery.accept(new Notification(kind, i, channel, now));
        }
    }

    private String url(String endpoint) {
        EndpointSpec s = specs.get(endpoint);
        return s == null ? "all endpoints" : s.displayUrl();
    }

    /** Whether any rule is pending or firing on this endpoint: the scheduler then hurries it. */
    public synchronized boolean active(String endpoint) {
        for (Map.Entry<Key, RuleState> e : states.entrySet()) {
            if (e.getKey().endpoint().equals(endpoint) && e.getValue().phase() != RuleState.Phase.INACTIVE) {
                return true;
            }
        }
        return false;
    }

    /** The phase of one rule on one endpoint (INACTIVE when never evaluated). */
    public synchronized RuleState.Phase phase(String rule, String endpoint) {
        RuleState s = states.get(new Key(rule, endpoint));
        return s == null ? RuleState.Phase.INACTIVE : s.phase();
    }

    public synchronized List<Incident> open() {
        return new ArrayList<>(open.values());
    }

    /** The last {@value #KEEP_RESOLVED} resolved incidents, newest first. */
    public synchronized List<Incident> recentlyResolved() {
        return new ArrayList<>(resolved);
    }
}
