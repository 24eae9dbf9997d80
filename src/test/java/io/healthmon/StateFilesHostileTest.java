package io.healthmon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.healthmon.alert.AlertEngine;
import io.healthmon.alert.Group;
import io.healthmon.alert.GroupState;
import io.healthmon.alert.Incident;
import io.healthmon.alert.Notification;
import io.healthmon.alert.Policy;
import io.healthmon.alert.Router;
import io.healthmon.alert.Silence;
import io.healthmon.alert.Silences;
import io.healthmon.notify.DeliveryJournal;
import io.healthmon.notify.DeliveryQueue;
import io.healthmon.notify.LogNotifier;
import io.healthmon.notify.RetryPolicy;
import io.healthmon.notify.Sender;
import io.healthmon.rule.Condition;
import io.healthmon.rule.Rule;
import io.healthmon.rule.Severity;
import io.healthmon.state.StateFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The three state files read back whatever is in them: a damaged entry is dropped, an unreadable
 * file moved aside, and nothing a file holds may throw out of startup. Seeded mutation fuzzing of
 * each loader (10,000 files apiece) on top of the hand-written shapes.
 */
class StateFilesHostileTest {

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2027-01-01T00:00:00Z"));
    private final Rule down = new Rule("endpoint-down", new Condition.EndpointDown(2), Severity.P1, Duration.ZERO, Duration.ZERO,
            Set.of(), Map.of(), List.of());

    private AlertEngine engine(Path file) {
        StateFile<AlertEngine.Saved> f = new StateFile<>(file, AlertEngine.Saved.class, clock);
        return new AlertEngine(List.of(down), new Router(Map.of(), List.of(), Set.of(), Map.of()),
                new Policy(Map.of(Severity.P1, Duration.ofHours(1)), Duration.ofMinutes(30), Set.of(), List.of(),
                        Duration.ofMinutes(10), 2), (i, now) -> false,
                Map.of("database", "http://127.0.0.1/api/health/database"), n -> { }, f, f.load().orElse(null), clock.instant());
    }

    private Silences silences(Path file) {
        return new Silences(new StateFile<>(file, Silences.Saved.class, clock), clock);
    }

