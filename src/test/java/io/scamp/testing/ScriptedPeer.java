package io.scamp.testing;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.scamp.connection.ConnectionSettings;
import io.scamp.connection.RequestDispatcher;
import io.scamp.connection.ScampConnection;
import io.scamp.wire.Packet;
import io.scamp.wire.PacketDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link ScampConnection} in an {@link EmbeddedChannel}, driven by a test that plays the
 * peer: it writes raw packet text in and reads the connection's packets out, in the style of
 * okhttp's MockHttp2Peer. Everything runs on the test thread.
 */
public final class ScriptedPeer implements AutoCloseable {
    private final EmbeddedChannel channel;
    private final ScampConnection connection;
    private final EmbeddedChannel outboundDecoder = new EmbeddedChannel(new PacketDecoder());

    public ScriptedPeer(ConnectionSettings settings, RequestDispatcher dispatcher) {
        this(settings, dispatcher, null);
    }

    /**
     * A connection with {@code outermost} between it and the channel (nearest the socket), for
     * a script that holds back flushes, say; {@code null} for none.
     */
    public ScriptedPeer(ConnectionSettings settings, RequestDispatcher dispatcher, io.netty.channel.ChannelHandler outermost) {
        this(settings, dispatcher, outermost, io.scamp.metrics.ConnectionMetrics.NONE);
    }

    /** As {@link #ScriptedPeer(ConnectionSettings, RequestDispatcher, io.netty.channel.ChannelHandler)}, the connection reporting to {@code metrics}. */
    public ScriptedPeer(ConnectionSettings settings, RequestDispatcher dispatcher, io.netty.channel.ChannelHandler outermost,
            io.scamp.metrics.ConnectionMetrics metrics) {
        this.connection = new ScampConnection(settings, dispatcher, false,
                new io.scamp.connection.SharedReceiveBudget(settings.receiveLimits().totalBytes()), metrics);
        this.channel = outermost == null
                ? EmbeddedChannel.builder().handlers(new PacketDecoder(), connection).build()
                : EmbeddedChannel.builder().handlers(outermost, new PacketDecoder(), connection).build();
        channel.freezeTime();
    }

    /**
     * A client connection with no idle timeout and today's fixed send window
     * ({@link io.scamp.connection.WindowLimits#fixed()}): the channel's clock is frozen, so an
     * adaptive window would see every round as instant. Scripts of the adaptive window pass
     * their settings and move the clock.
     */
    public ScriptedPeer() {
        this(ConnectionSettings.clientDefaults().withIdleTimeout(java.time.Duration.ZERO)
                .withWindowLimits(io.scamp.connection.WindowLimits.fixed()), RequestDispatcher.NONE);
    }

    public ScampConnection connection() {
        return connection;
    }

    public EmbeddedChannel channel() {
        return channel;
    }

    /** Sends raw bytes to the connection as if from the peer (ASCII text for convenience). */
    public ScriptedPeer send(String raw) {
        return send(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    public ScriptedPeer send(byte[] raw) {
        if (channel.isOpen()) {
            try {
                channel.writeInbound(Unpooled.wrappedBuffer(raw));
            } catch (RuntimeException e) {
                // the connection handles decoder errors itself; EmbeddedChannel rethrows them too
            }
        }
        run();
        return this;
    }

    /** A whole packet with a text body. */
    public ScriptedPeer packet(String type, long msgNo, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return send(type + " " + msgNo + " " + b.length + "\r\n" + new String(b, StandardCharsets.ISO_8859_1) + "END\r\n");
    }

    /** Runs queued event-loop tasks (the connection's write turns). */
    public void run() {
        channel.runPendingTasks();
        channel.runPendingTasks();
    }

    /** Advances the channel's clock and runs the timers that came due. */
    public void advanceMillis(long millis) {
        channel.advanceTimeBy(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        run();
    }

    /** Everything the connection wrote since the last call, as the bytes on the wire (for golden-byte tests). */
    public String wire() {
        StringBuilder out = new StringBuilder();
        drainOutbound(b -> {
            out.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        });
        return out.toString();
    }

    /** Every packet the connection wrote since the last call, decoded; the caller releases them via {@link #text}. */
    public List<String> received() {
        List<String> out = new ArrayList<>();
        drainOutbound(outboundDecoder::writeInbound);
        Packet p;
        while ((p = outboundDecoder.readInbound()) != null) {
            out.add(text(p));
        }
        return out;
    }

    /**
     * Runs the connection and hands each buffer it wrote to {@code reader}, until it writes no
     * more: a body item lent to the channel comes back, and the next one is asked for, only as
     * the peer reads it.
     */
    private void drainOutbound(java.util.function.Consumer<ByteBuf> reader) {
        boolean more = true;
        while (more) {
            run();
            more = false;
            ByteBuf written;
            while ((written = channel.readOutbound()) != null) {
                reader.accept(written);
                more = true;
            }
        }
    }

    /** {@code "TYPE MSGNO body"} with the body as text, releasing the packet. */
    public static String text(Packet p) {
        try {
            return p.type() + " " + p.msgNo() + " " + p.body().toString(StandardCharsets.UTF_8);
        } finally {
            p.release();
        }
    }

    @Override
    public void close() {
        received();
        channel.finishAndReleaseAll();
        outboundDecoder.finishAndReleaseAll();
    }
}
