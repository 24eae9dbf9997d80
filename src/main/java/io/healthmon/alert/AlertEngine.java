package io.healthmon.alert;

import io.healthmon.config.Durations;
import io.healthmon.rule.Condition;
import io.healthmon.rule.Evaluation;
import io.healthmon.rule.Observation;
import io.healthmon.rule.Platform;
import io.healthmon.rule.Rule;
import io.healthmon.rule.RuleEvaluator;
import io.healthmon.rule.RuleState;
import io.healthmon.rule.Severity;
import io.healthmon.rule.Streak;
import io.healthmon.state.StateFile;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The incident lifecycle. Evaluates every rule watching an endpoint the moment that endpoint's
 * result lands and keeps one incident per rule and endpoint; what is sent about them is decided
 * per notification group ({@link Groups}): one message when a group starts firing, an update when
 * its severity rises, reminders per severity, one escalation, and one resolve when all of it has
 * resolved. A silenced or inhibited incident is tracked but not notified; still firing when the
 * silence or its inhibiting incident ends, it is notified then. An acknowledged incident is not
 * reminded or escalated (but by a step that ignores acknowledgement). Every incident's events go
 * to its timeline ({@link Timelines}). Open incidents, the resolved ones kept and groups are kept
 * on disk across restarts.
 */
public final class AlertEngine {

    /** Platform-wide rules (complete outage) are tracked under this endpoint name. */
    public static final String ALL = "*";
    /** Resolved incidents (and their timelines) are kept this long, and at most {@link #KEEP_RESOLVED} of them. */
    public static final Duration KEEP_RESOLVED_FOR = Duration.ofDays(90);
    static final int KEEP_RESOLVED = 1000;

    private static final Logger LOG = Logger.getLogger(AlertEngine.class);

    private record Key(String rule, String endpoint) {

        /**
         * The record's own hash (31 x rule + endpoint) collides across rules for endpoints named in
         * a series ("e0001", "e0002": hashes one apart), which turned the buckets of a map keyed by
         * rule and endpoint into trees at 4,000 endpoints (a mass outage opens that many incidents);
         * the golden-ratio multiplier spreads the rule's part.
         */
        @Override
        public int hashCode() {
            return rule.hashCode() * 0x9E3779B9 + endpoint.hashCode();
        }
    }

    /**
     * An open incident.
     *
     * @param clearSince for an incident held firing by flap damping: since when its rule has been
     *                   clear (null while it breaches); it resolves once clear for the flap window
     */
    @RegisterForReflection
    public record Tracked(Incident incident, Instant clearSince) {

        Tracked with(Incident i) {
            return new Tracked(i, clearSince);
        }

        Tracked clearSince(Instant since) {
            return new Tracked(incident, since);
        }

        /** An open incident as read back: firing and whole. */
        boolean valid() {
            return incident != null && incident.valid() && incident.state() == Incident.State.FIRING;
        }
    }

    /** What survives a restart: the open incidents and their groups (and the recently resolved, for the API). */
    @RegisterForReflection
    public record Saved(List<Tracked> open, List<Incident> resolved, List<GroupState> groups) {

        public Saved {
            groups = groups == null ? List.of() : groups;
        }
    }

