package io.scamp.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.scamp.message.RemoteActionException;
import io.scamp.message.TransportException;
import org.junit.jupiter.api.Test;

/** Which failures the router may retry on another instance: those that say no handler ran. */
class DispatchFailureTest {
    @Test
    void anyErrorReplyFlaggedDispatchFailureIsRetryableWhateverItsCode() {
        var flagged = JsonNodeFactory.instance.objectNode().put("dispatch_failure", true);

        assertThat(Router.isDispatchFailure(new RemoteActionException("busy", "too many", flagged))).isTrue();
        assertThat(Router.isDispatchFailure(new RemoteActionException("transport", "shutting down", flagged))).isTrue();
        assertThat(Router.isDispatchFailure(new RemoteActionException("busy", "too many", null))).isFalse();
        assertThat(Router.isDispatchFailure(new RemoteActionException("generic", "failed", JsonNodeFactory.instance.objectNode())))
                .isFalse();
        assertThat(Router.isDispatchFailure(new TransportException("refused", true))).isTrue();
        assertThat(Router.isDispatchFailure(new TransportException("lost", false))).isFalse();
    }
}
