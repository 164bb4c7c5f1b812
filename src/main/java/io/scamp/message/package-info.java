/**
 * The messages of SCAMP as an application sees them, on either side of a call:
 * {@link io.scamp.message.Request} and {@link io.scamp.message.Reply} (header fields plus a
 * body streamed as a {@code Flux<ByteBuffer>} with ACK backpressure), the
 * {@link io.scamp.message.MessageHeader} they carry (SCAMP.md §5), {@link io.scamp.message.Bodies}
 * for capped aggregation and JSON, and the exception family rooted at
 * {@link io.scamp.message.ScampException}, which tells a broken peer, a lost connection, a
 * remote error and a timeout apart. Everything a client or a service exchanges goes through
 * these types, so nothing here depends on Netty.
 */
package io.scamp.message;
