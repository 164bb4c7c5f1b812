package io.scamp.connection;

import io.scamp.message.ProtocolException;
import io.scamp.message.ProtocolViolation;
import java.util.List;

/**
 * The messages open each way on one connection and their numbering (SCAMP.md §3): each side
 * numbers the messages it sends 0, 1, 2, ... in the order of their HEADERs, and a packet names
 * its message by that number. This is where the peer's numbers are checked: a HEADER out of
 * sequence, a DATA, EOF or TXERR for a message that is not open, and an ACK for a message never
 * sent are {@link ProtocolException}s; an ACK for one that has ended (it crossed our EOF) is
 * not. Generic in what tracks a message, so its rules are tested without a connection. Event
 * loop only.
 *
 * @param <I> what tracks an incoming message
 * @param <O> what tracks an outgoing message
 */
final class OpenMessages<I, O> {
    private final MessageTable<I> incoming = new MessageTable<>();
    private final MessageTable<O> outgoing = new MessageTable<>();
    private long nextIncoming;
    private long nextOutgoing;

    /** The number the next outgoing message will take, for its HEADER. */
    long nextOutgoingNumber() {
        return nextOutgoing;
    }

    /** The next outgoing message's HEADER is written: its number is used, whatever happens next. */
    long takeOutgoingNumber() {
        return nextOutgoing++;
    }

    /** The outgoing message numbered {@code msgNo} (taken with {@link #takeOutgoingNumber}) is open. */
    void outgoingOpened(long msgNo, O message) {
        outgoing.put(msgNo, message);
    }

    /** An outgoing message has ended (EOF or TXERR written, or abandoned). */
    void outgoingEnded(long msgNo) {
        outgoing.remove(msgNo);
    }

    /**
     * The outgoing message an ACK names.
     *
     * @return the message, or {@code null} if it has ended (the ACK crossed our EOF, SCAMP.md §4)
     * @throws ProtocolException if no message of that number was ever sent
     */
    O acked(long msgNo) {
        O m = outgoing.get(msgNo);
        if (m == null && msgNo >= nextOutgoing) {
            throw new ProtocolException(ProtocolViolation.ACK_EXCEEDS_SENT, "ACK for message " + msgNo + ", which was never sent");
        }
        return m;
    }

    /**
     * Checks that a HEADER numbered {@code msgNo} is the next one the peer may send.
     *
     * @throws ProtocolException if it is out of sequence (a second HEADER for an open message included)
     */
    void checkNextIncoming(long msgNo) {
        if (msgNo != nextIncoming) {
            throw new ProtocolException(ProtocolViolation.OUT_OF_SEQUENCE, incoming.containsKey(msgNo)
                    ? "second HEADER for open message " + msgNo
                    : "HEADER " + msgNo + " where " + nextIncoming + " was expected");
        }
    }

    /** The incoming message {@link #checkNextIncoming checked} last is open. */
    void incomingOpened(I message) {
        incoming.put(nextIncoming++, message);
    }

    /**
     * The open incoming message {@code msgNo}, for a packet of type {@code what}.
     *
     * @throws ProtocolException if it is not open
     */
    I incoming(long msgNo, String what) {
        I m = incoming.get(msgNo);
        if (m == null) {
            throw new ProtocolException(ProtocolViolation.MESSAGE_NOT_OPEN, what + " for message " + msgNo + ", which is not open");
        }
        return m;
    }

    /**
     * As {@link #incoming}, and the message is no longer open (its EOF or TXERR came).
     *
     * @throws ProtocolException if it is not open
     */
    I closeIncoming(long msgNo, String what) {
        I m = incoming(msgNo, what);
        incoming.remove(msgNo);
        return m;
    }

    /** Whether no message is open either way. */
    boolean isEmpty() {
        return incoming.isEmpty() && outgoing.isEmpty();
    }

    /** Whether an incoming message is open. */
    boolean hasIncoming() {
        return !incoming.isEmpty();
    }

    /** The open incoming messages (a copy). */
    List<I> incomingMessages() {
        return incoming.values();
    }

    /** Forgets every open incoming message and returns them (the connection failed). */
    List<I> takeIncoming() {
        List<I> all = incoming.values();
        incoming.clear();
        return all;
    }

    /** Forgets every open outgoing message and returns them (the connection failed). */
    List<O> takeOutgoing() {
        List<O> all = outgoing.values();
        outgoing.clear();
        return all;
    }
}
