package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.testing.ScriptedPeer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscription;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/** A body publisher that emits more than it was asked for fails its message instead of losing data. */
class BodyOverflowTest {
    private ScriptedPeer peer = new ScriptedPeer();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    @AfterEach
    void close() {
        peer.close();
    }

    /** Emits two buffers for every request, whatever was asked for: a broken Reactive Streams publisher. */
    private Publisher<ByteBuffer> twoForOne() {
        return s -> s.onSubscribe(new Subscription() {
            @Override
            public void request(long n) {
                s.onNext(ByteBuffer.wrap("one".getBytes(StandardCharsets.UTF_8)));
                s.onNext(ByteBuffer.wrap("two".getBytes(StandardCharsets.UTF_8)));
            }

            @Override
            public void cancel() {
                cancelled.set(true);
            }
        });
    }

    @Test
    void anOverflowingRequestBodyEndsWithTxerrAndFailsTheRequest() {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        peer.connection().request(Request.of("Svc.upload", twoForOne()), Duration.ofSeconds(5)).subscribe(r -> { }, failure::set);

        List<String> out = peer.received();

        assertThat(failure.get()).isInstanceOf(IllegalStateException.class).matches(Exceptions::isOverflow)
                .hasMessageContaining("more buffers than");
        assertThat(out.get(0)).startsWith("HEADER 0 ");
        assertThat(out).filteredOn(p -> p.startsWith("TXERR 0 ")).singleElement().asString().contains("more buffers than");
        assertThat(out).doesNotContain("DATA 0 two", "EOF 0 ");
        assertThat(cancelled).isTrue();
        assertThat(peer.channel().isOpen()).isTrue();

        // a reply that comes anyway is drained; the connection carries on
        peer.packet("HEADER", 0, "{\"type\":\"reply\",\"request_id\":1}").packet("EOF", 0, "");
        AtomicReference<Reply> next = new AtomicReference<>();
        peer.connection().request(Request.builder("Svc.next").build()).subscribe(next::set);
        peer.packet("HEADER", 1, "{\"type\":\"reply\",\"request_id\":2}").packet("EOF", 1, "");
        assertThat(next.get()).isNotNull();
    }

    @Test
    void anOverflowingReplyBodyEndsWithTheNeutralTxerr() {
        peer.close();
        peer = new ScriptedPeer(ConnectionSettings.serverDefaults().withIdleTimeout(Duration.ZERO), req -> Mono.just(Reply.of(twoForOne())));

        peer.packet("HEADER", 0, "{\"type\":\"request\",\"action\":\"Svc.get\",\"request_id\":1}").packet("EOF", 0, "");
        List<String> out = peer.received();

        assertThat(out.get(0)).startsWith("HEADER 0 ").contains("\"type\":\"reply\"");
        assertThat(out).contains("TXERR 0 " + RemoteErrors.INTERNAL_ERROR).doesNotContain("DATA 0 two", "EOF 0 ");
        assertThat(cancelled).isTrue();
    }
}
