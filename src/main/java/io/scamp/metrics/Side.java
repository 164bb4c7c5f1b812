package io.scamp.metrics;

/** Which end of its calls a client or service is: the {@code side} tag. */
enum Side {
    CLIENT, SERVICE
}