    private final List<Rule> rules;
    private final Router router;
    private final Policy policy;
    private final Silencer silencer;
    /** Each endpoint's URL as shown to people, by name. */
    private final Map<String, String> urls;
    private final Consumer<Notification> delivery;
    private final StateFile<Saved> file;
    /** Each rule's position in {@link #rules}: an endpoint's states are kept in that order. */
    private final Map<String, Integer> ruleIndex = new HashMap<>();
    /**
     * Each endpoint's rule states by rule position (null: not evaluated yet), so that a result
     * looks its endpoint up once: a map of every rule on every endpoint, looked up once per rule,
     * missed the processor's cache on each lookup at thousands of endpoints.
     */
    private final Map<String, Seen> states = new HashMap<>();
    private final Map<Key, Tracked> open = new LinkedHashMap<>();
    /** The open incidents' keys by incident id. */
    private final Map<String, Key> ids = new LinkedHashMap<>();
    /** Open incidents not yet in their groups: silenced or inhibited so far (or fired in this pass). */
    private final Set<Key> waiting = new LinkedHashSet<>();
    /**
     * The open incidents that are the source of some inhibition rule. Labels never change while an
     * incident is open, so each is matched once when it opens: a mass outage of a thousand
     * endpoints must not rematch every open incident each time one more fires.
     */
    private final Set<Key> sources = new LinkedHashSet<>();
    private final Deque<Incident> resolved = new ArrayDeque<>();
    /** The groups each recently resolved incident was told in (by this process), for the API. */
    private final Map<String, List<String>> resolvedGroups = new LinkedHashMap<>();
    private final FlapDamper<Key> flaps;
    private final Groups groups;
    /** The incidents one evaluate() opened: reused, since evaluate() runs on every probe result. */
    private final List<Key> firedThisPass = new ArrayList<>(2);
    /**
     * The open incidents a silence or maintenance window holds now, as last seen by the housekeeping
     * tick: a silence made, or ending, during an incident is told in its timeline once.
     */
    private final Set<Key> silenced = new HashSet<>();
    /** Set once a newer engine took over (a reload). */
    private boolean retired;
    private final Timelines timelines;

    /** What the engine keeps of one endpoint: its rule states, and what its timelines need of its results. */
    private static final class Seen {
        /** By rule position; null: not evaluated yet. */
        final RuleState[] rules;
        /** The endpoint's state at its last result; null before the first seen by this engine. */
        Streak.State state;
        /** The first failed probe of the current run of failures; null while the last probe succeeded. */
        TimelineEntry runStart;

        Seen(int rules) {
            this.rules = new RuleState[rules];
        }
    }

    /** How {@link #acknowledge} went. */
    public enum AckResult { DONE, NOT_OPEN, UNKNOWN }

    /**
     * @param urls    each endpoint's URL as shown to people, by endpoint name
     * @param file    where open incidents are kept (null: nowhere)
     * @param initial the incidents and groups to carry on (from the file after a restart, from the
     *                previous engine after a reload): each incident is firing again without a new
     *                notification and resolves, with its group's resolve, once its rule is seen
     *                clear; one whose rule or endpoint is gone resolves at {@code now}
     */
    public AlertEngine(List<Rule> rules, Router router, Policy policy, Silencer silencer, Map<String, String> urls,
                       Consumer<Notification> delivery, StateFile<Saved> file, Saved initial, Instant now) {
        this(rules, router, policy, silencer, urls, delivery, file, initial, now, Timelines.inMemory());
    }

    /** @param timelines where each incident's events are recorded (outlives this engine: a reload hands it on) */
    public AlertEngine(List<Rule> rules, Router router, Policy policy, Silencer silencer, Map<String, String> urls,
                       Consumer<Notification> delivery, StateFile<Saved> file, Saved initial, Instant now,
                       Timelines timelines) {
        this.rules = List.copyOf(rules);
        for (int r = 0; r < this.rules.size(); r++) {
            ruleIndex.put(this.rules.get(r).name(), r);
        }
        this.router = router;
        this.policy = policy;
        this.silencer = silencer;
        this.timelines = timelines;
        this.delivery = n -> {
            told(n);
            delivery.accept(n);
        };
        this.file = file;
        this.urls = Map.copyOf(urls);
        this.flaps = new FlapDamper<>(policy.flapWindow(), policy.flapMax());
        this.groups = new Groups(policy.groupBy(), policy.groupWait(), this::every);
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
        boolean changed = false;
        List<Key> fired = firedThisPass;
        fired.clear();
        Seen seen = seenOf(o.endpoint());
        watch(seen, o);
        RuleState[] mine = seen.rules;
        for (int r = 0; r < rules.size(); r++) {
            Rule rule = rules.get(r);
            if (rule.condition() instanceof Condition.CompleteOutage) {
                // Nothing can start while some endpoint is up: skip the scan of every endpoint then.
                if (rule.endpoints().isEmpty() && phase(rule.name(), ALL) == RuleState.Phase.INACTIVE
                        && platform.failing() < platform.size()) {
                    continue;
                }
                changed |= step(rule, ALL, stateOf(statesOf(ALL), r), RuleEvaluator.evaluate(rule, o, platform), o, seen,
                        fired);
            } else if (rule.watches(o.endpoint())) {
                changed |= step(rule, o.endpoint(), stateOf(mine, r), RuleEvaluator.evaluate(rule, o, platform), o, seen,
                        fired);
            }
        }
        if (changed) {
            // Every rule of this result has had its say before a group is told: the first message
            // lists everything that fired at once, and an inhibiting incident is seen first.
            Mutes mutes = new Mutes(now);
            for (Key k : fired) {
                route(k, now, mutes);
            }
            groups.flush(now, false, this::firing, (i, channel) -> quiet(mutes, i, channel), delivery);
            // Notifications are saved (by the delivery queue) before the incidents: a crash in
            // between may repeat a notification after the restart, never lose one.
            persist();
        }
    }

