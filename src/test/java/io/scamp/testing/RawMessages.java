package io.scamp.testing;

import io.scamp.testing.HostilePeers.Packet;
import io.scamp.testing.HostilePeers.PacketReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;
import java.util.function.LongConsumer;

/**
 * Whole SCAMP messages on a raw connection ({@link HostilePeers}), written and read the way
 * the other implementations do it (SCAMP.md §11), for scripted peers of interoperability tests:
 * a body of the {@link TestBodies} pattern written as DATA packets of whatever sizes the script
 * picks, with a hook after each packet (a window check, or nothing for peers that ignore ACKs);
 * and one message read with its body checked byte for byte against the pattern, each DATA
 * ACKed on arrival or never. Every packet is written whole under the output stream's lock, so a
 * script may write from a sending and a reading thread at once.
 */
public final class RawMessages {
    private RawMessages() {
    }

    /** How one message read by {@link #read} ended. */
    public enum End { EOF, TXERR, CLOSED }

    /**
     * One message as read.
     *
     * @param header the HEADER's JSON text, or {@code null} if it was read before (by {@link #readHeader})
     * @param bytes the body bytes received, every one checked against the pattern
     * @param dataPackets how many DATA packets carried them
     * @param end how the message ended: EOF, TXERR, or the connection closing before either
     * @param endText the TXERR text, or what closed the connection
     */
    public record Received(String header, long bytes, int dataPackets, End end, String endText) {
    }

    /** Writes one whole packet under {@code out}'s lock, so packets of two writing threads never mix. */
    public static void write(OutputStream out, byte[] packet) throws IOException {
        synchronized (out) {
            out.write(packet);
            out.flush();
        }
    }

    /**
     * Writes {@code total} bytes of the pattern as DATA packets of message {@code msgNo}, then EOF.
     *
     * @param out the connection
     * @param msgNo the message
     * @param total the body's length
     * @param packetSizes the size of each next DATA body (cut to what is left; 0 sends an empty DATA)
     * @param afterData called after each DATA with the body bytes written so far: where a
     *     window-checking sender waits for ACKs
     */
    public static void writeBody(OutputStream out, long msgNo, long total, IntSupplier packetSizes, LongConsumer afterData)
            throws IOException {
        long offset = 0;
        while (offset < total) {
            int n = (int) Math.min(packetSizes.getAsInt(), total - offset);
            write(out, HostilePeers.packet("DATA", msgNo, TestBodies.patternBytes(offset, n)));
            offset += n;
            afterData.accept(offset);
        }
        write(out, HostilePeers.packet("EOF", msgNo, new byte[0]));
    }

    /** Every DATA body of the same size. */
    public static IntSupplier fixed(int size) {
        return () -> size;
    }

    /**
     * Reads until the HEADER of the peer's message {@code msgNo} (ACKs for our messages go to
     * {@code acksOfOurs} meanwhile).
     *
     * @return its JSON text
     * @throws IOException if the connection ends first or a PING comes ({@link #read})
     */
    public static String readHeader(PacketReader in, long msgNo, LongConsumer acksOfOurs) throws IOException {
        while (true) {
            Packet p = in.next();
            if (p == null) {
                throw new IOException("the connection ended before HEADER " + msgNo);
            }
            if (p.type().equals("HEADER") && p.msgNo() == msgNo) {
                return p.text();
            }
            other(p, acksOfOurs);
        }
    }

    /**
     * Reads the peer's message {@code msgNo} to its end: its HEADER if not read yet, its DATA
     * (each body checked against the pattern and, with {@code ackTo}, ACKed at once with the
     * cumulative count: ACK on arrival, as scamp-go does) and its EOF or TXERR. ACKs for our own
     * messages go to {@code acksOfOurs}. A PING is refused with an {@link IOException}: the
     * canonical Perl implementation drops the connection on one, so none may come from us.
     *
     * @param in the connection's packets
     * @param ackTo where to write the ACKs, or {@code null} to never ACK
     * @param msgNo the peer's message to read
     * @param acksOfOurs gets the value of every ACK of our messages
     * @return the message; a connection that closes first gives {@link End#CLOSED}
     * @throws IOException if writing an ACK fails or a PING comes
     * @throws AssertionError if a body byte differs from the pattern
     */
    public static Received read(PacketReader in, OutputStream ackTo, long msgNo, LongConsumer acksOfOurs) throws IOException {
        TestBodies.PatternCheck body = new TestBodies.PatternCheck();
        String header = null;
        int packets = 0;
        while (true) {
            Packet p;
            try {
                p = in.next();
            } catch (IOException closed) {
                return new Received(header, body.bytes(), packets, End.CLOSED, closed.toString());
            }
            if (p == null) {
                return new Received(header, body.bytes(), packets, End.CLOSED, "end of stream");
            }
            if (p.msgNo() != msgNo || p.type().equals("ACK") || p.type().equals("PING") || p.type().equals("PONG")) {
                other(p, acksOfOurs);
                continue;
            }
            switch (p.type()) {
                case "HEADER" -> header = p.text();
                case "DATA" -> {
                    body.accept(p.body());
                    packets++;
                    if (ackTo != null && body.bytes() > 0) {
                        write(ackTo, HostilePeers.packet("ACK", msgNo, Long.toString(body.bytes())));
                    }
                }
                case "EOF" -> {
                    return new Received(header, body.bytes(), packets, End.EOF, "");
                }
                case "TXERR" -> {
                    return new Received(header, body.bytes(), packets, End.TXERR, p.text());
                }
                default -> throw new IOException("unexpected packet " + p.type() + " " + p.msgNo());
            }
        }
    }

    /**
     * Reads and checks everything until the peer closes the connection: a scripted service's
     * last step, which also proves that no PING came while the connection lasted.
     *
     * @throws IOException if a PING or a message packet comes
     */
    public static void readUntilClosed(PacketReader in, LongConsumer acksOfOurs) throws IOException {
        while (true) {
            Packet p;
            try {
                p = in.next();
            } catch (IOException closed) {
                return;
            }
            if (p == null) {
                return;
            }
            other(p, acksOfOurs);
        }
    }

    /**
     * The ACKs a window-checking sender has received for its one message, and a wait for them:
     * the reading thread reports each ACK, the sending thread waits after each packet.
     */
    public static final class Acks {
        private long acked;

        /** Records a cumulative ACK (the {@code acksOfOurs} of {@link #read}). */
        public synchronized void acked(long value) {
            acked = Math.max(acked, value);
            notifyAll();
        }

        /** The highest ACK so far. */
        public synchronized long acked() {
            return acked;
        }

        /**
         * Waits until the ACKs cover {@code bytes}: scamp-js's window check after each packet
         * waits for {@code written - window}.
         *
         * @throws AssertionError if they do not within {@code within}
         */
        public synchronized void awaitAtLeast(long bytes, java.time.Duration within) {
            long deadline = System.nanoTime() + within.toNanos();
            while (acked < bytes) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("ACKs reached " + acked + " of the " + bytes + " bytes waited for");
                }
                try {
                    java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for ACKs", e);
                }
            }
        }
    }

    private static void other(Packet p, LongConsumer acksOfOurs) throws IOException {
        switch (p.type()) {
            case "ACK" -> acksOfOurs.accept(Long.parseLong(new String(p.body(), StandardCharsets.US_ASCII)));
            case "PING" -> throw new IOException("PING " + p.msgNo() + " received: the Perl implementation drops the connection on one");
            default -> throw new IOException("unexpected packet " + p.type() + " " + p.msgNo() + ": " + p.text());
        }
    }
}
