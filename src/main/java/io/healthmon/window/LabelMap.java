package io.healthmon.window;

import java.time.Duration;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.Function;

/**
 * An immutable map from window label ("5m") to one value per window, over an array in window
 * order. A snapshot is taken on every probe result: a LinkedHashMap of the windows, and one of
 * boxed maxima per body value, were a third of what a result allocated; this is one array, its
 * labels and their index shared by every endpoint.
 */
abstract class LabelMap<V> extends AbstractMap<String, V> {

    /** The labels of a window list, in its order, with their index: made once per list of windows. */
    static final class Labels {
        private final String[] names;
        private final Map<String, Integer> index = new HashMap<>();

        Labels(List<Duration> lengths, Function<Duration, String> label) {
            names = lengths.stream().map(label).toArray(String[]::new);
            for (int i = 0; i < names.length; i++) {
                index.put(names[i], i);
            }
        }

        int size() {
            return names.length;
        }

        String name(int i) {
            return names[i];
        }

        /** -1 for a label that is not one of these. */
        int indexOf(Object label) {
            Integer i = index.get(label);
            return i == null ? -1 : i;
        }
    }

    private final Labels labels;

    private LabelMap(Labels labels) {
        this.labels = labels;
    }

    /** A map over {@code values}, which the caller hands over (never changes it afterwards). */
    static <V> Map<String, V> of(Labels labels, V[] values) {
        return new LabelMap<V>(labels) {
            @Override
            V at(int i) {
                return values[i];
            }
        };
    }

    /** A map of boxed doubles over {@code values}, boxed as read (reads are rare: rules read the snapshot's records). */
    static Map<String, Double> ofDoubles(Labels labels, double[] values) {
        return new LabelMap<Double>(labels) {
            @Override
            Double at(int i) {
                return values[i];
            }
        };
    }

    abstract V at(int i);

    @Override
    public int size() {
        return labels.size();
    }

    @Override
    public boolean containsKey(Object key) {
        return labels.indexOf(key) >= 0;
    }

    @Override
    public V get(Object key) {
        int i = labels.indexOf(key);
        return i < 0 ? null : at(i);
    }

    @Override
    public Set<Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return labels.size();
            }

            @Override
            public Iterator<Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < labels.size();
                    }

                    @Override
                    public Entry<String, V> next() {
                        if (next >= labels.size()) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(labels.name(i), at(i));
                    }
                };
            }
        };
    }
}