    /**
     * Keeps what the timelines need of a result: the first failed probe of a run (the evidence an
     * incident opens with), and the endpoint's state, recorded in its open incidents when it changes.
     */
    private void watch(Seen seen, Observation o) {
        Streak s = o.streak();
        if (s == null) {
            return;
        }
        if (s.lastFailed()) {
            if (seen.runStart == null || s.consecutiveFailures() == 1) {
                seen.runStart = probe(TimelineEntry.Kind.FIRST_FAILURE, s, o.at());
            }
        } else {
            seen.runStart = null;
        }
        if (s.state() != seen.state) {
            Streak.State was = seen.state;
            seen.state = s.state();
            if (was != null && !open.isEmpty()) {
                String text = o.endpoint() + " is " + word(s.state()) + " (was " + word(was) + ")";
                for (Rule rule : rules) {
                    Tracked t = open.get(new Key(rule.name(), rule.condition() instanceof Condition.CompleteOutage ? ALL
                            : o.endpoint()));
                    if (t != null) {
                        timelines.record(t.incident().id(), new TimelineEntry(o.at(), TimelineEntry.Kind.ENDPOINT_STATE, null,
                                text, Map.of("endpoint", o.endpoint(), "state", word(s.state()))));
                    }
                }
            }
        }
    }

    private static String word(Streak.State s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    /** The latest probe of a streak as timeline evidence: outcome, latency, HTTP status, message. */
    private static TimelineEntry probe(TimelineEntry.Kind kind, Streak s, Instant fallback) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("outcome", String.valueOf(s.lastOutcome()));
        StringBuilder text = new StringBuilder(kind == TimelineEntry.Kind.FIRST_FAILURE ? "first failed probe: " : "probe: ")
                .append(s.lastOutcome());
        if (s.lastStatus() != 0) {
            d.put("http_status", Integer.toString(s.lastStatus()));
            text.append(", HTTP ").append(s.lastStatus());
        }
        if (Double.isFinite(s.lastLatencySeconds())) {
            d.put("latency_seconds", String.format(Locale.ROOT, "%.3f", s.lastLatencySeconds()));
            text.append(String.format(Locale.ROOT, " in %.0f ms", s.lastLatencySeconds() * 1000));
        }
        if (s.lastMessage() != null && !s.lastMessage().isBlank()) {
            d.put("message", s.lastMessage());
            text.append(": ").append(s.lastMessage());
        }
        return new TimelineEntry(s.lastAt() == null ? fallback : s.lastAt(), kind, null, text.toString(), d);
    }

