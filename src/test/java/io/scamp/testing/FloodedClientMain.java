package io.scamp.testing;

import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.message.ConnectionStalledException;
import io.scamp.message.Reply;
import io.scamp.message.Request;
import io.scamp.message.TransportException;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * A requester for heap-limited tests against a hostile service: sends {@code Test.flood} to
 * {@code ADDRESS} (no fingerprint: any certificate), with a receive stall timeout of
 * {@code -Dscamp.test.stallSeconds} (2 s by default), and then treats the reply body as
 * {@code MODE} says: {@code stuck} reads the first {@code 1 MiB} and then stops asking for more
 * (an application that got stuck), {@code hold} never subscribes to it, and sends a second
 * request on the same connection that the service never answers, to see the connection fail.
 *
 * <p>Prints one line, {@code FAILED <exception class> consumed=<bytes> <message>}, and exits 0
 * when the request failed with a {@link TransportException} (a {@link ConnectionStalledException}
 * is one); exits 1 for another error, 2 if the body ended, 4 if nothing happened for 50 s. An
 * {@link OutOfMemoryError} kills the JVM ({@link ForkedJvm} passes {@code -XX:+ExitOnOutOfMemoryError}).
 */
public final class FloodedClientMain {
    private static final Duration WAIT = Duration.ofSeconds(50);
    private static final long STUCK_AFTER = 1L << 20;

    private FloodedClientMain() {
    }

    public static void main(String[] args) throws Exception {
        String address = args[0];
        String mode = args[1];
        AtomicLong consumed = new AtomicLong();
        int exit;
        try (ScampClient client = ScampClient.builder()
                .receiveStallTimeout(Duration.ofSeconds(Long.getLong("scamp.test.stallSeconds", 2)))
                .timeout(WAIT)
                .build()) {
            Endpoint target = Endpoint.of(address, null);
            Throwable failure;
            try {
                Reply reply = client.request(target, Request.builder("Test.flood").body("go".getBytes(StandardCharsets.UTF_8)).build())
                        .block(WAIT);
                failure = "hold".equals(mode) ? hold(client, target, reply) : stuck(reply, consumed);
            } catch (Exception e) {
                failure = e;
            }
            if (failure == null) {
                System.out.println("ENDED consumed=" + consumed.get());
                exit = 2;
            } else if (failure instanceof TimeoutException) {
                System.out.println("NOTHING consumed=" + consumed.get() + " " + failure);
                exit = 4;
            } else {
                System.out.println("FAILED " + failure.getClass().getName() + " consumed=" + consumed.get() + " " + failure.getMessage());
                exit = failure instanceof TransportException ? 0 : 1;
            }
            System.out.flush();
        }
        System.exit(exit);
    }

    /** Leaves the reply body alone; the failure of a second request on the connection tells what became of it. */
    private static Throwable hold(ScampClient client, Endpoint target, Reply reply) {
        try {
            client.request(target, Request.builder("Test.unanswered").body(new byte[0]).build()).block(WAIT.plusSeconds(10));
            return null;
        } catch (Exception e) {
            return e;
        } finally {
            Reference.reachabilityFence(reply); // held, not dropped: a dropped reply's body would be drained
        }
    }

    /** Reads the first {@link #STUCK_AFTER} bytes of the body, then asks for nothing more. */
    private static Throwable stuck(Reply reply, AtomicLong consumed) throws Exception {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        reply.body().subscribe(new BaseSubscriber<ByteBuffer>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                request(1);
            }

            @Override
            protected void hookOnNext(ByteBuffer value) {
                if (consumed.addAndGet(value.remaining()) < STUCK_AFTER) {
                    request(1);
                }
            }

            @Override
            protected void hookOnComplete() {
                ended.complete(null);
            }

            @Override
            protected void hookOnError(Throwable failure) {
                ended.complete(failure);
            }
        });
        return ended.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
}
