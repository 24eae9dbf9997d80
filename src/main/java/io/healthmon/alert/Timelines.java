package io.healthmon.alert;

import io.healthmon.state.AppendLog;
import io.healthmon.state.StateFile;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Every incident's timeline, kept for as long as the incident is (open, or among the resolved the
 * alert engine keeps), on disk as a snapshot (timelines.json) and the entries since, one line each
 * (timelines.log): an event costs a line, not a rewrite of every timeline. Outlives reloads.
 * Thread-safe: the alert engine records from the event loops, the delivery queue from its
 * callbacks.
 */
public final class Timelines {

    /** Entries kept per incident; past it only what a post-mortem cannot do without is kept. */
    static final int MAX_ENTRIES = 500;
    /** A log this long (or as long as every timeline, if more) is folded into the snapshot. */
    static final int COMPACT_AT = 1000;
    /** What is recorded past {@link #MAX_ENTRIES}: the turns of the story, not its repetitions. */
    private static final Set<TimelineEntry.Kind> ESSENTIAL = EnumSet.of(TimelineEntry.Kind.ESCALATED,
            TimelineEntry.Kind.ACKNOWLEDGED, TimelineEntry.Kind.UNACKNOWLEDGED, TimelineEntry.Kind.FLAPPING,
            TimelineEntry.Kind.RESOLVED);
    /** Time order; entries of the same instant keep the order they were recorded in (the sort is stable). */
    private static final Comparator<TimelineEntry> ORDER = Comparator.comparing(TimelineEntry::at);

    /** The snapshot. */
    @RegisterForReflection
    public record Saved(long nextSeq, Map<String, List<TimelineEntry>> timelines) {
    }

    /** One line of the log: an entry for an incident, or ({@code forget}) an incident's timeline gone. */
    @RegisterForReflection
    public record Line(long seq, String incident, TimelineEntry entry, Boolean forget) {
    }

    private final StateFile<Saved> file;
    private final AppendLog<Line> log;
    private final Map<String, List<TimelineEntry>> byIncident = new HashMap<>();
    private long nextSeq;
    private int logged;
    private int entries;

    /** @param file the snapshot (null: kept in memory only) */
    public Timelines(StateFile<Saved> file, Consumer<String> warn) {
        this.file = file;
        this.log = file == null ? null : file.log("timelines.log", Line.class);
        if (file != null) {
            load(warn);
        }
    }

    /** Kept in memory only (tests, tools). */
    public static Timelines inMemory() {
        return new Timelines(null, w -> { });
    }

    private void load(Consumer<String> warn) {
        file.load().ifPresent(saved -> {
            nextSeq = saved.nextSeq();
            if (saved.timelines() != null) {
                saved.timelines().forEach((id, list) -> {
                    if (id != null && list != null) {
                        list.stream().filter(e -> e != null && e.valid()).forEach(e -> add(id, e));
                    }
                });
            }
        });
        long snapshotSeq = nextSeq;
        for (Line l : log.read(warn)) {
            if (l.seq() < snapshotSeq || l.incident() == null) {
                continue; // already in the snapshot (a crash between the snapshot and emptying the log)
            }
            nextSeq = Math.max(nextSeq, l.seq() + 1);
            logged++;
            if (Boolean.TRUE.equals(l.forget())) {
                drop(l.incident());
            } else if (l.entry() != null && l.entry().valid()) {
                add(l.incident(), l.entry());
            }
        }
    }

    /** Records one event of an incident. */
    public synchronized void record(String incident, TimelineEntry e) {
        List<TimelineEntry> list = byIncident.get(incident);
        int size = list == null ? 0 : list.size();
        if (size >= MAX_ENTRIES && !ESSENTIAL.contains(e.kind())) {
            return;
        }
        if (size == MAX_ENTRIES - 1 && !ESSENTIAL.contains(e.kind())) {
            e = new TimelineEntry(e.at(), TimelineEntry.Kind.TRUNCATED, "the timeline holds " + MAX_ENTRIES
                    + " entries: later notifications, reminders and state changes are not recorded");
        }
        add(incident, e);
        append(new Line(nextSeq++, incident, e, null));
    }

    /** Forgets an incident's timeline (it is no longer kept). */
    public synchronized void forget(String incident) {
        if (drop(incident)) {
            append(new Line(nextSeq++, incident, null, true));
        }
    }

    /** Forgets every timeline but those of {@code kept} (at startup: incidents the engine no longer has). */
    public synchronized void retain(Set<String> kept) {
        for (String id : List.copyOf(byIncident.keySet())) {
            if (!kept.contains(id)) {
                forget(id);
            }
        }
    }

    /** One incident's timeline in time order; empty when none was kept. */
    public synchronized List<TimelineEntry> of(String incident) {
        List<TimelineEntry> list = byIncident.get(incident);
        if (list == null) {
            return List.of();
        }
        List<TimelineEntry> sorted = new ArrayList<>(list);
        sorted.sort(ORDER);
        return sorted;
    }

    private void add(String incident, TimelineEntry e) {
        byIncident.computeIfAbsent(incident, id -> new ArrayList<>(8)).add(e);
        entries++;
    }

    private boolean drop(String incident) {
        List<TimelineEntry> gone = byIncident.remove(incident);
        if (gone == null) {
            return false;
        }
        entries -= gone.size();
        return true;
    }

    private void append(Line l) {
        if (log == null) {
            return;
        }
        log.appendLater(l);
        if (++logged >= Math.max(COMPACT_AT, entries)) {
            Map<String, List<TimelineEntry>> copy = new LinkedHashMap<>();
            byIncident.forEach((id, list) -> copy.put(id, List.copyOf(list)));
            log.compactLater(file, new Saved(nextSeq, copy));
            logged = 0;
        }
    }
}
