package io.healthmon.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Availability by UTC day, result by result on explicit times. */
class DailyAvailabilityTest {

    private static final Instant DAY0 = Instant.parse("2027-03-01T00:00:00Z");

    private static long at(int day, String time) {
        return DAY0.plus(Duration.ofDays(day)).plus(Duration.parse("PT" + time)).toEpochMilli();
    }

    private static String show(List<DayAvailability> days) {
        StringBuilder b = new StringBuilder();
        for (DayAvailability d : days) {
            b.append(d.date().getDayOfMonth()).append('=')
                    .append(d.watchedSeconds() == 0 ? "-" : (long) d.upSeconds() + "/" + (long) d.watchedSeconds()).append(' ');
        }
        return b.toString().trim();
    }

    /** A step: record (day, time, ok, weight), then what the last 4 days read as of (day, 12:00). */
    record Step(int day, String time, boolean ok, double weight) {
    }

    static Stream<Arguments> ticks() {
        return Stream.of(
                Arguments.of("one day, up and down", List.of(new Step(0, "1H", true, 60), new Step(0, "2H", false, 60),
                        new Step(0, "3H", true, 5)), 0, "26=- 27=- 28=- 1=65/125"),
                Arguments.of("a result just before midnight and one after it", List.of(new Step(0, "23H59M59S", false, 10),
                        new Step(1, "0S", true, 10)), 1, "27=- 28=- 1=0/10 2=10/10"),
                Arguments.of("days with no result read as not watched", List.of(new Step(0, "1H", true, 30),
                        new Step(3, "1H", false, 30)), 3, "1=30/30 2=- 3=- 4=0/30"),
                Arguments.of("a late result counts to its own day", List.of(new Step(1, "1H", true, 10),
                        new Step(0, "23H", false, 10), new Step(1, "2H", true, 10)), 1, "27=- 28=- 1=0/10 2=20/20"),
                Arguments.of("read on a later day: the newest days are empty", List.of(new Step(0, "1H", true, 10)), 2,
                        "28=- 1=10/10 2=- 3=-"),
                Arguments.of("90 days later the first day's slot is a new day, not the old one",
                        List.of(new Step(0, "1H", false, 10), new Step(90, "1H", true, 10)), 90, "27=- 28=- 29=- 30=10/10"),
                Arguments.of("a result older than the 90 days kept is ignored",
                        List.of(new Step(95, "1H", true, 10), new Step(5, "1H", false, 10), new Step(95, "2H", true, 10)), 95,
                        "1=- 2=- 3=- 4=20/20"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ticks")
    void resultsLandOnTheirUtcDay(String what, List<Step> steps, int readDay, String expected) {
        DailyAvailability d = new DailyAvailability();
        for (Step s : steps) {
            d.record(at(s.day(), s.time()), s.ok(), s.weight());
        }
        assertEquals(expected, show(d.days(at(readDay, "12H"), 4)));
    }

    @Test
    void ninetyDaysAreKeptAndTheOldestGoesAsADayIsAdded() {
        DailyAvailability d = new DailyAvailability();
        for (int day = 0; day < 100; day++) {
            for (int i = 0; i < 24; i++) {
                d.record(at(day, i + "H"), i >= day % 24, 3600); // day k: k hours down
            }
        }
        List<DayAvailability> days = d.days(at(99, "23H"), 90);
        assertEquals(90, days.size());
        assertEquals(LocalDate.parse("2027-03-11"), days.get(0).date(), "day 10 is the oldest kept");
        assertEquals(LocalDate.parse("2027-06-08"), days.get(89).date());
        for (int k = 0; k < 90; k++) {
            int day = k + 10;
            assertEquals(86400, days.get(k).watchedSeconds(), "day " + day);
            assertEquals(1 - (day % 24) / 24.0, days.get(k).availability(), 1e-9, "day " + day);
        }
        List<DayAvailability> more = d.days(at(99, "23H"), 95);
        assertEquals(0, more.get(4).watchedSeconds(), "day 9 is no longer kept");
        assertTrue(Double.isNaN(more.get(4).availability()));
    }

    @Test
    void whatIsWrittenReadsBackTheSame() throws IOException {
        DailyAvailability d = new DailyAvailability();
        for (int day = 0; day < 120; day += 3) {
            d.record(at(day, "6H"), true, 60);
            d.record(at(day, "7H"), day % 2 == 0, 1.5);
        }
        DailyAvailability read = new DailyAvailability();
        read.readFrom(in(bytes(d)));
        assertEquals(d.days(at(119, "0S"), 90), read.days(at(119, "0S"), 90));

        DailyAvailability empty = new DailyAvailability();
        DailyAvailability stillEmpty = new DailyAvailability();
        stillEmpty.readFrom(in(bytes(empty)));
        assertEquals(show(empty.days(at(0, "0S"), 3)), show(stillEmpty.days(at(0, "0S"), 3)));
    }

    static Stream<Arguments> damaged() {
        return Stream.of(
                Arguments.of("more days than kept", (Writer) out -> {
                    out.writeLong(20000);
                    out.writeShort(91);
                }, "91 days saved, at most 90"),
                Arguments.of("a day further back than kept", (Writer) out -> {
                    out.writeLong(20000);
                    out.writeShort(1);
                    out.writeByte(95);
                    out.writeFloat(1);
                    out.writeFloat(2);
                }, "95 days back"),
                Arguments.of("more seconds up than watched", (Writer) out -> {
                    out.writeLong(20000);
                    out.writeShort(1);
                    out.writeByte(0);
                    out.writeFloat(30);
                    out.writeFloat(20);
                }, "30.0 s up of 20.0 s"),
                Arguments.of("a day watched not at all", (Writer) out -> {
                    out.writeLong(20000);
                    out.writeShort(1);
                    out.writeByte(0);
                    out.writeFloat(0);
                    out.writeFloat(Float.NaN);
                }, "NaN s"));
    }

    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damaged")
    void aDamagedSaveIsRefusedAndLeavesTheDaysAsTheyWere(String what, Writer damage, String message) throws IOException {
        DailyAvailability d = new DailyAvailability();
        d.record(at(0, "1H"), true, 10);
        String before = show(d.days(at(0, "2H"), 2));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        damage.write(new DataOutputStream(b));
        IOException e = assertThrows(IOException.class, () -> d.readFrom(in(b.toByteArray())));
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertEquals(before, show(d.days(at(0, "2H"), 2)));
    }

    private static byte[] bytes(DailyAvailability d) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        d.writeTo(new DataOutputStream(b));
        return b.toByteArray();
    }

    private static DataInputStream in(byte[] bytes) {
        return new DataInputStream(new ByteArrayInputStream(bytes));
    }
}