    /**
     * @return whether an incident opened, ended or changed state
     */
    private boolean step(Rule rule, String endpoint, RuleState state, Evaluation e, Observation o, Seen seen,
                         List<Key> fired) {
        Instant now = o.at();
        Key key = new Key(rule.name(), endpoint);
        switch (state.step(e, now)) {
            case FIRED -> {
                Tracked held = open.get(key);
                if (held != null) { // held firing by flap damping, and breaching again: still the same incident
                    open.put(key, held.clearSince(null));
                    return true;
                }
                flaps.fired(key, now);
                String text = e.text();
                Incident i = new Incident(Incident.idFor(rule.name(), endpoint, now), rule.name(), endpoint, url(endpoint),
                        rule.severity(), Incident.State.FIRING, now, null, e.value(), e.threshold(), text,
                        router.route(rule), endpoint.equals(ALL) ? Map.of() : o.figures(), false, rule.labels(), e.value(), text);
                put(key, new Tracked(i, null));
                opened(i, state, o, seen);
                waiting.add(key);
                fired.add(key);
                return true;
            }
            case RESOLVED -> {
                Tracked t = open.get(key);
                if (t == null) {
                    return false;
                }
                if (t.incident().flapping() || flaps.flapping(key, now)) {
                    if (!t.incident().flapping()) {
                        timelines.record(t.incident().id(), new TimelineEntry(now, TimelineEntry.Kind.FLAPPING,
                                "fired " + flaps.fires(key, now) + " times within " + Durations.format(policy.flapWindow())
                                        + ": held firing until clear for " + Durations.format(policy.flapWindow())));
                        LOG.warnf("incident %s is flapping (fired %d times within %s): held firing, no new page until its"
                                + " rule has been clear for %s", t.incident().id(), flaps.fires(key, now),
                                Durations.format(policy.flapWindow()), Durations.format(policy.flapWindow()));
                    }
                    open.put(key, t.with(t.incident().heldFlapping()).clearSince(t.clearSince() == null ? now : t.clearSince()));
                } else {
                    resolve(key, now, e.value(), e.recoveryText());
                }
                return true;
            }
            default -> {
                Tracked t = open.get(key);
                // The API shows the latest value; the words are rebuilt only when it changed.
                if (t != null && !Double.isNaN(e.value()) && e.value() != t.incident().value()) {
                    open.put(key, t.with(t.incident().updated(e.value(), state.clearing() ? e.recoveryText() : e.text())));
                }
                return false;
            }
        }
    }

    /** An incident's first entries: the evidence, how long its rule was pending, and its firing. */
    private void opened(Incident i, RuleState state, Observation o, Seen seen) {
        Streak s = o.streak();
        if (s != null && s.lastAt() != null) {
            timelines.record(i.id(), s.lastFailed() && seen.runStart != null ? seen.runStart
                    : probe(TimelineEntry.Kind.EVIDENCE, s, o.at()));
        }
        Instant pending = state.pendingSince();
        if (pending != null && pending.isBefore(i.firedAt())) {
            timelines.record(i.id(), new TimelineEntry(pending, TimelineEntry.Kind.PENDING,
                    "rule breached: pending for " + Durations.words(Duration.between(pending, i.firedAt())) + " before firing"));
        }
        Map<String, String> d = new LinkedHashMap<>();
        d.put("severity", i.severity().name());
        if (Double.isFinite(i.value())) {
            d.put("value", Double.toString(i.value()));
        }
        if (Double.isFinite(i.threshold())) {
            d.put("threshold", Double.toString(i.threshold()));
        }
        d.put("channels", String.join(",", i.channels()));
        timelines.record(i.id(), new TimelineEntry(i.firedAt(), TimelineEntry.Kind.FIRING, null,
                i.severity() + " " + i.rule() + ": " + i.text(), d));
    }

    /** Records a notification in the timeline of each incident it is about, as it is handed to delivery. */
    private void told(Notification n) {
        String kind = n.kind().name().toLowerCase(Locale.ROOT);
        boolean reminder = n.kind() == Notification.Kind.REPEAT;
        TimelineEntry e = new TimelineEntry(n.createdAt(), reminder ? TimelineEntry.Kind.REMINDER
                : TimelineEntry.Kind.NOTIFICATION_QUEUED, n.channel(), (reminder ? "still firing: reminder" : n.kind().label())
                + " to " + n.channel(), Map.of("notification", kind, "group", n.group().id()));
        for (Incident i : n.incidents()) {
            timelines.record(i.id(), e);
        }
    }

    /**
     * Whether a group's reminder may leave this incident out: silenced or inhibited, or acknowledged
     * (except on a channel that must be refreshed, an Alertmanager, which would otherwise let it expire).
     */
    private boolean quiet(Mutes mutes, Incident i, String channel) {
        return mutes.muted(i) || i.acknowledged() != null && router.refreshEvery(channel).isEmpty();
    }

