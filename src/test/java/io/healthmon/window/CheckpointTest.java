package io.healthmon.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonPointer;
import io.healthmon.TestClock;
import io.healthmon.config.BodyCondition;
import io.healthmon.config.EndpointSpec;
import io.healthmon.config.StatusMatcher;
import io.healthmon.probe.EndpointState;
import io.healthmon.probe.Outcome;
import io.healthmon.probe.ProbeHistory;
import io.healthmon.probe.ProbeResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The window checkpoint written, read back and applied to a fresh history and windows, as a
 * restart does; every step on the test clock.
 */
class CheckpointTest {

    private static final List<Duration> WINDOWS = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofHours(1),
            Duration.ofDays(30));
    private static final Instant T0 = Instant.parse("2027-01-01T00:00:00Z");

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(T0);
    private final List<String> warnings = new ArrayList<>();

    private static EndpointSpec spec(String name, String url) {
        return new EndpointSpec(name, URI.create(url), Duration.ofSeconds(10), Duration.ofSeconds(5), StatusMatcher.SUCCESS,
                Map.of(), BodyCondition.NONE, Map.of("cpu", JsonPointer.compile("/cpu")), 65536, 0.999);
    }

    private final EndpointSpec db = spec("database", "http://user:s3cret-pw@127.0.0.1/api/health/database");
    private final EndpointSpec api = spec("app", "http://127.0.0.1/api/health");

    /** A running daemon's parts: history and windows of the given endpoints. */
    private final class Daemon {
        final List<EndpointSpec> specs;
        final ProbeHistory history;
        final StatsStore stats;

        Daemon(List<EndpointSpec> specs, List<Duration> windows) {
            this.specs = specs;
            this.history = new ProbeHistory(specs, clock.instant(), null);
            this.stats = new StatsStore(specs, windows, 12, clock, null);
        }

        void probe(String endpoint, boolean ok, double latency, double cpu) {
            ProbeResult r = new ProbeResult(endpoint, clock.instant(), (long) (latency * 1e9), ok ? Outcome.OK : Outcome.HTTP_STATUS,
                    ok ? 200 : 503, ok ? "ok" : "HTTP 503", Map.of("cpu", cpu), 10);
            history.record(r);
            stats.record(r);
        }

        Path save() throws IOException {
            Path file = dir.resolve(Checkpoint.FILE);
            Checkpoint.write(file, clock.instant(), specs, history, stats);
            return file;
        }

        Checkpoint.Restored restoreFrom(Path file) {
            Optional<Checkpoint.Saved> saved = Checkpoint.load(file, clock.instant(), warnings::add);
            return saved.map(s -> Checkpoint.apply(s, specs, history, stats, clock.instant(), warnings::add)).orElse(null);
        }
    }

    /** Two hours of probes every 10 s: the database fails one in four, the app never. */
    private Daemon ranForTwoHours() {
        Daemon d = new Daemon(List.of(db, api), WINDOWS);
        Random r = new Random(3);
        for (int i = 0; i < 720; i++) {
            d.probe("database", i % 4 != 0, 0.05 + r.nextDouble() * 0.2, 40 + i % 30);
            d.probe("app", true, 0.02 + r.nextDouble() * 0.01, 10);
            clock.advance(Duration.ofSeconds(10));
        }
        return d;
    }

    @Test
    void aCleanRestartKeepsEveryProbeTheErrorRatioTheQuantilesAndTheRecentResults() throws IOException {
        Daemon before = ranForTwoHours();
        EndpointWindows was = before.stats.snapshot("database");
        List<ProbeResult> recent = before.history.recent("database");
        Path file = before.save();

        Daemon after = new Daemon(List.of(db, api), WINDOWS); // the restart, at once
        Checkpoint.Restored restored = after.restoreFrom(file);

        assertEquals(2, restored.endpoints());
        assertEquals(List.of(), warnings);
        EndpointWindows now = after.stats.snapshot("database");
        assertEquals(was.windows(), now.windows(), "every window, probe for probe, quantile for quantile");
        assertEquals(was.values(), now.values());
        assertEquals(720, now.window("30d").probes());
        assertEquals(0.25, now.window("30d").errorRatio(), 1e-9);
        assertEquals(recent, after.history.recent("database"));
        assertEquals(before.history.view("database").probes(), after.history.view("database").probes());
        assertFalse(after.history.allProbed(), "restored results are not a probe of this run: readiness waits for one");
    }

    @Test
    void theDowntimeSlidesTheWindowsAndIsNotCountedAsCovered() throws IOException {
        Daemon before = ranForTwoHours();
        Path file = before.save();
        clock.advance(Duration.ofMinutes(10)); // down for 10 minutes

        Daemon after = new Daemon(List.of(db, api), WINDOWS);
        after.restoreFrom(file);
        EndpointWindows now = after.stats.snapshot("database");

        assertEquals(0, now.window("1m").probes(), "a gap longer than a window empties it");
        assertEquals(0, now.window("5m").probes());
        assertEquals(Duration.ZERO, now.window("5m").covered());
        WindowStats hour = now.window("1h");
        assertTrue(hour.probes() > 0 && hour.probes() < 360, "the 1h window slid by the downtime: " + hour.probes());
        assertEquals(Duration.ofMinutes(50), hour.covered(), "the 10 minutes down are not covered");
        WindowStats month = now.window("30d");
        assertEquals(720, month.probes(), "the gap is neither up nor down");
        assertEquals(0.25, month.errorRatio(), 1e-9);
        assertEquals(Duration.ofHours(2), month.covered());
        assertTrue(month.partial());
    }

    /** Coverage of the 1h window after a run of {@code ranMinutes}, a gap of {@code gapMinutes}, then probing again. */
    @ParameterizedTest(name = "ran {0}m, down {1}m, ran {2}m: 1h covers {3}m")
    @CsvSource({
            "120, 0,  0,  60",
            "120, 10, 0,  50",
            "120, 10, 20, 50",
            "120, 10, 50, 50",
            "120, 10, 60, 60",
            "30,  10, 10, 40",
            "120, 90, 10, 10",
    })
    void coverageLeavesOutTheGapWhileItIsInTheWindow(int ranMinutes, int gapMinutes, int thenMinutes, int coveredMinutes)
            throws IOException {
        Daemon before = new Daemon(List.of(db), WINDOWS);
        for (int s = 0; s < ranMinutes * 60; s += 10) {
            before.probe("database", true, 0.1, 1);
            clock.advance(Duration.ofSeconds(10));
        }
        Path file = before.save();
        clock.advance(Duration.ofMinutes(gapMinutes));
        Daemon after = new Daemon(List.of(db), WINDOWS);
        after.restoreFrom(file);
        for (int s = 0; s < thenMinutes * 60; s += 10) {
            after.probe("database", true, 0.1, 1);
            clock.advance(Duration.ofSeconds(10));
        }
        assertEquals(Duration.ofMinutes(coveredMinutes), after.stats.snapshot("database").window("1h").covered());
    }

    @Test
    void twoRestartsInARowLeaveBothGapsOut() throws IOException {
        Daemon first = ranForTwoHours();
        Path file = first.save();
        clock.advance(Duration.ofMinutes(5));
        Daemon second = new Daemon(List.of(db, api), WINDOWS);
        second.restoreFrom(file);
        for (int i = 0; i < 30; i++) { // 5 minutes of probes
            second.probe("database", true, 0.1, 1);
            clock.advance(Duration.ofSeconds(10));
        }
        second.save();
        clock.advance(Duration.ofMinutes(5));
        Daemon third = new Daemon(List.of(db, api), WINDOWS);
        third.restoreFrom(file);
        assertEquals(Duration.ofMinutes(50), third.stats.snapshot("database").window("1h").covered());
        assertEquals(750, third.stats.snapshot("database").window("30d").probes());
    }

    @Test
    void theFileNeverHoldsTheUrlOrItsCredential() throws IOException {
        Path file = ranForTwoHours().save();
        String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        assertFalse(bytes.contains("s3cret-pw"));
        assertFalse(bytes.contains("127.0.0.1"));
    }

    @Test
    void anEndpointWhoseUrlChangedStartsFreshTheOthersCarryOn() throws IOException {
        Path file = ranForTwoHours().save();
        EndpointSpec moved = spec("database", "http://127.0.0.1:8080/api/health/db");
        Daemon after = new Daemon(List.of(moved, api), WINDOWS);
        Checkpoint.Restored restored = after.restoreFrom(file);

        assertEquals(List.of("database"), restored.fresh());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("endpoint database: its URL changed"), warnings.get(0));
        assertFalse(warnings.get(0).contains("127.0.0.1"), "no URL in the log: it may hold a credential");
        assertEquals(0, after.stats.snapshot("database").window("30d").probes());
        assertEquals(0, after.history.view("database").probes());
        assertEquals(720, after.stats.snapshot("app").window("30d").probes());
    }

    @Test
    void aChangedWindowListStartsEveryWindowFreshButKeepsTheRecentResults() throws IOException {
        Path file = ranForTwoHours().save();
        Daemon after = new Daemon(List.of(db, api), List.of(Duration.ofMinutes(5), Duration.ofDays(30)));
        Checkpoint.Restored restored = after.restoreFrom(file);

        assertEquals(0, restored.endpoints());
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("[1m, 5m, 1h, 30d] of 12 slots, healthmon.windows now asks for [5m, 30d]"),
                warnings.get(0));
        assertEquals(0, after.stats.snapshot("database").window("30d").probes());
        assertEquals(720, after.history.view("database").probes());
        assertEquals(EndpointState.UP, after.history.view("database").state(), "as the last result left it");
        assertEquals(Outcome.OK, after.history.view("database").last().outcome());
    }

    @Test
    void theDaysSurviveARestartAndAChangeOfTheWindowList() throws IOException {
        Daemon before = ranForTwoHours();
        List<DayAvailability> was = before.stats.days("database", 3);
        assertEquals(7200, was.get(2).watchedSeconds(), 1e-6);
        assertEquals(0.75, was.get(2).availability(), 1e-9);
        Path file = before.save();

        Daemon same = new Daemon(List.of(db, api), WINDOWS);
        same.restoreFrom(file);
        assertEquals(was, same.stats.days("database", 3));

        Daemon otherWindows = new Daemon(List.of(db, api), List.of(Duration.ofMinutes(5), Duration.ofDays(30)));
        otherWindows.restoreFrom(file);
        assertEquals(0, otherWindows.stats.snapshot("database").window("30d").probes(), "the windows start fresh");
        assertEquals(was, otherWindows.stats.days("database", 3), "the days are not windows: they carry on");
    }

    @Test
    void aCheckpointFromBeforeTheDaysStillReadsItsEndpointsJustStartWithNoDays() throws IOException {
        Daemon before = ranForTwoHours();
        Path file = before.save();
        Files.write(file, withoutDays(Files.readAllBytes(file)));

        Daemon after = new Daemon(List.of(db, api), WINDOWS);
        Checkpoint.Restored restored = after.restoreFrom(file);
        assertEquals(2, restored.endpoints());
        assertEquals(List.of(), warnings);
        assertEquals(720, after.stats.snapshot("database").window("30d").probes());
        assertEquals(0, after.stats.days("database", 1).get(0).watchedSeconds());
    }

    /** The same checkpoint in format version 1: no days block, as healthmon wrote it before them. */
    private static byte[] withoutDays(byte[] v2) throws IOException {
        java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(v2, 0, v2.length - 8));
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(b);
        out.writeInt(in.readInt());
        assertEquals(2, in.readInt());
        out.writeInt(1);
        out.writeLong(in.readLong());
        int windows = in.readInt();
        out.writeInt(windows);
        for (int i = 0; i < windows; i++) {
            out.writeLong(in.readLong());
        }
        out.writeInt(in.readInt());
        int endpoints = in.readInt();
        out.writeInt(endpoints);
        for (int e = 0; e < endpoints; e++) {
            out.writeUTF(in.readUTF());
            out.writeUTF(in.readUTF());
            for (int block = 0; block < 3; block++) {
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                if (block < 2) {
                    out.writeInt(bytes.length);
                    out.write(bytes);
                }
            }
        }
        CRC32 crc = new CRC32();
        crc.update(b.toByteArray());
        out.writeLong(crc.getValue());
        return b.toByteArray();
    }

    @Test
    void anEndpointNoLongerConfiguredIsDroppedAndANewOneStartsEmpty() throws IOException {
        Path file = ranForTwoHours().save();
        EndpointSpec auth = spec("auth", "http://127.0.0.1/api/health/auth");
        Daemon after = new Daemon(List.of(db, auth), WINDOWS);
        Checkpoint.Restored restored = after.restoreFrom(file);
        assertEquals(1, restored.endpoints());
        assertEquals(List.of("auth"), restored.fresh());
        assertEquals(List.of(), warnings);
        assertEquals(0, after.stats.snapshot("auth").window("30d").probes());
    }

    /** A byte flipped anywhere, a file cut short, or a file of something else: moved aside, a warning, empty windows. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "a byte flipped in the middle, flip",
            "cut short, truncate",
            "not a checkpoint, garbage",
            "empty, empty",
    })
    void aDamagedCheckpointIsMovedAsideAndTheWindowsStartEmpty(String name, String damage) throws IOException {
        Path file = ranForTwoHours().save();
        byte[] b = Files.readAllBytes(file);
        switch (damage) {
            case "flip" -> b[b.length / 2] ^= 0x10;
            case "truncate" -> b = Arrays.copyOf(b, b.length - 100);
            case "garbage" -> b = "{\"not\": \"a checkpoint\"}".getBytes(StandardCharsets.UTF_8);
            default -> b = new byte[0];
        }
        Files.write(file, b);

        Daemon after = new Daemon(List.of(db, api), WINDOWS);
        assertEquals(null, after.restoreFrom(file));

        assertFalse(Files.exists(file));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> aside = files.filter(p -> p.getFileName().toString().startsWith("windows.bin.corrupt-")).toList();
            assertEquals(1, aside.size(), "moved aside, kept for a look");
            assertEquals(b.length, Files.size(aside.get(0)));
        }
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("is unreadable") && warnings.get(0).contains("windows start empty"), warnings.get(0));
        assertEquals(0, after.stats.snapshot("database").window("30d").probes());
    }

    @Test
    void noCheckpointIsAQuietFreshStart() {
        Daemon after = new Daemon(List.of(db), WINDOWS);
        assertEquals(null, after.restoreFrom(dir.resolve(Checkpoint.FILE)));
        assertEquals(List.of(), warnings);
    }

    @Test
    void theCheckpointerSavesOnDemandAndCountsAFailureWithoutThrowing() throws IOException {
        Daemon d = ranForTwoHours();
        Path file = dir.resolve(Checkpoint.FILE);
        Checkpointer ok = new Checkpointer(file, clock,
                () -> new Checkpointer.Source(d.specs, d.history, d.stats, Duration.ofMinutes(1)));
        assertTrue(ok.save());
        assertEquals(Files.size(file), ok.lastBytes());
        assertEquals(clock.instant(), ok.lastSavedAt());
        assertNotNull(Checkpoint.load(file, clock.instant(), warnings::add).orElse(null));

        Checkpointer gone = new Checkpointer(dir.resolve("removed").resolve(Checkpoint.FILE), clock,
                () -> new Checkpointer.Source(d.specs, d.history, d.stats, Duration.ofMinutes(1)));
        assertFalse(gone.save(), "a data directory that vanished is not made again");
        assertFalse(Files.exists(dir.resolve("removed")));

        Path blocked = dir.resolve("not-a-dir");
        Files.writeString(blocked, "a file where the data directory should be");
        Checkpointer failing = new Checkpointer(blocked.resolve(Checkpoint.FILE), clock,
                () -> new Checkpointer.Source(d.specs, d.history, d.stats, Duration.ofMinutes(1)));
        assertFalse(failing.save());
        assertFalse(failing.save());
        assertEquals(2, failing.failures());
        assertEquals(null, failing.lastSavedAt());
    }

    /**
     * Hostile bytes behind a valid checksum (a file written by something else, on purpose): 2,000
     * seeded mutations of a checkpoint, the CRC made to match. Loading and applying never throws
     * and never hangs; what it cannot read it says, and every endpoint ends up restored or empty.
     */
    @Test
    @Timeout(120)
    void mutationsBehindAValidChecksumAreRefusedNeverThrownOrHung() throws IOException {
        Path file = ranForTwoHours().save();
        byte[] good = Files.readAllBytes(file);
        Random r = new Random(8);
        for (int n = 0; n < 2000; n++) {
            byte[] b = good.clone();
            int flips = 1 + r.nextInt(4);
            for (int f = 0; f < flips; f++) {
                int at = 4 + r.nextInt(b.length - 12); // past the magic, before the checksum
                b[at] = r.nextInt(3) == 0 ? (byte) 0xFF : (byte) r.nextInt(256);
            }
            CRC32 crc = new CRC32();
            crc.update(b, 0, b.length - 8);
            ByteBuffer.wrap(b, b.length - 8, 8).putLong(crc.getValue());
            Files.write(file, b);
            warnings.clear();
            Daemon after = new Daemon(List.of(db, api), WINDOWS);
            Checkpoint.Restored restored = after.restoreFrom(file);
            if (restored != null) {
                for (EndpointSpec e : List.of(db, api)) {
                    EndpointWindows w = after.stats.snapshot(e.name());
                    assertTrue(w.window("30d").probes() >= 0 && w.window("30d").failures() <= w.window("30d").probes(),
                            "mutation " + n + ": " + w.window("30d"));
                }
            }
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(p -> p.getFileName().toString().contains(".corrupt-")).forEach(p -> p.toFile().delete());
            }
        }
    }
}
