package io.mshield.crypto.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A small thread-safe cache that drops its least recently used entry beyond a size, for values
 * that are costly to make and immutable once made (decoded certificates and their holders). A
 * value is made outside the lock, so two threads may both make one for a new key; either result
 * is kept.
 *
 * @param <K> the key; must not change once used
 * @param <V> the value
 */
final class BoundedCache<K, V> {
    private final Map<K, V> entries;

    /**
     * Creates a cache.
     *
     * @param maxEntries how many entries it keeps at most
     */
    BoundedCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.entries = new LinkedHashMap<>(64, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /**
     * The value for a key, made and kept if absent.
     *
     * @param lookup the key to look up with
     * @param keep   the key to keep a new value under (a defensive copy of {@code lookup}, say)
     * @param make   makes the value; what it throws reaches the caller and nothing is kept
     * @return the value
     */
    V get(K lookup, Supplier<K> keep, Supplier<V> make) {
        synchronized (entries) {
            V known = entries.get(lookup);
            if (known != null) {
                return known;
            }
        }
        V made = Objects.requireNonNull(make.get(), "made");
        synchronized (entries) {
            entries.put(keep.get(), made);
        }
        return made;
    }
}
