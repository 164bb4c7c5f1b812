package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.message.RemoteActionException;
import io.scamp.message.Request;
import io.scamp.testing.ScriptedPeer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Sending never moves the caller's buffers, so a request sent again sends its whole body again. */
class ResendTest {
    private final ScriptedPeer peer = new ScriptedPeer();

    @AfterEach
    void close() {
        peer.close();
    }

    @Test
    void theSameRequestSentTwiceSendsItsWholeBodyTwiceAndLeavesTheCallersBuffersAlone() {
        ByteBuffer heap = ByteBuffer.wrap("hello ".getBytes(StandardCharsets.UTF_8));
        ByteBuffer direct = ByteBuffer.allocateDirect(5).put("world".getBytes(StandardCharsets.UTF_8)).flip();
        Request request = Request.of("Svc.upload", Flux.just(heap, direct));

        peer.connection().request(request).subscribe(r -> { }, e -> { });
        peer.connection().request(request).subscribe(r -> { }, e -> { });
        List<String> out = peer.received();

        assertThat(out).filteredOn(p -> p.startsWith("DATA")).containsExactlyInAnyOrder("DATA 0 hello ", "DATA 0 world", "DATA 1 hello ", "DATA 1 world");
        assertThat(heap.position()).isZero();
        assertThat(heap.limit()).isEqualTo(6);
        assertThat(direct.position()).isZero();
        assertThat(direct.limit()).isEqualTo(5);
    }

    @Test
    void buffersGivenToTheBuilderAreSentFromTheirPositionOnEverySend() {
        ByteBuffer part = ByteBuffer.wrap("..abc".getBytes(StandardCharsets.UTF_8)).position(2);
        Request request = Request.builder("Svc.upload").body(part, ByteBuffer.wrap("de".getBytes(StandardCharsets.UTF_8))).build();

        peer.connection().request(request).subscribe(r -> { }, e -> { });
        peer.connection().request(request).subscribe(r -> { }, e -> { });

        assertThat(peer.received()).filteredOn(p -> p.startsWith("DATA")).containsExactlyInAnyOrder("DATA 0 abc", "DATA 0 de", "DATA 1 abc", "DATA 1 de");
        assertThat(part.position()).isEqualTo(2);
    }

    @Test
    void anErrorReplyEndsTheRequestBodyStillBeingSentWithTxerr() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Flux<ByteBuffer> endless = Flux.range(0, Integer.MAX_VALUE).map(i -> ByteBuffer.allocate(16 * 1024)).doOnCancel(() -> cancelled.set(true));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        peer.connection().request(Request.of("Svc.upload", endless)).subscribe(r -> { }, failure::set);
        assertThat(peer.received()).filteredOn(p -> p.startsWith("DATA")).isNotEmpty();

        peer.packet("HEADER", 0, "{\"type\":\"reply\",\"request_id\":1,\"error_code\":\"too_big\",\"error\":\"no more\"}").packet("EOF", 0, "");

        assertThat(failure.get()).isInstanceOfSatisfying(RemoteActionException.class, e -> assertThat(e.errorCode()).isEqualTo("too_big"));
        List<String> out = peer.received();
        assertThat(out).filteredOn(p -> p.startsWith("TXERR 0 ")).hasSize(1);
        assertThat(out).noneMatch(p -> p.startsWith("EOF 0"));
        assertThat(cancelled).isTrue();
        peer.packet("ACK", 0, "65536"); // crosses the TXERR: ignored
        assertThat(peer.received()).isEmpty();
        assertThat(peer.channel().isOpen()).isTrue();
    }

    @Test
    void aSuccessfulReplyLetsTheRequestBodyFinish() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Flux<ByteBuffer> body = Flux.range(0, 8).map(i -> ByteBuffer.allocate(16 * 1024)).doOnCancel(() -> cancelled.set(true));
        peer.connection().request(Request.of("Svc.upload", body)).subscribe(r -> { }, e -> { });
        peer.received();

        peer.packet("HEADER", 0, "{\"type\":\"reply\",\"request_id\":1}").packet("EOF", 0, "");
        peer.packet("ACK", 0, "65536");

        assertThat(peer.received()).contains("EOF 0 ").noneMatch(p -> p.startsWith("TXERR"));
        assertThat(cancelled).isFalse();
    }
}
