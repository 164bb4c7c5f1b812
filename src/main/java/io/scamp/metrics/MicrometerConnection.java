package io.scamp.metrics;

import io.scamp.message.MessageHeader;
import io.scamp.message.ProtocolException;
import io.scamp.wire.PacketType;
import java.util.function.Function;

/** One connection's recorder into its client's or service's {@link SideMeters}. Event loop only. */
final class MicrometerConnection implements ConnectionMetrics {
    private final SideMeters meters;
    private final Function<MessageHeader, ActionMeters> actions;
    /** The service address of a client's connection, for the pool gauge; {@code null} on a service. */
    private final String address;
    private long activeAt;
    private boolean opened;
    private boolean closed;

    MicrometerConnection(SideMeters meters, Function<MessageHeader, ActionMeters> actions, String address) {
        this.meters = meters;
        this.actions = actions;
        this.address = address;
    }

    @Override
    public void active() {
        activeAt = meters.now();
    }

    @Override
    public void ready() {
        if (opened || closed) {
            return;
        }
        opened = true;
        meters.recordSince(meters.handshake, activeAt);
        meters.opened.increment();
        meters.openConnections.increment();
        if (address != null) {
            meters.state.connectionOpened(meters.registry, address);
        }
    }

    @Override
    public void closed(CloseCause cause, Throwable error) {
        if (closed) {
            return;
        }
        closed = true;
        meters.closed.get(cause.ordinal()).increment();
        if (error instanceof ProtocolException) {
            meters.violations.get(((ProtocolException) error).violation().ordinal()).increment();
        }
        if (opened) {
            meters.openConnections.decrement();
            if (address != null) {
                meters.state.connectionClosed(meters.registry, address);
            }
        }
    }

    @Override
    public void packetReceived(PacketType type, int bodyBytes) {
        meters.packetsReceived.get(type.ordinal()).increment();
        if (type == PacketType.DATA) {
            meters.dataReceived.increment(bodyBytes);
        }
    }

    @Override
    public void packetSent(PacketType type, int bodyBytes) {
        meters.packetsSent.get(type.ordinal()).increment();
        if (type == PacketType.DATA) {
            meters.dataSent.increment(bodyBytes);
        }
    }

    @Override
    public CallMetrics call(MessageHeader request) {
        return actions.apply(request).start();
    }

    @Override
    public long windowFull() {
        return meters.now();
    }

    @Override
    public void windowOpened(long fullSince) {
        meters.recordSince(meters.windowWait, fullSince);
    }

    @Override
    public void windowAtEnd(int bytes) {
        meters.window.record(bytes);
    }

    @Override
    public void readsPaused(boolean forOutput) {
        (forOutput ? meters.outputPauses : meters.budgetPauses).increment();
    }
}
