package io.healthmon.notify;

import io.healthmon.alert.Notification;
import io.healthmon.state.StateFile;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The pending notifications in the order they were made, and their file: every change is saved, a
 * notification before its first attempt. Each notification carries its incident, so this file is
 * also the write-ahead log of incidents: one on disk here is known after a crash even if
 * incidents.json was not written yet. Not thread-safe: the delivery queue holds its lock.
 */
public final class DeliveryJournal {

    /** What is on disk. */
    @RegisterForReflection
    public record Saved(long nextSeq, List<Pending> pending) {
    }

    private final StateFile<Saved> file;
    private final List<Pending> pending = new ArrayList<>();
    private long nextSeq;

    DeliveryJournal(StateFile<Saved> file) {
        this.file = file;
    }

    /** What the file held: the caller decides what to keep with {@link #restore}. */
    Optional<Saved> load() {
        return file.load();
    }

    void restore(long seq, List<Pending> kept) {
        nextSeq = seq;
        pending.addAll(kept);
    }

    Pending append(Notification n) {
        Pending p = new Pending(nextSeq++, n, 0, n.createdAt(), null);
        pending.add(p);
        save();
        return p;
    }

    /**
     * A retry's bookkeeping (attempts, next attempt, last error) is kept in memory and reaches the
     * file with the next notification added or removed: during a channel outage thousands of
     * retries would otherwise rewrite the whole journal again and again. After a crash such a
     * notification is only tried sooner, with the count it had at the last write.
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
            save();
        }
    }

    /** Writes the journal as it is now. */
    void rewrite() {
        save();
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

    private void save() {
        file.saveLater(new Saved(nextSeq, List.copyOf(pending)));
    }
}
