package io.scamp.metrics;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * A fixed number of values made on first use, by index: the meters of one tag whose values are
 * a known, bounded set (packet types, causes, error codes), registered only once seen. Two
 * threads that make the same value at once both get the first one stored; a registry gives the
 * same meter for the same name and tags anyway.
 */
final class Lazy<T> {
    private final AtomicReferenceArray<T> values;
    private final IntFunction<T> make;

    Lazy(int size, IntFunction<T> make) {
        this.values = new AtomicReferenceArray<>(size);
        this.make = make;
    }

    T get(int index) {
        T value = values.get(index);
        if (value == null) {
            T made = make.apply(index);
            value = values.compareAndSet(index, null, made) ? made : values.get(index);
        }
        return value;
    }
}
