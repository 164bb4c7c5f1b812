package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.scamp.message.Request;
import io.scamp.testing.ScriptedPeer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/**
 * Body items of DATA packets of 16 KiB or more go to the pipeline as slices of the
 * application's buffer ({@link LentItem}), and the publisher is asked for the next item only once
 * the pipeline has let go of the last slice: until then the buffer must not be reused.
 */
class LentItemTest {
    private static final int ITEM = 32 * 1024;

    private final ScriptedPeer peer = new ScriptedPeer();

    @AfterEach
    void close() {
        peer.close();
    }

    /** Two items of {@code ITEM} bytes, each filled with its index + 1, built by {@code make}; counts what is pulled. */
    private static Flux<ByteBuffer> twoItems(java.util.function.IntFunction<ByteBuffer> make, AtomicInteger pulled) {
        return Flux.range(0, 2).map(i -> {
            ByteBuffer b = make.apply(ITEM);
            byte[] fill = new byte[ITEM];
            Arrays.fill(fill, (byte) (i + 1));
            b.put(fill).flip();
            return b;
        }).doOnNext(b -> pulled.incrementAndGet());
    }

    /** The channel's outbound buffers, not yet released. */
    private List<ByteBuf> outbound() {
        peer.run();
        List<ByteBuf> out = new ArrayList<>();
        Object m;
        while ((m = peer.channel().readOutbound()) != null) {
            out.add((ByteBuf) m);
        }
        return out;
    }

    @Test
    void aLargeHeapItemGoesOutAsASliceOfItsOwnArrayAndTheNextIsAskedForOnceItIsReturned() {
        AtomicInteger pulled = new AtomicInteger();
        List<ByteBuffer> items = new ArrayList<>();
        Flux<ByteBuffer> body = twoItems(ByteBuffer::allocate, pulled).doOnNext(items::add);
        peer.connection().request(Request.of("Svc.upload", body)).subscribe(r -> { }, e -> { });

        List<ByteBuf> out = outbound();
        ByteBuf slice = out.stream().filter(b -> b.readableBytes() == ITEM).findFirst().orElseThrow();
        assertThat(slice.hasArray() && slice.array() == items.get(0).array()).as("the item's own bytes, not a copy").isTrue();
        assertThat(pulled.get()).as("the second item waits while the pipeline holds the first").isEqualTo(1);

        out.forEach(ByteBuf::release);
        peer.run();
        assertThat(pulled.get()).as("asked for once the first came back").isEqualTo(2);
        List<String> rest = peer.received();
        assertThat(rest).anySatisfy(p -> assertThat(p).startsWith("DATA 0 \u0002\u0002")).contains("EOF 0 ");
    }

    @Test
    void directAndReadOnlyItemsArriveIntact() {
        AtomicInteger pulled = new AtomicInteger();
        Flux<ByteBuffer> direct = twoItems(ByteBuffer::allocateDirect, pulled);
        Flux<ByteBuffer> readOnly = twoItems(ByteBuffer::allocate, pulled).map(ByteBuffer::asReadOnlyBuffer);
        peer.connection().request(Request.of("Svc.upload", direct.concatWith(readOnly))).subscribe(r -> { }, e -> { });

        List<String> data = peer.received().stream().filter(p -> p.startsWith("DATA")).toList();

        assertThat(pulled.get()).as("the window's two items, and the next, held for an ACK").isEqualTo(3);
        assertThat(data).hasSize(2); // the floor window: 64 KiB
        assertThat(data.get(0)).isEqualTo("DATA 0 " + "\u0001".repeat(ITEM));
        assertThat(data.get(1)).isEqualTo("DATA 0 " + "\u0002".repeat(ITEM));
        peer.packet("ACK", 0, String.valueOf(2 * ITEM));
        List<String> more = peer.received().stream().filter(p -> p.startsWith("DATA")).toList();
        assertThat(pulled.get()).isEqualTo(4);
        assertThat(more).containsExactly("DATA 0 " + "\u0001".repeat(ITEM), "DATA 0 " + "\u0002".repeat(ITEM));
    }

    @Test
    void aMessageAbandonedWhileItsItemIsLentCancelsItsPublisherOnlyOnceTheItemIsBack() {
        AtomicInteger pulled = new AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
        Flux<ByteBuffer> body = twoItems(ByteBuffer::allocate, pulled).doOnCancel(() -> cancelled.set(true));
        reactor.core.Disposable call = peer.connection().request(Request.of("Svc.upload", body)).subscribe(r -> { }, e -> { });
        List<ByteBuf> out = outbound();
        assertThat(pulled.get()).isEqualTo(1);

        call.dispose(); // the requester gives up: the message ends with TXERR
        peer.run();
        assertThat(cancelled).as("a cancelled publisher may reuse its buffer: not while the pipeline holds it").isFalse();
        out.forEach(ByteBuf::release);
        List<String> after = peer.received();

        assertThat(cancelled).isTrue();
        assertThat(pulled.get()).as("the returned item brings no request for another").isEqualTo(1);
        assertThat(after).anySatisfy(p -> assertThat(p).startsWith("TXERR 0 "));
    }

    @Test
    void itemsThatAreSlicesOfLargerBuffersSendTheirOwnBytes() {
        byte[] big = new byte[3 * ITEM];
        Arrays.fill(big, 0, ITEM, (byte) 7);
        Arrays.fill(big, ITEM, 2 * ITEM, (byte) 1);
        ByteBuffer heapSlice = ByteBuffer.wrap(big).position(ITEM).slice().limit(ITEM); // arrayOffset ITEM
        ByteBuffer direct = ByteBuffer.allocateDirect(3 * ITEM);
        direct.put(big, 0, 2 * ITEM).put(new byte[ITEM]).position(ITEM);
        ByteBuffer directSlice = direct.slice().limit(ITEM);
        peer.connection().request(Request.of("Svc.upload", Flux.just(heapSlice, directSlice))).subscribe(r -> { }, e -> { });

        List<String> data = peer.received().stream().filter(p -> p.startsWith("DATA")).toList();

        assertThat(heapSlice.arrayOffset()).isEqualTo(ITEM);
        assertThat(data).containsExactly("DATA 0 " + "\u0001".repeat(ITEM), "DATA 0 " + "\u0001".repeat(ITEM));
    }

    @Test
    void aPublisherThatOverflowsWhileItsItemIsLentIsCancelledOnlyOnceTheItemIsBack() {
        java.util.concurrent.atomic.AtomicBoolean cancelled = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicReference<org.reactivestreams.Subscriber<? super ByteBuffer>> subscriber =
                new java.util.concurrent.atomic.AtomicReference<>();
        org.reactivestreams.Publisher<ByteBuffer> body = s -> {
            subscriber.set(s);
            s.onSubscribe(new org.reactivestreams.Subscription() {
                @Override
                public void request(long n) {
                    s.onNext(ByteBuffer.allocate(ITEM));
                }

                @Override
                public void cancel() {
                    cancelled.set(true);
                }
            });
        };
        peer.connection().request(Request.of("Svc.upload", body)).subscribe(r -> { }, e -> { });
        List<ByteBuf> out = outbound(); // the first item is lent, so no second one is asked for

        subscriber.get().onNext(ByteBuffer.allocate(ITEM)); // never asked for
        peer.run();
        assertThat(cancelled).as("the first item is still lent").isFalse();

        out.forEach(ByteBuf::release);
        List<String> after = peer.received();

        assertThat(cancelled).isTrue();
        assertThat(after).anySatisfy(p -> assertThat(p).startsWith("TXERR 0 "));
    }
}