    private DeliveryQueue queue(Path file) {
        Sender log = new LogNotifier();
        DeliveryQueue.Transport t = new DeliveryQueue.Transport() {
            @Override
            public Optional<Sender> sender(String channel) {
                return channel.equals("log-held") ? Optional.empty() : Optional.of(log); // held: stays pending
            }

            @Override
            public RetryPolicy retryPolicy() {
                return new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofHours(24), Duration.ofMinutes(5),
                        () -> 0.5);
            }

            @Override
            public int maxPending() {
                return 10_000;
            }
        };
        return new DeliveryQueue(t, clock, new StateFile<>(file, DeliveryJournal.Saved.class, clock), (c, o, a) -> { });
    }

    private Incident incident() {
        return new Incident("endpoint-down:database:x", "endpoint-down", "database", "http://127.0.0.1/api/health/database",
                Severity.P1, Incident.State.FIRING, clock.instant(), null, 2, 2, "2 consecutive failed probes", List.of("log"),
                Map.of("error_ratio_5m", 0.5), false);
    }

    /** Valid files of each kind, as the daemon writes them. */
    private Map<String, byte[]> validFiles() throws IOException {
        Incident i = incident();
        Path inc = dir.resolve("valid-incidents.json");
        new StateFile<>(inc, AlertEngine.Saved.class, clock).save(new AlertEngine.Saved(
                List.of(new AlertEngine.Tracked(i, null)), List.of(),
                List.of(new GroupState(Group.single(i), "log", false, List.of(i), Severity.P1, clock.instant(), clock.instant()))));
        Path sil = dir.resolve("valid-silences.json");
        new StateFile<>(sil, Silences.Saved.class, clock).save(new Silences.Saved(List.of(new Silence("s1", null, "database", null,
                Map.of("team", "db"), clock.instant(), clock.instant().plus(Duration.ofHours(1)), "deploy", "bob"))));
        Path del = dir.resolve("valid-delivery.json");
        queue(del).enqueue(Notification.of(Notification.Kind.TRIGGER, i, "log-held", clock.instant()));
        byte[] log = Files.readAllBytes(dir.resolve("delivery.log")); // the notification as its log line
        queue(del); // a start folds the log into the snapshot
        return Map.of("incidents", Files.readAllBytes(inc), "silences", Files.readAllBytes(sil), "delivery", Files.readAllBytes(del),
                "delivery-log", log);
    }

    /** Loads {@code content} as the given kind the way startup does; must not throw. */
    private int load(String kind, byte[] content) throws IOException {
        Files.deleteIfExists(dir.resolve("delivery.log"));
        if (kind.equals("delivery-log")) { // the log of changes alone, beside no snapshot
            Files.deleteIfExists(dir.resolve("delivery.json"));
            Files.write(dir.resolve("delivery.log"), content);
            return queue(dir.resolve("delivery.json")).pending("log-held");
        }
        Path f = dir.resolve(kind + ".json");
        Files.write(f, content);
        return switch (kind) {
            case "incidents" -> engine(f).open().size();
            case "silences" -> silences(f).list().size();
            default -> queue(f).pending("log-held");
        };
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "incidents | {}",
        "incidents | []",
        "incidents | null",
        "incidents | {\"open\":[{}],\"resolved\":[null,{}]}",
        "incidents | {\"open\":[null,{\"incident\":{}}]}",
        "incidents | {\"open\":[{\"incident\":{\"id\":\"x\",\"state\":\"RESOLVED\"}}]}",
        "silences  | {}",
        "silences  | {\"silences\":[{},null]}",
        "silences  | {\"silences\":[{\"id\":\"s\",\"endpoint\":\"database\",\"labels\":{\"team\":null}}]}",
        "delivery  | {}",
        "delivery  | {\"pending\":[null,{},{\"notification\":{}}]}",
        "delivery-log | {}\\n",
        "delivery-log | null\\n[]\\n{\"add\":{}}\\n{\"remove\":\"x\"}\\n",
        "delivery-log | {\"add\":{\"seq\":1,\"notification\":{}}}\\n{\"add\":",
        "delivery  | {\"nextSeq\":-5,\"pending\":[{\"seq\":1,\"notification\":{\"kind\":\"TRIGGER\"}}]}",
        "delivery  | ''"})
    void aDamagedShapeLoadsAsNothingWithoutAnException(String kind, String content) throws IOException {
        assertEquals(0, load(kind, content.replace("\\n", "\n").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aDamagedEntryIsDroppedAndTheOthersKept() throws IOException {
        String valid = new String(validFiles().get("silences"), StandardCharsets.UTF_8);
        String withDamaged = valid.replace("\"silences\":[", "\"silences\":[{\"id\":\"broken\"},");
        assertTrue(withDamaged.contains("broken"), withDamaged);
        assertEquals(1, load("silences", withDamaged.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void temporaryFilesOfAnInterruptedWriteAreRemoved() throws IOException {
        Path leftover = Files.createFile(dir.resolve("incidents.json123456.tmp"));
        Path other = Files.createFile(dir.resolve("notes.txt"));
        StateFile.removeLeftovers(dir);
        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(other), "only the state files' leftovers go");
    }

    @Test
    void tenThousandMutationsOfEachFileNeverThrow() throws IOException {
        // Thirty thousand warnings about damaged files would drown the build's output.
        Logger quiet = Logger.getLogger("io.healthmon");
        Level before = quiet.getLevel();
        quiet.setLevel(Level.SEVERE);
        try {
            fuzz();
        } finally {
            quiet.setLevel(before);
        }
    }

    private void fuzz() throws IOException {
        Random random = new Random(20271128);
        List<String> kinds = new ArrayList<>(List.of("incidents", "silences", "delivery", "delivery-log"));
        Map<String, byte[]> valid = validFiles();
        for (String kind : kinds) {
            byte[] base = valid.get(kind);
            assertEquals(1, load(kind, base), kind + " loads as written");
            for (int n = 0; n < 10_000; n++) {
                byte[] mutated = mutate(base, random);
                int loaded = load(kind, mutated);
                assertTrue(loaded <= 1, kind + " #" + n);
            }
        }
    }

    /** A few random edits: flip, delete, duplicate or replace bytes, truncate, or swap a JSON value for another shape. */
    private static byte[] mutate(byte[] base, Random r) {
        String s = new String(base, StandardCharsets.UTF_8);
        int edits = 1 + r.nextInt(3);
        for (int e = 0; e < edits && !s.isEmpty(); e++) {
            int at = r.nextInt(s.length());
            switch (r.nextInt(6)) {
                case 0 -> s = s.substring(0, at) + (char) (32 + r.nextInt(95)) + s.substring(Math.min(s.length(), at + 1));
                case 1 -> s = s.substring(0, at) + s.substring(Math.min(s.length(), at + 1 + r.nextInt(8)));
                case 2 -> s = s.substring(0, at) + s.substring(at, Math.min(s.length(), at + 1 + r.nextInt(8))) + s.substring(at);
                case 3 -> s = s.substring(0, at);
                case 4 -> {
                    String[] shapes = {"null", "{}", "[]", "0", "-1", "\"\"", "true", "1e309", "\"x\""};
                    int colon = s.indexOf(':', at);
                    if (colon > 0) {
                        int end = colon + 1;
                        while (end < s.length() && ",}]".indexOf(s.charAt(end)) < 0) {
                            end++;
                        }
                        s = s.substring(0, colon + 1) + shapes[r.nextInt(shapes.length)] + s.substring(end);
                    }
                }
                default -> s = s.replace("\"FIRING\"", "\"RESOLVED\"");
            }
        }
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
