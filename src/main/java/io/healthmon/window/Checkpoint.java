package io.healthmon.window;

import io.healthmon.config.Durations;
import io.healthmon.config.EndpointSpec;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.state.AtomicFile;
import io.healthmon.state.StateFile;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;
import org.jboss.logging.Logger;

/**
 * Every endpoint's windows and recent results in one binary file under the data directory, so a
 * restart (a deploy, a reboot) does not forget 30 days of probes. Written atomically (see
 * {@link AtomicFile}) and checked by a CRC-32 over the whole file: a torn or damaged file is moved
 * aside, never half read.
 *
 * <p>Layout (big-endian): magic "HMWC", version, saved-at epoch ms, window lengths (ms) and slots,
 * then per endpoint its name, a hash of its URL (the URL itself may hold a credential), its probe
 * history, its windows and its availability by day, each length-prefixed; last the CRC-32 of
 * everything before it. Version 1 (before the days) is still read: its endpoints start with no days.
 */
public final class Checkpoint {

    public static final String FILE = "windows.bin";
    private static final Logger LOG = Logger.getLogger(Checkpoint.class);
    private static final int MAGIC = 0x484D5743;
    private static final int VERSION = 2;
    /** The version before the days block; read, never written. */
    private static final int WITHOUT_DAYS = 1;

    /** A length-prefixed part of the file, read in place (a copy would double the memory startup takes). */
    record Block(byte[] file, int at, int length) {
        DataInputStream in() {
            return new DataInputStream(new ByteArrayInputStream(file, at, length));
        }
    }

    /** One endpoint as saved: which URL it probed, and its blocks, read when applied (days: null from version 1). */
    record Endpoint(String urlHash, Block history, Block windows, Block days) {
    }

    /** A checkpoint read from disk, applied once to the first pipeline's history and windows. */
    public record Saved(Instant savedAt, List<Duration> windows, int slots, Map<String, Endpoint> endpoints) {
    }

    /** What applying a checkpoint did, for the startup log and the tests. */
    public record Restored(int endpoints, List<String> fresh) {
    }

    private Checkpoint() {
    }

    /**
     * An endpoint's block, before its length is written: a ByteArrayOutputStream without its lock,
     * which it takes on every write (DataOutputStream writes numbers a byte at a time).
     */
    private static final class BlockBuffer extends OutputStream {
        private byte[] bytes = new byte[8192];
        private int size;

