package io.scamp.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

/** Which requests may be sent again: those whose body the library built from bytes, buffers or JSON. */
class RequestTest {
    @Test
    void bodiesBuiltFromBytesBuffersOrJsonAreReplayable() {
        assertThat(Request.builder("A.b").build().isReplayable()).as("empty").isTrue();
        assertThat(Request.builder("A.b").body(new byte[] {1}).build().isReplayable()).as("bytes").isTrue();
        assertThat(Request.builder("A.b").body(ByteBuffer.allocate(1)).build().isReplayable()).as("buffers").isTrue();
        assertThat(Request.builder("A.b").json(Map.of("k", 1)).build().isReplayable()).as("json").isTrue();
        assertThat(Request.json("A.b", Map.of()).isReplayable()).as("Request.json").isTrue();
    }

    @Test
    void anArbitraryPublisherIsNotUnlessDeclaredSo() {
        assertThat(Request.of("A.b", Flux.just(ByteBuffer.allocate(1))).isReplayable()).isFalse();
        assertThat(Request.builder("A.b").body(Flux.just(ByteBuffer.allocate(1))).build().isReplayable()).isFalse();
        assertThat(Request.builder("A.b").body(new byte[] {1}).body(Flux.empty()).build().isReplayable()).as("the last body counts").isFalse();
        assertThat(Request.builder("A.b").body(Flux.empty(), true).build().isReplayable()).isTrue();
        assertThat(Request.json("A.b", Map.of()).withBody(Flux.empty()).isReplayable()).isFalse();
    }

    @Test
    void copiesKeepTheFlag() {
        Request request = Request.json("A.b", Map.of());
        assertThat(request.withTimeout(Duration.ofSeconds(1)).isReplayable()).isTrue();
        assertThat(request.withHeader(request.header()).isReplayable()).isTrue();
        assertThat(request.withVerifiedTicket(null).isReplayable()).isTrue();
        assertThat(Request.received(request.header(), Flux.empty()).isReplayable()).isFalse();
    }

    @Test
    void aTimeoutMustBePositiveThereIsNoNoLimit() {
        assertThatThrownBy(() -> Request.builder("A.b").timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.builder("A.b").timeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.json("A.b", Map.of()).withTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Request.json("A.b", Map.of()).withTimeout(Duration.ofMillis(-5))).isInstanceOf(IllegalArgumentException.class);

        assertThat(Request.builder("A.b").timeout(Duration.ofNanos(1)).build().timeout()).isEqualTo(Duration.ofNanos(1));
        assertThat(Request.builder("A.b").timeout(Duration.ofSeconds(3)).timeout(null).build().timeout()).as("back to the client's default").isNull();
        assertThat(Request.json("A.b", Map.of()).withTimeout(null).timeout()).isNull();
    }
}
