/**
 * <strong>Internal: not part of the public API.</strong> The beepish framing of SCAMP
 * (SCAMP.md §2–§5): {@link io.scamp.wire.PacketDecoder} turns the byte stream into
 * {@link io.scamp.wire.Packet}s, {@link io.scamp.wire.PacketEncoder} writes them, and
 * {@link io.scamp.wire.HeaderJson} reads and writes the JSON of a HEADER packet. Its types
 * are public only so the library's other packages can use them; they deal in Netty buffers
 * and may change or disappear in any release without notice. Applications should not depend
 * on them: use {@link io.scamp.client}, {@link io.scamp.service} and {@link io.scamp.message}.
 */
package io.scamp.wire;
