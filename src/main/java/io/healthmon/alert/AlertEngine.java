package io.healthmon.alert;

import io.healthmon.config.Durations;
import io.healthmon.rule.Condition;
import io.healthmon.rule.Evaluation;
import io.healthmon.rule.Observation;
import io.healthmon.rule.Platform;
import io.healthmon.rule.Rule;
import io.healthmon.rule.RuleEvaluator;
import io.healthmon.rule.RuleState;
import io.healthmon.state.StateFile;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The incident lifecycle. Evaluates every rule watching an endpoint the moment that endpoint's
 * result lands, keeps one incident per rule and endpoint, and hands a notification per channel to
 * the delivery stage: when an incident fires, as a reminder per severity, once as an escalation,
 * and when it resolves. A silenced incident is tracked but not notified; still firing when the
 * silence ends, it is notified then. Open incidents are kept on disk across restarts.
 */
public final class AlertEngine {

    /** Platform-wide rules (complete outage) are tracked under this endpoint name. */
    public static final String ALL = "*";
    static final int KEEP_RESOLVED = 100;

    private static final Logger LOG = Logger.getLogger(AlertEngine.class);

    private record Key(String rule, String endpoint) {
    }

    /**
     * An open incident and what was sent about it.
     *
     * @param clearSince for an incident held firing by flap damping: since when its rule has been
     *                   clear (null while it breaches); it resolves once clear for the flap window
     */
    @RegisterForReflection
    public record Tracked(Incident incident, boolean notified, boolean escalated, Map<String, Instant> lastSent,
                          Instant clearSince) {

        public Tracked {
            Map<String, Instant> last = new LinkedHashMap<>();
            if (lastSent != null) {
                lastSent.forEach((k, v) -> {
                    if (k != null && v != null) {
                        last.put(k, v);
                    }
                });
            }
            lastSent = Map.copyOf(last);
        }

        /** A breaching incident. */
        public Tracked(Incident incident, boolean notified, boolean escalated, Map<String, Instant> lastSent) {
            this(incident, notified, escalated, lastSent, null);
        }

        Tracked with(Incident i) {
            return new Tracked(i, notified, escalated, lastSent, clearSince);
        }

        Tracked clearSince(Instant since) {
            return new Tracked(incident, notified, escalated, lastSent, since);
        }

        /** An open incident as read back: firing and whole. */
        boolean valid() {
            return incident != null && incident.valid() && incident.state() == Incident.State.FIRING;
        }
    }

    /** What survives a restart: the open incidents (and the recently resolved, for the API). */
    @RegisterForReflection
    public record Saved(List<Tracked> open, List<Incident> resolved) {
    }

    private final List<Rule> rules;
    private final Router router;
    private final Policy policy;
    private final Silencer silencer;
    /** Each endpoint's URL as shown to people, by name. */
    private final Map<String, String> urls;
    private final Consumer<Notification> delivery;
    private final StateFile<Saved> file;
    private final Map<Key, RuleState> states = new LinkedHashMap<>();
    /** The same states by endpoint: {@link #active} runs on every probe result, so it must not scan them all. */
    private final Map<String, List<RuleState>> statesByEndpoint = new LinkedHashMap<>();
    private final Map<Key, Tracked> open = new LinkedHashMap<>();
    private final Deque<Incident> resolved = new ArrayDeque<>();
    private final FlapDamper<Key> flaps;
    /** Set once a newer engine took over (a reload). */
    private boolean retired;

