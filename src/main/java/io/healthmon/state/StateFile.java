package io.healthmon.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * One JSON state file under healthmon.data-dir, written atomically: a temporary file in the same
 * directory, fsync, rename over the old one, fsync the directory. A reader sees the old state or
 * the new one, never half of either. A file that does not parse is moved aside with a warning and
 * the daemon starts without it: never a crash.
 */
public final class StateFile<T> implements StateWriter.Written {

    private static final Logger LOG = Logger.getLogger(StateFile.class);
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path file;
    private final Class<T> type;
    private final Clock clock;
    private final StateWriter writer;
    private final AtomicReference<T> latest = new AtomicReference<>();
    /** The state of a write that failed, until a newer one is written or the retry succeeds. */
    private final AtomicReference<T> unwritten = new AtomicReference<>();

    /** A file saved synchronously by {@link #saveLater} (tests). */
    public StateFile(Path file, Class<T> type, Clock clock) {
        this(file, type, clock, StateWriter.inline(clock));
    }

    /**
     * @param writer runs the writes; one shared single thread in production, so an event loop never
     *               waits for fsync and files are written in the order their changes were made
     */
    public StateFile(Path file, Class<T> type, Clock clock, StateWriter writer) {
        this.file = file;
        this.type = type;
        this.clock = clock;
        this.writer = writer;
    }

    /**
     * Saves {@code state} on the writer; a newer state given before the write starts replaces it
     * (only the latest matters). A failed write is reported to the writer, which tries it again
     * with backoff unless a newer state is written first.
     */
    public void saveLater(T state) {
        if (latest.getAndSet(state) == null) {
            writer.execute(this::writeLatest); // else a write is already queued and will take this newer state
        }
    }

    private void writeLatest() {
        T s = latest.getAndSet(null);
        if (s == null) {
            return;
        }
        writer.beforeWrite(this);
        try {
            save(s);
            unwritten.set(null); // anything older that failed is part of what was just written
            writer.succeeded(this);
        } catch (IOException | RuntimeException e) {
            unwritten.set(s);
            writer.failed(this, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** Makes a new or renamed entry of {@code dir} durable. */
    static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException ignored) {
            // some file systems cannot open a directory for sync; the rename is still atomic
        }
    }

    /** A log of changes beside this snapshot ({@code name} in the same directory), on the same writer. */
    public <E> AppendLog<E> log(String name, Class<E> type) {
        return new AppendLog<>(file.resolveSibling(name), type, writer);
    }

    /** Runs {@code work} on the writer after this write and every one asked for before it. */
    public void afterSaved(Runnable work) {
        writer.afterWrites(work);
    }

    /** The writer's retry: the state that failed is written again, unless a newer write is queued anyway. */
    @Override
    public void retry() {
        T s = unwritten.getAndSet(null);
        if (s != null && latest.compareAndSet(null, s)) {
            writer.execute(this::writeLatest);
        }
    }

    /**
     * Removes the temporary files a kill left behind in {@code dir} (a write's "*.json*.tmp" or "*.bin*.tmp"): they
     * hold nothing the state files do not, and would otherwise pile up.
     */
    public static void removeLeftovers(Path dir) {
        try (DirectoryStream<Path> tmp = Files.newDirectoryStream(dir, "{*.json*.tmp,*.bin*.tmp}")) {
            for (Path p : tmp) {
                Files.deleteIfExists(p);
                LOG.infof("removed %s, left by an interrupted write", p.getFileName());
            }
        } catch (IOException e) {
            // no directory yet, or not readable: the first write reports what matters
        }
    }

    /**
     * Whether state can be kept in {@code dir}: it is created if missing, and a file is written,
     * fsynced and removed there.
     *
     * @return empty when it can, else what stands in the way (no path, no secret)
     */
    public static Optional<String> unwritable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
            try (FileChannel ch = FileChannel.open(probe, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(new byte[] {1}));
                ch.force(true);
            } finally {
                Files.deleteIfExists(probe);
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    @Override
    public Path path() {
        return file;
    }

    /** The saved state; empty when there is none or it was unreadable (then moved aside). */
    public Optional<T> load() {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(JSON.readValue(file.toFile(), type));
        } catch (IOException | RuntimeException e) {
            String why = e.getClass().getSimpleName();
            moveAside(file, clock.instant()).ifPresentOrElse(
                    aside -> LOG.warnf("state file %s is unreadable (%s): moved aside to %s; starting without it", file, why,
                            aside.getFileName()),
                    () -> LOG.warnf("state file %s is unreadable (%s) and could not be moved aside; starting without it", file,
                            why));
            return Optional.empty();
        }
    }

    /**
     * Renames an unreadable file to "NAME.corrupt-yyyyMMddTHHmmss" beside it, so it is kept for a
     * look but never read again; empty when it cannot be moved.
     */
    public static Optional<Path> moveAside(Path file, Instant at) {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-"
                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC).format(at));
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(aside);
        } catch (IOException moveFailed) {
            return Optional.empty();
        }
    }

    /** The JSON of a state, written nowhere: startup renders each file's shape once so the first page does not pay for it. */
    public static byte[] render(Object state) {
        try {
            return JSON.writeValueAsBytes(state);
        } catch (IOException e) {
            throw new IllegalStateException("state cannot be rendered as JSON", e);
        }
    }

    public void save(T state) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(state);
        AtomicFile.write(file, out -> out.write(bytes));
    }
}