    /**
     * The housekeeping tick: incidents whose silence or inhibiting incident ended, groups whose
     * wait is over, reminders whose interval passed (Alertmanager channels are refreshed every
     * minute), escalations due, flapping incidents calm again.
     */
    public synchronized void tick(Instant now) {
        if (retired) {
            return;
        }
        boolean changed = false;
        for (Tracked held : List.copyOf(open.values())) {
            if (held.clearSince() != null && flaps.calm(held.clearSince(), now)) {
                // flap damping over: clear for the whole window
                resolve(new Key(held.incident().rule(), held.incident().endpoint()), now, held.incident().value(),
                        "clear for " + Durations.format(policy.flapWindow()) + " after flapping");
                LOG.infof("incident %s stopped flapping (clear for %s): resolved", held.incident().id(),
                        Durations.format(policy.flapWindow()));
                changed = true;
            }
        }
        Mutes mutes = new Mutes(now);
        for (Key k : List.copyOf(waiting)) {
            changed |= route(k, now, mutes);
        }
        for (Tracked t : open.values()) {
            Incident i = t.incident();
            for (EscalationStep step : policy.escalation()) {
                if (!step.due(i, now) || i.acknowledged() != null && !step.ignoreAck()
                        || waiting.contains(new Key(i.rule(), i.endpoint())) || mutes.muted(i)) {
                    continue;
                }
                for (String c : deliverable(step.channels())) {
                    // a channel already telling this incident (its route or an earlier step) is not told again
                    if (!groups.member(i, c, true) && !groups.member(i, c, false)) {
                        groups.join(i, c, true, now);
                        timelines.record(i.id(), new TimelineEntry(now, TimelineEntry.Kind.ESCALATED, c,
                                "still firing after " + Durations.format(step.after()) + ": escalated to " + c + " (step "
                                        + step.name() + ")", Map.of("step", step.name())));
                        LOG.warnf("incident %s still firing after %s: escalated to %s (step %s)", i.id(),
                                Durations.format(step.after()), c, step.name());
                        changed = true;
                    }
                }
            }
        }
        changed |= groups.flush(now, true, this::firing, (i, channel) -> quiet(mutes, i, channel), delivery);
        watchSilences(now);
        changed |= expire(now);
        if (changed) {
            persist();
        }
    }

    /**
     * After a restart (not a reload): each incident carried on says so in its timeline, so that a
     * post-mortem knows healthmon was not watching for a while.
     */
    public synchronized void restarted(Instant now) {
        for (Tracked t : open.values()) {
            timelines.record(t.incident().id(), new TimelineEntry(now, TimelineEntry.Kind.RESTARTED,
                    "healthmon started again with this incident open and carried it on; results from while it was"
                            + " stopped are missing"));
        }
    }

    /**
     * Records in the timeline each open incident a silence or maintenance window starts or stops
     * holding. Skipped while nothing can silence (the usual case: no scan of every open incident).
     */
    private void watchSilences(Instant now) {
        if (silenced.isEmpty() && !silencer.active(now)) {
            return;
        }
        for (Map.Entry<Key, Tracked> e : open.entrySet()) {
            boolean held = silencer.silenced(e.getValue().incident(), now);
            if (held && silenced.add(e.getKey())) {
                timelines.record(e.getValue().incident().id(), new TimelineEntry(now, TimelineEntry.Kind.MUTED,
                        "silenced (a silence or maintenance window): reminders and escalation held back"));
            } else if (!held && silenced.remove(e.getKey())) {
                timelines.record(e.getValue().incident().id(), new TimelineEntry(now, TimelineEntry.Kind.UNMUTED,
                        "no longer silenced: reminders and escalation resume"));
            }
        }
        silenced.retainAll(open.keySet());
    }

    /** Forgets the resolved incidents older than {@link #KEEP_RESOLVED_FOR}, and their timelines. */
    private boolean expire(Instant now) {
        Instant cutoff = now.minus(KEEP_RESOLVED_FOR);
        boolean changed = false;
        while (!resolved.isEmpty() && resolved.peekLast().resolvedAt().isBefore(cutoff)) {
            forgetOldest();
            changed = true;
        }
        return changed;
    }

    private void forgetOldest() {
        Incident gone = resolved.removeLast();
        resolvedGroups.remove(gone.id());
        timelines.forget(gone.id());
    }

    /**
     * Acknowledges an open incident: recorded in its timeline, told on every channel its groups
     * were told on, and from then on its reminders and the escalation steps that respect
     * acknowledgement stop.
     */
    public synchronized AckResult acknowledge(String id, String by, String comment, Instant now) {
        return setAcknowledgement(id, new Acknowledgement(by, comment, now), by, now);
    }