    /**
     * @param urls    each endpoint's URL as shown to people, by endpoint name
     * @param file    where open incidents are kept (null: nowhere)
     * @param initial the incidents to carry on (from the file after a restart, from the previous
     *                engine after a reload): each is firing again without a new notification and
     *                resolves, with its resolve notification, once its rule is seen clear; one whose
     *                rule or endpoint is gone resolves at {@code now}, with notification
     */
    public AlertEngine(List<Rule> rules, Router router, Policy policy, Silencer silencer, Map<String, String> urls,
                       Consumer<Notification> delivery, StateFile<Saved> file, Saved initial, Instant now) {
        this.rules = List.copyOf(rules);
        this.router = router;
        this.policy = policy;
        this.silencer = silencer;
        this.delivery = delivery;
        this.file = file;
        this.urls = Map.copyOf(urls);
        this.flaps = new FlapDamper<>(policy.flapWindow(), policy.flapMax());
        if (initial != null) {
            restore(initial, now);
        }
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Evaluates every rule that watches the observed endpoint, and the platform-wide ones. */
    public synchronized void evaluate(Observation o, Platform platform) {
        if (retired) {
            return;
        }
        Instant now = o.at();
        for (Rule rule : rules) {
            if (rule.condition() instanceof Condition.CompleteOutage) {
                // Nothing can start while some endpoint is up: skip the scan of every endpoint then.
                if (rule.endpoints().isEmpty() && phase(rule.name(), ALL) == RuleState.Phase.INACTIVE
                        && platform.failing() < platform.size()) {
                    continue;
                }
                step(rule, ALL, RuleEvaluator.evaluate(rule, o, platform), now, Map::of);
            } else if (rule.watches(o.endpoint())) {
                step(rule, o.endpoint(), RuleEvaluator.evaluate(rule, o, platform), now, o::figures);
            }
        }
    }

    /** @param figures the endpoint's window statistics, read only when the rule fires */
    private void step(Rule rule, String endpoint, Evaluation e, Instant now, Supplier<Map<String, Double>> figures) {
        Key key = new Key(rule.name(), endpoint);
        RuleState state = states.get(key);
        if (state == null) {
            state = track(key, new RuleState(rule.forDuration(), rule.keepFiringFor()));
        }
        switch (state.step(e, now)) {
            case FIRED -> {
                Tracked held = open.get(key);
                if (held != null) { // held firing by flap damping, and breaching again: still the same incident
                    open.put(key, held.clearSince(null));
                    persist();
                    return;
                }
                flaps.fired(key, now);
                Incident i = new Incident(Incident.idFor(rule.name(), endpoint, now), rule.name(), endpoint, url(endpoint),
                        rule.severity(), Incident.State.FIRING, now, null, e.value(), e.threshold(), e.text(),
                        router.route(rule), figures.get(), false);
                Tracked t = new Tracked(i, false, false, Map.of());
                if (silencer.silenced(i, now)) {
                    LOG.infof("incident %s fired while silenced: tracked, not notified", i.id());
                } else {
                    t = send(t, Notification.Kind.TRIGGER, i.channels(), now);
                }
                open.put(key, t);
                // Notifications are saved (by the delivery queue) before the incident: a crash in
                // between may repeat a notification after the restart, never lose one.
                persist();
            }
            case RESOLVED -> {
                Tracked t = open.get(key);
                if (t == null) {
                    return;
                }
                if (t.incident().flapping() || flaps.flapping(key, now)) {
                    if (!t.incident().flapping()) {
                        LOG.warnf("incident %s is flapping (fired %d times within %s): held firing, no new page until its"
                                + " rule has been clear for %s", t.incident().id(), flaps.fires(key, now),
                                Durations.format(policy.flapWindow()), Durations.format(policy.flapWindow()));
                    }
                    open.put(key, t.with(t.incident().heldFlapping()).clearSince(t.clearSince() == null ? now : t.clearSince()));
                } else {
                    open.remove(key);
                    resolve(t, now, e.value(), e.text());
                }
                persist();
            }
            default -> {
                Tracked t = open.get(key);
                // The API shows the latest value; the words are rebuilt only when it changed.
                if (t != null && !Double.isNaN(e.value()) && e.value() != t.incident().value()) {
                    open.put(key, t.with(t.incident().updated(e.value(), e.text())));
                }
            }
        }
    }

    /**
     * The housekeeping tick: triggers held back by a silence that has ended, reminders whose
     * interval passed (Alertmanager channels are refreshed every minute), escalations due.
     */
    public synchronized void tick(Instant now) {
        if (retired) {
            return;
        }
        boolean changed = false;
        for (var it = open.entrySet().iterator(); it.hasNext(); ) {
            Tracked held = it.next().getValue();
            if (held.clearSince() != null && flaps.calm(held.clearSince(), now)) {
                it.remove(); // flap damping over: clear for the whole window
                resolve(held, now, held.incident().value(), "clear for " + Durations.format(policy.flapWindow())
                        + " after flapping");
                LOG.infof("incident %s stopped flapping (clear for %s): resolved", held.incident().id(),
                        Durations.format(policy.flapWindow()));
                changed = true;
            }
        }
        for (Map.Entry<Key, Tracked> entry : open.entrySet()) {
            Tracked t = entry.getValue();
            Incident i = t.incident();
            if (silencer.silenced(i, now)) {
                continue;
            }
            if (!t.notified()) {
                t = send(t, Notification.Kind.TRIGGER, i.channels(), now);
                LOG.infof("incident %s is no longer silenced and still firing: notified now", i.id());
            } else {
                List<String> due = new ArrayList<>();
                for (String c : i.channels()) {
                    Duration every = router.refreshEvery(c).filter(r -> r.compareTo(repeat(i)) < 0).orElse(repeat(i));
                    Instant last = t.lastSent().getOrDefault(c, i.firedAt());
                    if (Duration.between(last, now).compareTo(every) >= 0) {
                        due.add(c);
                    }
                }
                if (!due.isEmpty()) {
                    t = send(t, Notification.Kind.REPEAT, due, now);
                }
            }
            if (!t.escalated() && policy.escalate().contains(i.severity())
                    && Duration.between(i.firedAt(), now).compareTo(policy.escalateAfter()) >= 0) {
                List<String> to = policy.escalationChannels().stream().map(router::deliverable).distinct().toList();
                t = send(t, Notification.Kind.ESCALATE, to, now);
                t = new Tracked(t.incident(), t.notified(), true, t.lastSent(), t.clearSince());
                LOG.warnf("incident %s still firing after %s: escalated to %s", i.id(),
                        Durations.format(policy.escalateAfter()), to);
            }
            if (t != entry.getValue()) {
                entry.setValue(t);
                changed = true;
            }
        }
        if (changed) {
            persist();
        }
    }

    private Duration repeat(Incident i) {
        return policy.repeat().getOrDefault(i.severity(), Duration.ofHours(1));
    }

    private Tracked send(Tracked t, Notification.Kind kind, List<String> channels, Instant now) {
        Map<String, Instant> last = new LinkedHashMap<>(t.lastSent());
        for (String channel : channels) {
            delivery.accept(new Notification(kind, t.incident(), channel, now));
            if (kind == Notification.Kind.TRIGGER || kind == Notification.Kind.REPEAT) {
                last.put(channel, now); // reminders count from the last message on the incident's own channels
            }
        }
        return new Tracked(t.incident(), true, t.escalated(), last, t.clearSince());
    }

    private String url(String endpoint) {
        return urls.getOrDefault(endpoint, "all endpoints");
    }

    /** Ends an incident: kept among the resolved, and its resolve sent wherever its trigger and escalation went. */
    private void resolve(Tracked t, Instant now, double value, String text) {
        Incident done = t.incident().resolved(now, value, text);
        resolved.addFirst(done);
        while (resolved.size() > KEEP_RESOLVED) {
            resolved.removeLast();
        }
        if (t.notified()) { // nobody heard of a trigger that a silence held back: nothing to resolve
            List<String> to = new ArrayList<>();
            done.channels().stream().map(router::deliverable).forEach(to::add);
            if (t.escalated()) {
                policy.escalationChannels().stream().map(router::deliverable).filter(c -> !to.contains(c)).forEach(to::add);
            }
            send(new Tracked(done, true, t.escalated(), t.lastSent()), Notification.Kind.RESOLVE, to.stream().distinct().toList(),
                    now);
        }
    }

    private void restore(Saved saved, Instant now) {
        String source = file == null ? "the saved incidents" : file.path().toString();
        for (Incident i : saved.resolved() == null ? List.<Incident>of() : saved.resolved()) {
            if (i != null && i.valid()) {
                resolved.add(i);
            }
        }
        int ended = 0;
        List<Tracked> carried = saved.open() == null ? List.of() : saved.open();
        for (int n = 0; n < carried.size(); n++) {
            Tracked t = carried.get(n);
            if (t == null || !t.valid()) {
                LOG.warnf("%s: open incident #%d is damaged (a field is missing): dropped", source, n + 1);
                continue;
            }
            Incident i = t.incident();
            Rule rule = rules.stream().filter(r -> r.name().equals(i.rule())).findFirst().orElse(null);
            if (rule == null || !(i.endpoint().equals(ALL) || urls.containsKey(i.endpoint()))) {
                LOG.warnf("incident %s was open, but its %s is no longer configured: resolved now, with notification", i.id(),
                        rule == null ? "rule " + i.rule() : "endpoint " + i.endpoint());
                resolve(t, now, i.value(), i.text() + " (no longer monitored: removed from the configuration)");
                ended++;
                continue;
            }
            Key key = new Key(i.rule(), i.endpoint());
            track(key, RuleState.firing(rule.forDuration(), rule.keepFiringFor(), i.firedAt()));
            open.put(key, t.clearSince(null)); // one held by flap damping must be seen clear again by this process
        }
        if (!open.isEmpty()) {
            LOG.infof("carried on %d open incident(s): each resolves, with notification, once its rule is clear", open.size());
        }
        if (ended > 0 || !open.isEmpty()) {
            persist(); // what the delivery journal recovered is in incidents.json from now on
        }
    }

    /**
     * Hands the open incidents to the engine of a new configuration: {@code successor} is built
     * from them while no result can change them, and from then on this engine ignores what it is
     * asked, so no incident is opened or ended twice. If building the successor fails, this engine
     * carries on as before.
     */
    public synchronized <T> T handOver(Function<Saved, T> successor) {
        T next = successor.apply(new Saved(List.copyOf(open.values()), List.copyOf(resolved)));
        retired = true;
        return next;
    }

    private void persist() {
        if (file == null) {
            return;
        }
        file.saveLater(new Saved(List.copyOf(open.values()), List.copyOf(resolved)));
    }

    private RuleState track(Key key, RuleState state) {
        states.put(key, state);
        statesByEndpoint.computeIfAbsent(key.endpoint(), k -> new ArrayList<>()).add(state);
        return state;
    }

    /** Whether any rule is pending or firing on this endpoint: the scheduler then hurries it. */
    public synchronized boolean active(String endpoint) {
        for (RuleState s : statesByEndpoint.getOrDefault(endpoint, List.of())) {
            if (s.phase() != RuleState.Phase.INACTIVE) {
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
        return open.values().stream().map(Tracked::incident).toList();
    }

    /** Open incidents with what was sent about them. */
    public synchronized List<Tracked> tracked() {
        return List.copyOf(open.values());
    }

    public boolean silenced(Incident i, Instant now) {
        return silencer.silenced(i, now);
    }

    /** The last {@value #KEEP_RESOLVED} resolved incidents, newest first. */
    public synchronized List<Incident> recentlyResolved() {
        return new ArrayList<>(resolved);
    }
}
