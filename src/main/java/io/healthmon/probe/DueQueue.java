package io.healthmon.probe;

import java.util.Arrays;

/**
 * The turns one event loop has coming, earliest first: a binary heap of slot numbers keyed by due
 * time, each slot knowing its place in the heap so that moving or dropping a turn is O(log n).
 * Nothing is allocated per turn (the heap grows, like a list, only when slots are added); a timer
 * object per turn lived a second, long enough to be promoted out of the young generation, and at
 * 10,000 endpoints filled the old one.
 *
 * <p>Pure: the caller says what time it is. Not thread-safe: one event loop owns it.
 */
final class DueQueue {

    /** Heap of slots, earliest due at [0]. */
    private int[] heap = new int[16];
    /** Per slot: its due time, and its place in the heap (-1: not queued). */
    private long[] due = new long[16];
    private int[] place = filled(16);
    private int size;

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, -1);
        return a;
    }

    /** Queues slot {@code s} (a small non-negative number the caller owns) at {@code at}, or moves it there. */
    void schedule(int s, long at) {
        if (s >= due.length) {
            int n = Math.max(s + 1, due.length * 2);
            due = Arrays.copyOf(due, n);
            int before = place.length;
            place = Arrays.copyOf(place, n);
            Arrays.fill(place, before, n, -1);
        }
        due[s] = at;
        int i = place[s];
        if (i < 0) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            i = size++;
            heap[i] = s;
            place[s] = i;
        }
        up(i);
        down(place[s]);
    }

    /** Takes slot {@code s} off the queue, if it is on it. */
    void cancel(int s) {
        int i = s < place.length ? place[s] : -1;
        if (i < 0) {
            return;
        }
        int last = heap[--size];
        place[s] = -1;
        if (i < size) {
            heap[i] = last;
            place[last] = i;
            up(i);
            down(place[last]);
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** When the earliest queued slot is due; only when not empty. */
    long earliest() {
        return due[heap[0]];
    }

    /** Takes the earliest slot off the queue and returns it, if it is due at or before {@code now}; else -1. */
    int pollDue(long now) {
        if (size == 0 || due[heap[0]] > now) {
            return -1;
        }
        int s = heap[0];
        cancel(s);
        return s;
    }

    int size() {
        return size;
    }

    private void up(int i) {
        int s = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            int p = heap[parent];
            if (due[p] <= due[s]) {
                break;
            }
            heap[i] = p;
            place[p] = i;
            i = parent;
        }
        heap[i] = s;
        place[s] = i;
    }

    private void down(int i) {
        int s = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && due[heap[right]] < due[heap[child]]) {
                child = right;
            }
            if (due[s] <= due[heap[child]]) {
                break;
            }
            heap[i] = heap[child];
            place[heap[i]] = i;
            i = child;
        }
        heap[i] = s;
        place[s] = i;
    }
}
