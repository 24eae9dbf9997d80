package io.healthmon.window;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One endpoint's availability by UTC day over the last {@link #DAYS} days (the status page's
 * 90-day bar and its 7-day figure): for each day the probe time that was up and the probe time
 * watched, each result counting its weight (the cadence it was taken at), as the windows count it.
 * Time the daemon was down is not watched, so it counts neither way. Days are UTC, so every
 * replica and every reader agrees on where a day ends. It takes its own lock: after a reload that
 * changed the window list, the old windows and the new share it while the old pipeline's last
 * results land.
 *
 * <p>Seconds are floats: a day holds at most 86,400, which a float keeps to the hundredth of a
 * second, and 90 days of two floats are 720 bytes an endpoint.
 */
final class DailyAvailability {

    static final int DAYS = 90;
    private static final long DAY_MS = 86_400_000L;
    private static final long NONE = Long.MIN_VALUE;

    /** Indexed by epoch day modulo {@link #DAYS}. */
    private final float[] up = new float[DAYS];
    private final float[] watched = new float[DAYS];
    /** The newest epoch day recorded ({@link #NONE} before the first result). */
    private long newest = NONE;

    synchronized void record(long epochMillis, boolean ok, double weightSeconds) {
        long day = Math.floorDiv(epochMillis, DAY_MS);
        if (newest != NONE && day <= newest - DAYS) {
            return; // older than what is kept
        }
        if (newest == NONE || day > newest) {
            // the days in between were not probed: their slots still hold days DAYS older
            long from = newest == NONE ? day - DAYS + 1 : Math.max(newest + 1, day - DAYS + 1);
            for (long d = from; d <= day; d++) {
                int i = index(d);
                up[i] = 0;
                watched[i] = 0;
            }
            newest = day;
        }
        int i = index(day);
        watched[i] += (float) weightSeconds;
        if (ok) {
            up[i] += (float) weightSeconds;
        }
    }

    /** The {@code count} days up to and including the one holding {@code nowMillis}, oldest first. */
    synchronized List<DayAvailability> days(long nowMillis, int count) {
        long today = Math.floorDiv(nowMillis, DAY_MS);
        List<DayAvailability> out = new ArrayList<>(count);
        for (long d = today - count + 1; d <= today; d++) {
            boolean kept = newest != NONE && d <= newest && d > newest - DAYS;
            int i = index(d);
            out.add(new DayAvailability(LocalDate.ofEpochDay(d), kept ? up[i] : 0, kept ? watched[i] : 0));
        }
        return out;
    }

    /** The days with data: the newest day, then how many, then each as (days before the newest, up, watched). */
    synchronized void writeTo(DataOutput out) throws IOException {
        out.writeLong(newest);
        if (newest == NONE) {
            return;
        }
        int n = 0;
        for (int back = 0; back < DAYS; back++) {
            if (watched[index(newest - back)] > 0) {
                n++;
            }
        }
        out.writeShort(n);
        for (int back = 0; back < DAYS; back++) {
            int i = index(newest - back);
            if (watched[i] > 0) {
                out.writeByte(back);
                out.writeFloat(up[i]);
                out.writeFloat(watched[i]);
            }
        }
    }

    /** Takes over what {@link #writeTo} wrote (this one holds nothing yet). */
    synchronized void readFrom(DataInput in) throws IOException {
        long saved = in.readLong();
        if (saved == NONE) {
            return;
        }
        int n = in.readShort();
        if (n < 0 || n > DAYS) {
            throw new IOException(n + " days saved, at most " + DAYS + " are kept");
        }
        float[] u = new float[DAYS];
        float[] w = new float[DAYS];
        for (int k = 0; k < n; k++) {
            int back = in.readByte();
            float upSeconds = in.readFloat();
            float watchedSeconds = in.readFloat();
            if (back < 0 || back >= DAYS || !(watchedSeconds > 0 && watchedSeconds <= 200_000f)
                    || !(upSeconds >= 0 && upSeconds <= watchedSeconds)) {
                throw new IOException("a saved day does not read (" + back + " days back: " + upSeconds + " s up of "
                        + watchedSeconds + " s)");
            }
            int i = index(saved - back);
            u[i] = upSeconds;
            w[i] = watchedSeconds;
        }
        System.arraycopy(u, 0, up, 0, DAYS);
        System.arraycopy(w, 0, watched, 0, DAYS);
        newest = saved;
    }

    private static int index(long epochDay) {
        return (int) Math.floorMod(epochDay, (long) DAYS);
    }
}
