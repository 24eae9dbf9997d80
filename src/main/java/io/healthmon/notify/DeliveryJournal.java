package io.healthmon.notify;

import io.healthmon.alert.Notification;
import io.healthmon.state.AppendLog;
import io.healthmon.state.StateFile;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The pending notifications in the order they were made, and their files: a snapshot
 * (delivery.json) and the changes since, one line each (delivery.log), so adding or removing a
 * notification appends a line instead of rewriting thousands; the log is folded into the
 * snapshot once it is longer than what is pending. A notification is on disk before its first
 * attempt. Each notification carries its incident, so the journal is also the write-ahead log of
 * incidents: one on disk here is known after a crash even if incidents.json was not written yet.
 * Not thread-safe: the delivery queue holds its lock.
 */
public final class DeliveryJournal {

    /** A log this long (or as long as what is pending, if more) is folded into the snapshot. */
    static final int COMPACT_AT = 1000;

    /** What the snapshot holds. */
    @RegisterForReflection
    public record Saved(long nextSeq, List<Pending> pending) {
    }

    /** One line of the log: a notification added, or the one numbered {@code remove} gone. */
    @RegisterForReflection
    public record Change(Pending add, Long remove) {
    }

    private final StateFile<Saved> file;
    private final AppendLog<Change> log;
    private final List<Pending> pending = new ArrayList<>();
    private long nextSeq;
    /** Lines appended since the last snapshot (at startup: those read back). */
    private int logged;

    DeliveryJournal(StateFile<Saved> file) {
        this.file = file;
        this.log = file.log("delivery.log", Change.class);
    }

    /**
     * The snapshot with the log's changes replayed onto it (each change applied at most once, so a
     * line the snapshot already holds changes nothing); the caller decides what to keep with
     * {@link #restore}.
     */
    Optional<Saved> load(Consumer<String> warn) {
        Optional<Saved> snapshot = file.load();
        List<Change> changes = log.read(warn);
        logged = changes.size();
        if (changes.isEmpty()) {
            return snapshot;
        }
        long next = snapshot.map(Saved::nextSeq).orElse(0L);
        List<Pending> list = new ArrayList<>();
        snapshot.map(Saved::pending).ifPresent(list::addAll);
        for (Change c : changes) {
            if (c.add() != null && list.stream().noneMatch(p -> p != null && p.seq() == c.add().seq())) {
                list.add(c.add());
                next = Math.max(next, c.add().seq() + 1);
            }
            if (c.remove() != null) {
                list.removeIf(p -> p != null && p.seq() == c.remove());
            }
        }
        return Optional.of(new Saved(next, list));
    }

    void restore(long seq, List<Pending> kept) {
        nextSeq = seq;
        pending.addAll(kept);
    }

    Pending append(Notification n) {
        Pending p = new Pending(nextSeq++, n, 0, n.createdAt(), null);
        pending.add(p);
        log(new Change(p, null));
        return p;
    }

    /**
     * A retry's bookkeeping (attempts, next attempt, last error) is kept in memory and reaches the
     * file with the next snapshot: during a channel outage thousands of retries would otherwise
     * write again and again. After a crash such a notification is only tried sooner, with the
     * count it had at the last snapshot.
     */
    void replace(Pending p) {
        int i = indexOf(p.seq());
        if (i >= 0) {
            pending.set(i, p);
        }
    }

    void remove(long seq) {
        int i = indexOf(seq);
        if (i >= 0) {
            pending.remove(i);
            log(new Change(null, seq));
        }
    }

    /** At startup: the lines read back are folded into a new snapshot, so the log starts empty. */
    void foldReplayed() {
        if (logged > 0) {
            rewrite();
        }
    }

    /** Writes a snapshot of the journal as it is now and empties the log. */
    void rewrite() {
        logged = 0;
        log.compactLater(file, new Saved(nextSeq, List.copyOf(pending)));
    }

    /** Runs {@code work} once everything appended so far is on disk (or its write failed). */
    void afterSaved(Runnable work) {
        file.afterSaved(work);
    }

    /** In the order they were made. */
    List<Pending> pending() {
        return pending;
    }

    String path() {
        return file.path().toString();
    }

    private int indexOf(long seq) {
        for (int i = 0; i < pending.size(); i++) {
            if (pending.get(i).seq() == seq) {
                return i;
            }
        }
        return -1;
    }

    private void log(Change c) {
        log.appendLater(c);
        if (++logged > Math.max(COMPACT_AT, pending.size())) {
            rewrite();
        }
    }
}
