package io.scamp.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Writes a reply body raw to stdout as it streams, off the event loop and with a small
 * prefetch, so a slow reader of our stdout slows the remote producer down instead of
 * filling the heap.
 */
final class StdoutSink {
    private StdoutSink() {
    }

    static Mono<Long> write(Flux<ByteBuffer> body) {
        @SuppressWarnings("resource") // stdout stays open for the life of the process
        WritableByteChannel out = new FileOutputStream(FileDescriptor.out).getChannel();
        return write(body, out);
    }

    static Mono<Long> write(Flux<ByteBuffer> body, WritableByteChannel out) {
        return body.publishOn(Schedulers.boundedElastic(), 4)
                .reduce(0L, (total, buffer) -> {
                    try {
                        long n = buffer.remaining();
                        while (buffer.hasRemaining()) {
                            out.write(buffer);
                        }
                        return total + n;
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot write to stdout: " + e.getMessage(), e);
                    }
                });
    }
}
