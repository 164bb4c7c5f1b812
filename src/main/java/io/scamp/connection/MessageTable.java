package io.scamp.connection;

import java.util.ArrayList;
import java.util.List;

/**
 * A map from message number (or request id) to the object tracking it, for one connection's
 * event loop (not thread-safe).
 *
 * <p>Open addressing over parallel arrays, so a put allocates nothing (no entry node, no boxed
 * key), with the keys mixed before probing: the numbers are sequential, and without mixing
 * (as in Netty's {@code LongObjectHashMap}) they fill one contiguous run, so every removal's
 * backward shift scans all open messages. Removal shifts back the following entries of the
 * probe run, leaving no tombstones. Grows at half full, never shrinks below its peak.
 */
final class MessageTable<V> {
    private long[] keys;
    private Object[] values;
    private int mask;
    private int size;

    MessageTable() {
        this(16);
    }

    MessageTable(int capacity) {
        int n = Integer.highestOneBit(Math.max(4, capacity - 1)) << 1;
        keys = new long[n];
        values = new Object[n];
        mask = n - 1;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    @SuppressWarnings("unchecked")
    V get(long key) {
        int i = indexOf(key);
        return i < 0 ? null : (V) values[i];
    }

    boolean containsKey(long key) {
        return get(key) != null;
    }

    /** Maps {@code key} to {@code value} (not null); returns the previous value or null. */
    @SuppressWarnings("unchecked")
    V put(long key, V value) {
        if (value == null) {
            throw new NullPointerException("value");
        }
        for (int i = slot(key); ; i = (i + 1) & mask) {
            Object v = values[i];
            if (v == null) {
                keys[i] = key;
                values[i] = value;
                if (++size * 2 > values.length) {
                    grow();
                }
                return null;
            }
            if (keys[i] == key) {
                values[i] = value;
                return (V) v;
            }
        }
    }

    /** Removes {@code key}; returns its value or null. */
    @SuppressWarnings("unchecked")
    V remove(long key) {
        int i = indexOf(key);
        if (i < 0) {
            return null;
        }
        V value = (V) values[i];
        deleteAt(i);
        return value;
    }

    /** The slot holding {@code key}, or -1. */
    private int indexOf(long key) {
        for (int i = slot(key); values[i] != null; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return i;
            }
        }
        return -1;
    }

    /** Removes {@code key} only while it maps to {@code value}; returns whether it did. */
    boolean remove(long key, V value) {
        int i = indexOf(key);
        if (i < 0 || values[i] != value) {
            return false;
        }
        deleteAt(i);
        return true;
    }

    /** A snapshot of the values, in no particular order. */
    @SuppressWarnings("unchecked")
    List<V> values() {
        List<V> out = new ArrayList<>(size);
        for (Object v : values) {
            if (v != null) {
                out.add((V) v);
            }
        }
        return out;
    }

    void clear() {
        java.util.Arrays.fill(values, null);
        size = 0;
    }

    private void deleteAt(int hole) {
        values[hole] = null;
        size--;
        // Backward shift: move later entries of the run into the hole when their home slot allows it.
        for (int i = (hole + 1) & mask; values[i] != null; i = (i + 1) & mask) {
            int home = slot(keys[i]);
            boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
            if (movable) {
                keys[hole] = keys[i];
                values[hole] = values[i];
                values[i] = null;
                hole = i;
            }
        }
    }

    private void grow() {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new long[oldKeys.length * 2];
        values = new Object[oldValues.length * 2];
        mask = values.length - 1;
        for (int j = 0; j < oldValues.length; j++) {
            if (oldValues[j] != null) {
                int i = slot(oldKeys[j]);
                while (values[i] != null) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L; // Fibonacci hashing: spreads sequential keys over the table
        int x = (int) (h >>> 32) ^ (int) h;
        return (x ^ (x >>> 16)) & mask;
    }
}