    /** Withdraws an open incident's acknowledgement ({@code by}: who, for the timeline): reminders and escalation resume. */
    public synchronized AckResult unacknowledge(String id, String by, Instant now) {
        return setAcknowledgement(id, null, by == null || by.isBlank() ? "unknown" : by, now);
    }

    private AckResult setAcknowledgement(String id, Acknowledgement ack, String by, Instant now) {
        Key key = ids.get(id);
        if (key == null) {
            return resolved.stream().anyMatch(i -> i.id().equals(id)) ? AckResult.NOT_OPEN : AckResult.UNKNOWN;
        }
        Tracked t = open.get(key);
        Incident before = t.incident();
        Incident after = before.acknowledgedBy(ack);
        open.put(key, t.with(after));
        groups.update(after);
        Map<String, String> d = new LinkedHashMap<>();
        if (ack != null) {
            d.put("by", ack.by());
            if (!ack.comment().isEmpty()) {
                d.put("comment", ack.comment());
            }
            timelines.record(id, new TimelineEntry(now, TimelineEntry.Kind.ACKNOWLEDGED, null, "acknowledged by " + ack.by()
                    + (ack.comment().isEmpty() ? "" : ": " + ack.comment()), d));
        } else {
            d.put("by", by);
            timelines.record(id, new TimelineEntry(now, TimelineEntry.Kind.UNACKNOWLEDGED, null,
                    "acknowledgement withdrawn" + (before.acknowledged() == null ? " (there was none)" : " (was "
                            + before.acknowledged().by() + ")") + ": reminders and escalation resume", d));
        }
        Notification.Kind kind = ack == null ? Notification.Kind.UNACKNOWLEDGE : Notification.Kind.ACKNOWLEDGE;
        for (GroupState g : groups.of(id)) {
            if (g.sent()) {
                delivery.accept(new Notification(kind, g.group(), List.of(after), g.channel(), now));
            }
        }
        persist();
        return AckResult.DONE;
    }

    /**
     * Puts a waiting incident into its group on each of its channels, unless it is muted.
     *
     * @return whether it joined
     */
    private boolean route(Key key, Instant now, Mutes mutes) {
        Tracked t = open.get(key);
        if (t == null) {
            waiting.remove(key);
            return false;
        }
        Incident i = t.incident();
        if (mutes.muted(i)) {
            return false;
        }
        for (String c : i.channels()) {
            groups.join(i, c, false, now);
        }
        waiting.remove(key);
        if (!i.firedAt().equals(now)) {
            silenced.remove(key);
            timelines.record(i.id(), new TimelineEntry(now, TimelineEntry.Kind.UNMUTED,
                    "no longer silenced or inhibited and still firing: notified now"));
            LOG.infof("incident %s is no longer silenced or inhibited and still firing: notified now", i.id());
        }
        return true;
    }

    /** Silences, maintenance and inhibition at one instant; the inhibiting incidents found once. */
    private final class Mutes {
        private final Instant now;
        private List<Incident> firingSources;
        private final Set<String> reported = new LinkedHashSet<>();

        Mutes(Instant now) {
            this.now = now;
        }

        boolean muted(Incident i) {
            if (silencer.silenced(i, now)) {
                if (i.firedAt().equals(now)) {
                    silenced.add(new Key(i.rule(), i.endpoint())); // its muted entry says so already
                }
                report(i, "silenced");
                return true;
            }
            Incident by = inhibitor(i);
            if (by != null) {
                report(i, "inhibited by " + by.id());
                return true;
            }
            return false;
        }

        Incident inhibitor(Incident i) {
            if (policy.inhibitions().isEmpty()) {
                return null;
            }
            if (firingSources == null) {
                firingSources = AlertEngine.this.sources.stream().map(k -> open.get(k).incident()).toList();
            }
            return firingSources.isEmpty() ? null : Inhibition.inhibitor(i, firingSources, policy.inhibitions());
        }

