package io.healthmon.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Brings the saved incidents up to date with the delivery journal after a crash. The journal is
 * written (and fsynced) before any notification is sent and before incidents.json, and each
 * notification carries its incident, so it is the write-ahead log: a trigger journaled for an
 * incident the file does not know means the process died between the two writes, and the incident
 * is open; a journaled resolve means it is over. Without this, a kill in that gap would page again
 * for the same outage and leave the first page without its resolve. A pure function.
 */
public final class JournalRecovery {

    private JournalRecovery() {
    }

    /**
     * @param saved     what incidents.json held (null: nothing)
     * @param journaled the pending notifications, in the order they were made
     * @param report    told one line per incident the journal changed
     */
    public static AlertEngine.Saved recover(AlertEngine.Saved saved, List<Notification> journaled, Consumer<String> report) {
        Map<String, AlertEngine.Tracked> open = new LinkedHashMap<>();
        List<AlertEngine.Tracked> damaged = new ArrayList<>(); // kept as they were: the engine reports them
        List<Incident> resolved = new ArrayList<>();
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
        }
        Set<String> ended = resolved.stream().filter(i -> i != null && i.id() != null).map(Incident::id)
                .collect(Collectors.toSet());
        boolean changed = false;
        for (Notification n : journaled) {
            Incident i = n.incident();
            String id = i.id();
            AlertEngine.Tracked t = open.get(id);
            switch (n.kind()) {
                case TRIGGER, REPEAT, ESCALATE -> {
                    if (ended.contains(id) || i.state() != Incident.State.FIRING) {
                        continue;
                    }
                    if (t == null) {
                        t = new AlertEngine.Tracked(i, true, false, Map.of());
                        report.accept("incident " + id + " was journaled with its " + n.kind().label()
                                + " notification but not saved before the process stopped: open again");
                    }
                    Map<String, Instant> last = new LinkedHashMap<>(t.lastSent());
                    if (n.kind() != Notification.Kind.ESCALATE) {
                        last.merge(n.channel(), n.createdAt(), (a, b) -> a.isAfter(b) ? a : b);
                    }
                    AlertEngine.Tracked next = new AlertEngine.Tracked(t.incident(), true,
                            t.escalated() || n.kind() == Notification.Kind.ESCALATE, last);
                    changed |= !next.equals(t);
                    open.put(id, next);
                }
                case RESOLVE -> {
                    if (open.remove(id) != null) {
                        report.accept("incident " + id + " was resolved in the journal but not in the saved incidents:"
                                + " resolved");
                        changed = true;
                    }
                    if (ended.add(id) && i.state() == Incident.State.RESOLVED) {
                        resolved.add(0, i);
                        changed = true;
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
        return new AlertEngine.Saved(all, resolved);
    }
}
