package io.scamp.cli;

import java.io.FileInputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Request bodies for {@code scamp request}: text, a file or stdin, read lazily in 64 KiB
 * chunks on a blocking-friendly scheduler, only as the connection asks for more.
 */
final class BodySources {
    static final int CHUNK = 64 * 1024;

    private BodySources() {
    }

    static Flux<ByteBuffer> text(String text) {
        return Flux.just(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** The file at {@code path}, or stdin for {@code -}. */
    static Flux<ByteBuffer> file(String path) {
        if ("-".equals(path)) {
            return channel(() -> new FileInputStream(FileDescriptor.in).getChannel());
        }
        return channel(() -> FileChannel.open(Path.of(path)));
    }

    static Flux<ByteBuffer> channel(Callable<ReadableByteChannel> open) {
        return Flux.using(open,
                        ch -> Flux.<ByteBuffer>generate(sink -> {
                            try {
                                ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
                                while (buffer.hasRemaining()) {
                                    int n = ch.read(buffer);
                                    if (n < 0) {
                                        break;
                                    }
                                }
                                if (buffer.position() == 0) {
                                    sink.complete();
                                } else {
                                    sink.next(buffer.flip());
                                }
                            } catch (IOException e) {
                                sink.error(new UncheckedIOException("cannot read the request body: " + e.getMessage(), e));
                            }
                        }),
                        ch -> {
                            try {
                                ch.close();
                            } catch (IOException ignored) {
                                // nothing more to read anyway
                            }
                        })
                .subscribeOn(Schedulers.boundedElastic());
    }
}