        private void report(Incident i, String why) {
            if (i.firedAt().equals(now) && reported.add(i.id())) {
                timelines.record(i.id(), new TimelineEntry(now, TimelineEntry.Kind.MUTED, "fired while " + why
                        + ": tracked, not notified"));
                LOG.infof("incident %s fired while %s: tracked, not notified", i.id(), why);
            }
        }
    }

    private Duration every(String channel, Severity severity) {
        Duration repeat = policy.repeat().getOrDefault(severity, Duration.ofHours(1));
        return router.refreshEvery(channel).filter(r -> r.compareTo(repeat) < 0).orElse(repeat);
    }

    private List<String> deliverable(List<String> channels) {
        return channels.stream().map(router::deliverable).distinct().toList();
    }

    private Incident firing(String id) {
        Key k = ids.get(id);
        return k == null ? null : open.get(k).incident();
    }

    private void put(Key key, Tracked t) {
        open.put(key, t);
        ids.put(t.incident().id(), key);
        if (policy.inhibitions().stream().anyMatch(r -> r.isSource(t.incident()))) {
            sources.add(key);
        }
    }

    private String url(String endpoint) {
        return urls.getOrDefault(endpoint, "all endpoints");
    }

    /** Ends an incident: kept among the resolved; its groups say RESOLVED once nothing else in them fires. */
    private void resolve(Key key, Instant now, double value, String recovery) {
        Tracked t = open.remove(key);
        waiting.remove(key);
        sources.remove(key);
        ids.remove(t.incident().id());
        Incident done = t.incident().resolved(now, value, recovery);
        timelines.record(done.id(), new TimelineEntry(now, TimelineEntry.Kind.RESOLVED, null, "resolved after "
                + Durations.words(Duration.between(done.firedAt(), now)) + ": " + recovery,
                Double.isFinite(value) ? Map.of("value", Double.toString(value)) : Map.of()));
        resolved.addFirst(done);
        resolvedGroups.put(done.id(), groupIds(groups.of(done.id())));
        while (resolved.size() > KEEP_RESOLVED) {
            forgetOldest();
        }
        groups.update(done);
    }

