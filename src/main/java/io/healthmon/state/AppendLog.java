package io.healthmon.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The changes made since a snapshot, one JSON line each, appended and fsynced in groups (every
 * change made while one write runs goes into the next), so a change costs a line instead of a
 * rewrite of everything. {@link #compactLater} writes a snapshot through its {@link StateFile}
 * and empties the log, in order with the lines around it. Replaying must be idempotent (applying
 * a change the snapshot already holds changes nothing): a crash between the snapshot and the
 * emptying replays such lines.
 *
 * @param <E> one change
 */
public final class AppendLog<E> implements StateWriter.Written {

    /** What the writer does next, in the order asked. */
    private sealed interface Item {
    }

    private record Line(Object change) implements Item {
    }

    /** Writes a snapshot that holds every change before it. */
    private record Compact(StateFile<Object> snapshot, Object state) implements Item {
    }

    private final Path file;
    private final Class<E> type;
    private final StateWriter writer;
    private final Queue<Item> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Lines whose append failed, written first next time (writer thread only). */
    private final StringBuilder unwritten = new StringBuilder();

    AppendLog(Path file, Class<E> type, StateWriter writer) {
        this.file = file;
        this.type = type;
        this.writer = writer;
    }

    @Override
    public Path path() {
        return file;
    }

    /** Appends the change on the writer. */
    public void appendLater(E change) {
        queue.add(new Line(change));
        schedule();
    }

    /** Writes {@code state} to {@code snapshot} and empties the log, after every change appended before. */
    @SuppressWarnings("unchecked")
    public <S> void compactLater(StateFile<S> snapshot, S state) {
        queue.add(new Compact((StateFile<Object>) snapshot, state));
        schedule();
    }

    @Override
    public void retry() {
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            writer.execute(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false); // what comes from now on schedules another drain
        StringBuilder lines = new StringBuilder(unwritten);
        unwritten.setLength(0);
        String failure = null;
        for (Item i = queue.poll(); i != null; i = queue.poll()) {
            try {
                if (i instanceof Line l) {
                    lines.append(new String(StateFile.render(l.change()), StandardCharsets.UTF_8)).append('\n');
                } else if (i instanceof Compact c) {
                    c.snapshot().save(c.state());
                    truncate();
                    lines.setLength(0); // the snapshot holds them
                }
            } catch (IOException | RuntimeException e) {
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
        }
        if (lines.length() > 0) {
            writer.beforeWrite(this);
            try {
                append(lines.toString());
            } catch (IOException | RuntimeException e) {
                unwritten.append(lines);
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
        }
        if (failure == null) {
            writer.succeeded(this);
        } else {
            writer.failed(this, failure);
        }
    }

    private void append(String lines) throws IOException {
        boolean created = !Files.exists(file);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(lines.getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        }
        if (created) {
            StateFile.syncDirectory(file.toAbsolutePath().getParent());
        }
    }

    private void truncate() throws IOException {
        if (Files.exists(file)) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(0);
                ch.force(true);
            }
        }
    }

    /**
     * The changes on disk, in order. A line that does not parse (a damaged file, or the last line
     * of an interrupted append) is skipped and reported to {@code warn}; never an exception.
     */
    public List<E> read(Consumer<String> warn) {
        List<E> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            warn.accept(file + " is unreadable (" + e.getClass().getSimpleName() + "): starting from the snapshot alone");
            return out;
        }
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            if (line.isBlank()) {
                continue;
            }
            if (n == lines.length - 1) { // no newline after it: an append cut short
                warn.accept(file + ": line " + (n + 1) + " is incomplete (an interrupted write): ignored");
                continue;
            }
            try {
                E e = StateFile.JSON.readValue(line, type);
                if (e != null) {
                    out.add(e);
                    continue;
                }
            } catch (IOException | RuntimeException e) {
                // reported below
            }
            warn.accept(file + ": line " + (n + 1) + " is damaged: skipped");
        }
        return out;
    }
}
