package io.scamp.metrics;

/**
 * The names of the meters a client and a service register (Micrometer's dotted form; a
 * Prometheus registry writes {@code scamp_calls_seconds_count} and so on). docs/observability.md
 * describes each, with its tags; a test checks that list against what is registered.
 */
public final class MeterNames {
    /** Timer: from the request to the reply header. */
    public static final String CALLS = "scamp.calls";
    /** Timer: from the request to the end of a successful reply's body. */
    public static final String CALLS_BODY = "scamp.calls.body";
    /** Gauge: calls begun and not yet over. */
    public static final String CALLS_ACTIVE = "scamp.calls.active";
    /** Counter, bytes: DATA body bytes written. */
    public static final String DATA_SENT = "scamp.data.sent";
    /** Counter, bytes: DATA body bytes received. */
    public static final String DATA_RECEIVED = "scamp.data.received";
    /** Counter: packets written, by type. */
    public static final String PACKETS_SENT = "scamp.packets.sent";
    /** Counter: packets received, by type. */
    public static final String PACKETS_RECEIVED = "scamp.packets.received";
    /** Counter: protocol violations by peers, by kind. */
    public static final String PROTOCOL_VIOLATIONS = "scamp.protocol.violations";
    /** Gauge: connections open. */
    public static final String CONNECTIONS_OPEN = "scamp.connections.open";
    /** Counter: connections opened (TLS handshake done). */
    public static final String CONNECTIONS_OPENED = "scamp.connections.opened";
    /** Counter: connections closed, by cause. */
    public static final String CONNECTIONS_CLOSED = "scamp.connections.closed";
    /** Timer: a client's TCP connects. */
    public static final String CONNECT = "scamp.connections.connect";
    /** Timer: TLS handshakes. */
    public static final String HANDSHAKE = "scamp.connections.handshake";
    /** Gauge: a client's open connections to one service address. */
    public static final String POOL_CONNECTIONS = "scamp.pool.connections";
    /** Timer: how long outgoing messages waited with a full window. */
    public static final String WINDOW_WAIT = "scamp.flow.window.wait";
    /** Distribution summary, bytes: the send window of messages that filled it, when they ended. */
    public static final String WINDOW = "scamp.flow.window";
    /** Counter: times a connection stopped reading, by reason. */
    public static final String READ_PAUSES = "scamp.flow.read.pauses";
    /** Gauge: services in the client's directory. */
    public static final String DIRECTORY_SERVICES = "scamp.directory.services";
    /** Gauge: routable action keys in the client's directory. */
    public static final String DIRECTORY_ACTIONS = "scamp.directory.actions";
    /** Gauge: records rejected in the directory's current table, by reason. */
    public static final String DIRECTORY_REJECTED = "scamp.directory.rejected";
    /** Gauge: 1 while the directory is stale. */
    public static final String DIRECTORY_STALE = "scamp.directory.stale";

    private MeterNames() {
    }
}
