package io.healthmon.alert;

import io.healthmon.rule.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Brings the saved incidents and groups up to date with the delivery journal after a crash. The
 * journal is written (and fsynced) before any notification is sent and before incidents.json, and
 * each notification carries its group and incidents, so it is the write-ahead log: a trigger
 * journaled for an incident or group the file does not know means the process died between the
 * two writes, and they are open (and told); a journaled resolve means they are over. Without this,
 * a kill in that gap would page again for the same outage and leave the first page without its
 * resolve. A pure function.
 */
public final class JournalRecovery {

    private JournalRecovery() {
    }

    /**
     * @param saved     what incidents.json held (null: nothing)
     * @param journaled the pending notifications, in the order they were made
     * @param report    told one line per incident or group the journal changed
     */
    public static AlertEngine.Saved recover(AlertEngine.Saved saved, List<Notification> journaled, Consumer<String> report) {
        Map<String, AlertEngine.Tracked> open = new LinkedHashMap<>();
        List<AlertEngine.Tracked> damaged = new ArrayList<>(); // kept as they were: the engine reports them
        List<Incident> resolved = new ArrayList<>();
        Map<Groups.Id, GroupState> groups = new LinkedHashMap<>();
        List<GroupState> damagedGroups = new ArrayList<>();
        if (saved != null) {
            for (AlertEngine.Tracked t : saved.open() == null ? List.<AlertEngine.Tracked>of() : saved.open()) {
                if (t != null && t.incident() != null && t.incident().id() != null) {
                    open.put(t.incident().id(), t);
                } else {
                    damaged.add(t);
                }
            }
            if (saved.resolved() != null) {
                resolved.addAll(saved.resolved());
            }
            for (GroupState g : saved.groups()) {
                if (g != null && g.valid()) {
                    groups.put(Groups.Id.of(g), g);
                } else {
                    damagedGroups.add(g);
                }
            }
        }
        Set<String> ended = resolved.stream().filter(i -> i != null && i.id() != null).map(Incident::id)
                .collect(Collectors.toSet());
        boolean changed = false;
        for (Notification n : journaled) {
            switch (n.kind()) {
                case TRIGGER, REPEAT, ESCALATE -> {
                    List<Incident> firing = new ArrayList<>();
                    for (Incident i : n.incidents()) {
                        if (ended.contains(i.id()) || i.state() != Incident.State.FIRING) {
                            continue;
                        }
                        firing.add(i);
                        if (!open.containsKey(i.id())) {
                            open.put(i.id(), new AlertEngine.Tracked(i, null));
                            report.accept("incident " + i.id() + " was journaled with its " + n.kind().label()
                                    + " notification but not saved before the process stopped: open again");
                            changed = true;
                        }
                    }
                    if (firing.isEmpty()) {
                        continue;
                    }
                    Groups.Id id = new Groups.Id(n.channel(), n.group().key(), n.kind() == Notification.Kind.ESCALATE);
                    GroupState g = groups.get(id);
                    Severity top = firing.stream().map(Incident::severity).min(Severity::compareTo).orElseThrow();
                    GroupState next;
                    if (g == null || !g.group().id().equals(n.group().id())) {
                        next = new GroupState(n.group(), n.channel(), id.escalation(), firing, top, n.createdAt(), n.createdAt());
                        report.accept("group " + n.group().id() + " on " + n.channel() + " was journaled with its "
                                + n.kind().label() + " notification but not saved before the process stopped: open again");
                    } else {
                        next = g;
                        for (Incident i : firing) {
                            next = next.has(i.id()) ? next : next.joined(i);
                        }
                        Severity notified = next.notified() == null || top.compareTo(next.notified()) < 0 ? top : next.notified();
                        Instant last = next.lastSent() == null || n.createdAt().isAfter(next.lastSent()) ? n.createdAt()
                                : next.lastSent();
                        next = next.told(notified, last);
                    }
                    changed |= !next.equals(g);
                    groups.put(id, next);
                }
                case RESOLVE -> {
                    for (Incident i : n.incidents()) {
                        if (open.remove(i.id()) != null) {
                            report.accept("incident " + i.id() + " was resolved in the journal but not in the saved"
                                    + " incidents: resolved");
                            changed = true;
                        }
                        if (ended.add(i.id()) && i.state() == Incident.State.RESOLVED) {
                            resolved.add(0, i);
                            changed = true;
                        }
                    }
                    changed |= groups.values().removeIf(g -> g.channel().equals(n.channel())
                            && g.group().id().equals(n.group().id()));
                }
                case ACKNOWLEDGE, UNACKNOWLEDGE -> {
                    // an acknowledgement journaled but not saved with its incident before the process stopped
                    for (Incident i : n.incidents()) {
                        AlertEngine.Tracked t = open.get(i.id());
                        if (t != null && !Objects.equals(t.incident().acknowledged(), i.acknowledged())) {
                            open.put(i.id(), t.with(t.incident().acknowledgedBy(i.acknowledged())));
                            changed = true;
                        }
                    }
                }
                case TEST -> {
                    // never journaled
                }
            }
        }
        if (!changed) {
            return saved;
        }
        List<AlertEngine.Tracked> all = new ArrayList<>(open.values());
        all.addAll(damaged);
        List<GroupState> allGroups = new ArrayList<>(groups.values());
        allGroups.addAll(damagedGroups);
        return new AlertEngine.Saved(all, resolved, allGroups);
    }
}
