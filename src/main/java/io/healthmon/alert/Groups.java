package io.healthmon.alert;

import io.healthmon.rule.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Notification groups (Alertmanager's grouping): on each channel, the incidents with the same
 * grouping labels are told together. A group says FIRING once when it starts (after the group
 * wait: every incident firing by then), again only when its severity rises, REMINDER at its
 * severity's interval, and RESOLVED once every incident in it has resolved; an incident joining
 * or leaving without raising the severity is listed in the next message, not sent on its own.
 * Pure: the caller passes the time and says which incidents are firing and which are muted.
 *
 * <p>Not thread-safe: the alert engine synchronises.
 */
final class Groups {

    /** A group's place: the channel, the grouping key, and whether it is the escalation's. */
    record Id(String channel, String key, boolean escalation) {

        static Id of(GroupState g) {
            return new Id(g.channel(), g.group().key(), g.escalation());
        }
    }

    /** Most severe first, then the earliest, then by name: the order every message lists incidents in. */
    static final Comparator<Incident> ORDER = Comparator.comparing(Incident::severity).thenComparing(Incident::firedAt)
            .thenComparing(Incident::rule).thenComparing(Incident::endpoint);

    private final List<String> by;
    private final Duration groupWait;
    private final BiFunction<String, Severity, Duration> every;
    private final Map<Id, GroupState> groups = new LinkedHashMap<>();
    private final Set<Id> dirty = new LinkedHashSet<>();

    /**
     * @param by        the grouping labels (e.g. [endpoint]); empty: one group per channel
     * @param groupWait how long a new group waits for more incidents before its first message
     * @param every     the reminder interval on a channel for a group of a severity
     */
    Groups(List<String> by, Duration groupWait, BiFunction<String, Severity, Duration> every) {
        this.by = List.copyOf(by);
        this.groupWait = groupWait;
        this.every = every;
    }

    /** Carries on a group from before a restart or reload. */
    void restore(GroupState g) {
        groups.put(Id.of(g), g);
        dirty.add(Id.of(g));
    }

    boolean member(Incident i, String channel, boolean escalation) {
        GroupState g = groups.get(new Id(channel, Group.key(by, i), escalation));
        return g != null && g.has(i.id());
    }

    /** Puts a firing incident into its group on a channel, starting the group if none is open. */
    void join(Incident i, String channel, boolean escalation, Instant now) {
        Id id = new Id(channel, Group.key(by, i), escalation);
        GroupState g = groups.get(id);
        if (g == null) {
            g = new GroupState(Group.of(by, i, now), channel, escalation, List.of(i), null, now.plus(groupWait), null);
        } else if (!g.has(i.id())) {
            g = g.joined(i);
        } else {
            return;
        }
        groups.put(id, g);
        dirty.add(id);
    }

    /** An incident changed (resolved, say): every group holding it keeps its latest state. */
    void update(Incident i) {
        for (Map.Entry<Id, GroupState> e : groups.entrySet()) {
            GroupState next = e.getValue().replaced(i);
            if (next != e.getValue()) {
                e.setValue(next);
                dirty.add(e.getKey());
            }
        }
    }

    /**
     * Sends what is due: the first message of a group whose wait is over, an update when its
     * severity rose, its resolve once nothing in it fires; on the housekeeping tick (every group
     * looked at) also reminders.
     *
     * @param firing an open incident by id, as it is now; null once it is not open
     * @param quiet  whether an incident may go unreminded on a channel now (silenced, inhibited,
     *               acknowledged): a group of nothing but quiet incidents is not reminded
     * @return whether any group changed (to be saved)
     */
    boolean flush(Instant now, boolean tick, Function<String, Incident> firing, BiPredicate<Incident, String> quiet,
                  Consumer<Notification> out) {
        Set<Id> look = tick ? new LinkedHashSet<>(groups.keySet()) : new LinkedHashSet<>(dirty);
        dirty.clear();
        boolean changed = false;
        for (Id id : look) {
            GroupState g = groups.get(id);
            if (g == null) {
                continue;
            }
            List<Incident> live = new ArrayList<>();
            for (Incident m : g.members()) {
                Incident current = firing.apply(m.id());
                if (current != null) {
                    live.add(current);
                }
            }
            live.sort(ORDER);
            if (live.isEmpty()) {
                groups.remove(id);
                changed = true;
                if (g.sent()) {
                    List<Incident> all = new ArrayList<>(g.members());
                    all.sort(ORDER);
                    out.accept(new Notification(Notification.Kind.RESOLVE, g.group(), all, g.channel(), now));
                }
                continue;
            }
            Severity top = live.get(0).severity();
            Notification.Kind kind = null;
            if (!g.sent()) {
                if (!now.isBefore(g.sendAt())) {
                    kind = g.escalation() ? Notification.Kind.ESCALATE : Notification.Kind.TRIGGER;
                }
            } else if (!g.escalation()) {
                if (top.compareTo(g.notified()) < 0) {
                    kind = Notification.Kind.TRIGGER; // the severity rose: one update
                } else if (tick && !Duration.between(g.lastSent(), now).minus(every.apply(g.channel(), top)).isNegative()
                        && live.stream().anyMatch(i -> !quiet.test(i, g.channel()))) {
                    kind = Notification.Kind.REPEAT;
                }
            }
            if (kind != null) {
                out.accept(new Notification(kind, g.group(), live, g.channel(), now));
                Severity notified = g.sent() && g.notified().compareTo(top) < 0 ? g.notified() : top;
                groups.put(id, g.told(notified, now));
                changed = true;
            }
        }
        return changed;
    }

    List<GroupState> all() {
        return List.copyOf(groups.values());
    }

    /** Every incident's groups, in one pass (an API answer would otherwise scan every group per incident). */
    Map<String, List<GroupState>> byIncident() {
        Map<String, List<GroupState>> by = new HashMap<>();
        for (GroupState g : groups.values()) {
            for (Incident m : g.members()) {
                by.computeIfAbsent(m.id(), id -> new ArrayList<>(2)).add(g);
            }
        }
        return by;
    }

    /** The groups an incident is in. */
    List<GroupState> of(String incidentId) {
        return groups.values().stream().filter(g -> g.has(incidentId)).toList();
    }
}