    private void restore(Saved saved, Instant now) {
        String source = file == null ? "the saved incidents" : file.path().toString();
        for (Incident i : saved.resolved() == null ? List.<Incident>of() : saved.resolved()) {
            if (i != null && i.valid()) {
                resolved.add(i);
            }
        }
        for (GroupState g : saved.groups()) {
            if (g == null || !g.valid()) {
                LOG.warnf("%s: a notification group is damaged (a field is missing): dropped", source);
                continue;
            }
            groups.restore(g);
        }
        List<Tracked> carried = saved.open() == null ? List.of() : saved.open();
        List<Key> gone = new ArrayList<>();
        for (int n = 0; n < carried.size(); n++) {
            Tracked t = carried.get(n);
            if (t == null || !t.valid()) {
                LOG.warnf("%s: open incident #%d is damaged (a field is missing): dropped", source, n + 1);
                continue;
            }
            Incident i = t.incident();
            Key key = new Key(i.rule(), i.endpoint());
            put(key, t.clearSince(null)); // one held by flap damping must be seen clear again by this process
            Rule rule = rules.stream().filter(r -> r.name().equals(i.rule())).findFirst().orElse(null);
            if (rule == null || !(i.endpoint().equals(ALL) || urls.containsKey(i.endpoint()))) {
                LOG.warnf("incident %s was open, but its %s is no longer configured: resolved now, with notification", i.id(),
                        rule == null ? "rule " + i.rule() : "endpoint " + i.endpoint());
                gone.add(key);
                continue;
            }
            statesOf(i.endpoint())[ruleIndex.get(rule.name())] = RuleState.firing(rule.forDuration(), rule.keepFiringFor(),
                    i.firedAt());
            if (groups.of(i.id()).isEmpty()) {
                waiting.add(key); // held back by a silence or inhibition before: told once it no longer is
            }
        }
        for (Key key : gone) {
            Incident i = open.get(key).incident();
            resolve(key, now, i.value(), i.text() + " (no longer monitored: removed from the configuration)");
        }
        if (!open.isEmpty()) {
            LOG.infof("carried on %d open incident(s): each resolves, with notification, once its rule is clear", open.size());
        }
        Set<String> kept = new HashSet<>(ids.keySet());
        resolved.forEach(i -> kept.add(i.id()));
        timelines.retain(kept);
        boolean changed = groups.flush(now, false, this::firing, (i, channel) -> false, delivery);
        if (changed || !gone.isEmpty() || !open.isEmpty()) {
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
        T next = successor.apply(saved());
        retired = true;
        return next;
    }

    private void persist() {
        if (file == null) {
            return;
        }
        file.saveLater(saved());
    }

    private Saved saved() {
        return new Saved(List.copyOf(open.values()), List.copyOf(resolved), groups.all());
    }

    /** What is kept of an endpoint, made on its first result. */
    private Seen seenOf(String endpoint) {
        return states.computeIfAbsent(endpoint, e -> new Seen(rules.size()));
    }

    /** The endpoint's rule states by rule position, made on its first result. */
    private RuleState[] statesOf(String endpoint) {
        return seenOf(endpoint).rules;
    }

    /** Rule {@code r}'s state among an endpoint's {@code own}, made inactive on first use. */
    private RuleState stateOf(RuleState[] own, int r) {
        if (own[r] == null) {
            Rule rule = rules.get(r);
            own[r] = new RuleState(rule.forDuration(), rule.keepFiringFor());
        }
        return own[r];
    }

    /** Whether any rule is pending or firing on this endpoint: the scheduler then hurries it. */
    public synchronized boolean active(String endpoint) {
        Seen mine = states.get(endpoint);
        if (mine != null) {
            for (RuleState s : mine.rules) {
                if (s != null && s.phase() != RuleState.Phase.INACTIVE) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The phase of one rule on one endpoint (INACTIVE when never evaluated). */
    public synchronized RuleState.Phase phase(String rule, String endpoint) {
        Seen mine = states.get(endpoint);
        Integer r = ruleIndex.get(rule);
        return mine == null || r == null || mine.rules[r] == null ? RuleState.Phase.INACTIVE : mine.rules[r].phase();
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

    /** The open incident that inhibits this one now, or null. */
    public synchronized Incident inhibitedBy(Incident i) {
        return new Mutes(Instant.EPOCH).inhibitor(i);
    }

    /**
     * Where an incident stands among the groups.
     *
     * @param groups    the ids of the groups it is (or, recently resolved, was) in
     * @param notified  whether a message about it went out (in one of its groups)
     * @param escalated whether one of its groups on an escalation channel was told
     */
    public record Membership(List<String> groups, boolean notified, boolean escalated) {
        static final Membership NONE = new Membership(List.of(), false, false);
    }

    /** Every incident's {@link Membership}, by incident id, read in one pass over the groups. */
    public synchronized Map<String, Membership> memberships() {
        Map<String, Membership> out = new HashMap<>();
        groups.byIncident().forEach((id, in) -> out.put(id, new Membership(
                groupIds(in), in.stream().anyMatch(GroupState::sent),
                in.stream().anyMatch(g -> g.escalation() && g.sent()))));
        resolvedGroups.forEach((id, in) -> out.put(id, new Membership(in, false, false)));
        return out;
    }

    /** The ids of {@code in}, once each (a group is kept once per channel it tells, under one id). */
    private static List<String> groupIds(List<GroupState> in) {
        return in.stream().map(g -> g.group().id()).distinct().toList();
    }

    /** An incident's membership in {@code memberships} (none when it is in no group). */
    public static Membership membership(Map<String, Membership> memberships, String incidentId) {
        return memberships.getOrDefault(incidentId, Membership.NONE);
    }

    /** The notification groups, open or waiting for their first message. */
    public synchronized List<GroupState> groups() {
        return groups.all();
    }

    /** An open or kept resolved incident by id. */
    public synchronized Optional<Incident> incident(String id) {
        Key k = ids.get(id);
        if (k != null) {
            return Optional.of(open.get(k).incident());
        }
        return resolved.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    /** One incident's timeline, in time order. */
    public List<TimelineEntry> timeline(String incidentId) {
        return timelines.of(incidentId);
    }

    /** The resolved incidents kept ({@link #KEEP_RESOLVED_FOR}, at most {@value #KEEP_RESOLVED}), newest first. */
    public synchronized List<Incident> recentlyResolved() {
        return new ArrayList<>(resolved);
    }
}
