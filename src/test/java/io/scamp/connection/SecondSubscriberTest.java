package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.TransportException;
import io.scamp.testing.ScriptedPeer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** A received body has one subscriber; any later one is refused at once, whatever state the body is in. */
class SecondSubscriberTest {
    private final ScriptedPeer peer = new ScriptedPeer();

    @AfterEach
    void close() {
        peer.close();
    }

    private Reply reply() {
        AtomicReference<Reply> reply = new AtomicReference<>();
        peer.connection().request(Request.of("Svc.get", Flux.empty())).subscribe(reply::set);
        peer.received();
        peer.packet("HEADER", 0, "{\"type\":\"reply\",\"request_id\":1}");
        return reply.get();
    }

    private static String text(ByteBuffer b) {
        return StandardCharsets.UTF_8.decode(b).toString();
    }

    @Test
    void aSecondSubscriberWhileTheFirstReadsIsRefusedAndTheFirstCarriesOn() {
        Reply reply = reply();
        List<String> first = new ArrayList<>();
        AtomicBoolean firstDone = new AtomicBoolean();
        reply.body().map(SecondSubscriberTest::text).subscribe(first::add, e -> { }, () -> firstDone.set(true));
        peer.packet("DATA", 0, "one");

        AtomicReference<Throwable> second = new AtomicReference<>();
        reply.body().subscribe(b -> { }, second::set);
        peer.packet("DATA", 0, "two").packet("EOF", 0, "");

        assertThat(second.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("once");
        assertThat(first).containsExactly("one", "two");
        assertThat(firstDone).isTrue();
    }

    @Test
    void aSecondSubscriberAfterTheFirstCompletedIsRefused() {
        Reply reply = reply();
        peer.packet("DATA", 0, "all").packet("EOF", 0, "");
        List<String> first = new ArrayList<>();
        reply.body().map(SecondSubscriberTest::text).subscribe(first::add);
        assertThat(first).containsExactly("all");

        AtomicReference<Throwable> second = new AtomicReference<>();
        AtomicBoolean secondCompleted = new AtomicBoolean();
        reply.body().subscribe(b -> { }, second::set, () -> secondCompleted.set(true));

        assertThat(second.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("once");
        assertThat(secondCompleted).isFalse();
    }

    @Test
    void aSecondSubscriberAfterTheFirstFailedIsRefused() {
        Reply reply = reply();
        AtomicReference<Throwable> first = new AtomicReference<>();
        reply.body().subscribe(b -> { }, first::set);
        peer.packet("TXERR", 0, "gave up");
        assertThat(first.get()).isInstanceOf(TransportException.class);

        AtomicReference<Throwable> second = new AtomicReference<>();
        reply.body().subscribe(b -> { }, second::set);

        assertThat(second.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("once");
    }

    @Test
    void aSubscriberAfterTheFirstCancelledIsRefused() {
        Reply reply = reply();
        peer.packet("DATA", 0, "one");
        reply.body().take(1).subscribe();

        AtomicReference<Throwable> second = new AtomicReference<>();
        reply.body().subscribe(b -> { }, second::set);

        assertThat(second.get()).isInstanceOf(IllegalStateException.class);
    }
}
