package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;
import org.junit.jupiter.api.Test;

/** The numbering rules of {@link OpenMessages} (SCAMP.md §3, §4), with strings for messages. */
class OpenMessagesTest {
    private final OpenMessages<String, String> messages = new OpenMessages<>();

    @Test
    void incomingHeadersMustComeInSequence() {
        messages.checkNextIncoming(0);
        messages.incomingOpened("in0");
        assertViolation(() -> messages.checkNextIncoming(0), ProtocolViolation.OUT_OF_SEQUENCE, "second HEADER for open message 0");
        assertViolation(() -> messages.checkNextIncoming(2), ProtocolViolation.OUT_OF_SEQUENCE, "HEADER 2 where 1 was expected");
        messages.checkNextIncoming(1);
        messages.incomingOpened("in1");
        assertThat(messages.incoming(1, "DATA")).isEqualTo("in1");
    }

    @Test
    void packetsForAMessageThatIsNotOpenAreViolations() {
        assertViolation(() -> messages.incoming(0, "DATA"), ProtocolViolation.MESSAGE_NOT_OPEN, "DATA for message 0, which is not open");
        messages.checkNextIncoming(0);
        messages.incomingOpened("in0");
        assertThat(messages.closeIncoming(0, "EOF")).isEqualTo("in0");
        assertViolation(() -> messages.closeIncoming(0, "TXERR"), ProtocolViolation.MESSAGE_NOT_OPEN, "TXERR for message 0");
        assertThat(messages.isEmpty()).isTrue();
        assertThatThrownBy(() -> messages.checkNextIncoming(0)).as("a closed number is not reused").isInstanceOf(ProtocolException.class);
    }

    @Test
    void anAckForAnEndedMessageIsIgnoredAndOneForAMessageNeverSentIsAViolation() {
        assertViolation(() -> messages.acked(0), ProtocolViolation.ACK_EXCEEDS_SENT, "ACK for message 0, which was never sent");
        assertThat(messages.nextOutgoingNumber()).isZero();
        messages.outgoingOpened(messages.takeOutgoingNumber(), "out0");
        assertThat(messages.nextOutgoingNumber()).isEqualTo(1);
        assertThat(messages.acked(0)).isEqualTo("out0");
        messages.outgoingEnded(0);
        assertThat(messages.acked(0)).as("it crossed our EOF").isNull();
        assertViolation(() -> messages.acked(1), ProtocolViolation.ACK_EXCEEDS_SENT, "message 1");
    }

    @Test
    void takingEverythingLeavesNothingOpen() {
        messages.checkNextIncoming(0);
        messages.incomingOpened("in0");
        messages.outgoingOpened(messages.takeOutgoingNumber(), "out0");
        messages.outgoingOpened(messages.takeOutgoingNumber(), "out1");
        assertThat(messages.isEmpty()).isFalse();
        assertThat(messages.hasIncoming()).isTrue();
        assertThat(messages.takeIncoming()).containsExactly("in0");
        assertThat(messages.takeOutgoing()).containsExactlyInAnyOrder("out0", "out1");
        assertThat(messages.isEmpty()).isTrue();
        assertThat(messages.nextOutgoingNumber()).as("numbering goes on").isEqualTo(2);
    }

    private static void assertViolation(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ProtocolViolation kind, String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.violation()).isEqualTo(kind))
                .hasMessageContaining(text);
    }
}