        @Override
        public void write(int b) {
            ensure(1);
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ensure(len);
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + more));
            }
        }

        void reset() {
            size = 0;
        }

        int size() {
            return size;
        }

        void writeTo(OutputStream out) throws IOException {
            out.write(bytes, 0, size);
        }
    }

    /**
     * Writes the checkpoint of {@code endpoints}. Each endpoint is copied under its own lock (a
     * few microseconds the event loop might wait), the file is written outside them.
     *
     * @return the bytes written
     */
    public static long write(Path file, Instant at, List<EndpointSpec> endpoints, ProbeHistory history, StatsStore stats)
            throws IOException {
        long[] size = new long[1];
        AtomicFile.write(file, raw -> {
            CRC32 crc = new CRC32();
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(raw, crc));
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(at.toEpochMilli());
            out.writeInt(stats.windows().size());
            for (Duration d : stats.windows()) {
                out.writeLong(d.toMillis());
            }
            out.writeInt(stats.slots());
            out.writeInt(endpoints.size());
            BlockBuffer block = new BlockBuffer();
            DataOutputStream blockOut = new DataOutputStream(block);
            for (EndpointSpec e : endpoints) {
                out.writeUTF(e.name());
                out.writeUTF(urlHash(e.url().toString()));
                block.reset();
                history.writeTo(e.name(), blockOut);
                out.writeInt(block.size());
                block.writeTo(out);
                block.reset();
                stats.writeTo(e.name(), blockOut);
                out.writeInt(block.size());
                block.writeTo(out);
                block.reset();
                stats.writeDaysTo(e.name(), blockOut);
                out.writeInt(block.size());
                block.writeTo(out);
            }
            out.flush();
            size[0] = out.size() + 8L;
            DataOutputStream trailer = new DataOutputStream(raw);
            trailer.writeLong(crc.getValue());
            trailer.flush();
        });
        return size[0];
    }

    /**
     * The checkpoint in {@code file}; empty when there is none or it cannot be read, in which
     * case it is moved aside and {@code warn} says why (windows start empty, never a crash).
     */
    public static Optional<Saved> load(Path file, Instant now, Consumer<String> warn) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            warn.accept("window checkpoint " + file + " cannot be read (" + e.getClass().getSimpleName()
                    + "): every endpoint's windows start empty");
            return Optional.empty();
        }
        try {
            return Optional.of(parse(bytes));
        } catch (IOException | RuntimeException e) {
            String why = e instanceof EOFException ? "cut short" : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            String where = StateFile.moveAside(file, now).map(p -> "moved aside to " + p.getFileName())
                    .orElse("could not be moved aside");
            warn.accept("window checkpoint " + file + " is unreadable (" + why + "): " + where
                    + "; every endpoint's windows start empty");
            return Optional.empty();
        }
    }

    private static Saved parse(byte[] bytes) throws IOException {
        if (bytes.length < 16) {
            throw new EOFException();
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
        if (in.readInt() != MAGIC) {
            throw new IOException("not a healthmon window checkpoint");
        }
        int version = in.readInt();
        if (version != VERSION && version != WITHOUT_DAYS) {
            throw new IOException("format version " + version + ", this healthmon reads " + WITHOUT_DAYS + " and " + VERSION);
        }
        long stored = new DataInputStream(new ByteArrayInputStream(bytes, bytes.length - 8, 8)).readLong();
        if (stored != crc.getValue()) {
            throw new IOException("checksum mismatch: the file was damaged");
        }
        Instant savedAt = Instant.ofEpochMilli(in.readLong());
        int n = in.readInt();
        if (n < 0 || n > 64) {
            throw new IOException(n + " windows");
        }
        List<Duration> windows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            windows.add(Duration.ofMillis(in.readLong()));
        }
        int slots = in.readInt();
        int count = in.readInt();
        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            String url = in.readUTF();
            endpoints.put(name, new Endpoint(url, block(bytes, in), block(bytes, in),
                    version == WITHOUT_DAYS ? null : block(bytes, in)));
        }
        return new Saved(savedAt, windows, slots, endpoints);
    }

    /** The next block of {@code in}, which reads {@code file}: where it lies, skipped over. */
    private static Block block(byte[] file, DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > in.available()) {
            throw new EOFException();
        }
        Block b = new Block(file, file.length - in.available(), n);
        in.skipNBytes(n);
        return b;
    }

    /**
     * Restores {@code saved} into a history and windows no probe has reached yet. An endpoint
     * whose URL changed, or whose block does not read, starts fresh with a warning; a changed
     * window list starts every endpoint's windows fresh (their recent results carry on).
     */
    public static Restored apply(Saved saved, List<EndpointSpec> endpoints, ProbeHistory history, StatsStore stats,
                                 Instant now, Consumer<String> warn) {
        boolean sameShape = saved.windows().equals(stats.windows()) && saved.slots() == stats.slots();
        if (!sameShape) {
            warn.accept("the window checkpoint holds windows " + labels(saved.windows()) + " of " + saved.slots()
                    + " slots, healthmon.windows now asks for " + labels(stats.windows()) + " of " + stats.slots()
                    + ": every endpoint's windows start empty (recent results carry on)");
        }
        int restored = 0;
        List<String> fresh = new ArrayList<>();
        for (EndpointSpec e : endpoints) {
            Endpoint s = saved.endpoints().get(e.name());
            if (s == null) {
                fresh.add(e.name());
                continue;
            }
            if (!s.urlHash().equals(urlHash(e.url().toString()))) {
                warn.accept("endpoint " + e.name() + ": its URL changed since the window checkpoint: its windows and"
                        + " recent results start empty");
                fresh.add(e.name());
                continue;
            }
            try {
                history.restore(e.name(), s.history().in());
                if (sameShape) {
                    stats.restore(e.name(), s.windows().in(), saved.savedAt(), now);
                    restored++;
                }
                if (s.days() != null) { // the days are not windows: they carry on whatever the window list
                    stats.restoreDays(e.name(), s.days().in());
                }
            } catch (IOException | RuntimeException ex) {
                warn.accept("endpoint " + e.name() + ": its part of the window checkpoint is unreadable ("
                        + (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage()) + "): it starts empty");
                fresh.add(e.name());
            }
        }
        if (restored > 0) {
            LOG.infof("restored the windows of %d endpoint(s) from the checkpoint of %s; the %s since then is not"
                    + " counted as covered", restored, saved.savedAt(), Durations.format(Duration.between(saved.savedAt(), now)
                    .truncatedTo(ChronoUnit.SECONDS)));
        }
        return new Restored(restored, fresh);
    }

    private static List<String> labels(List<Duration> windows) {
        return windows.stream().map(Durations::format).toList();
    }

    /** Tells a changed URL apart without writing it down: it may carry a credential. */
    static String urlHash(String url) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
