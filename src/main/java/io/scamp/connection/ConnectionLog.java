package io.scamp.connection;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import io.scamp.message.ConnectionStalledException;
import io.scamp.message.MessageHeader;
import io.scamp.message.ProtocolException;
import io.scamp.tls.Fingerprints;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one {@link ScampConnection} logs (logger {@code io.scamp.connection.ScampConnection}),
 * each line starting with the connection's name in brackets: the peer's role, address and,
 * once TLS has shown a certificate, the first four bytes of its fingerprint, e.g.
 * {@code [service 127.0.0.1:30101 AB:CD:EF:01]} or {@code [requester 10.0.0.5:41234]}. The
 * name is put together only when a line is logged. Nothing per packet is logged above DEBUG.
 */
final class ConnectionLog {
    private static final Logger LOG = LoggerFactory.getLogger(ScampConnection.class);
    /** {@code AB:CD:EF:01}: four bytes of the 20, enough to tell the services of a fabric apart. */
    private static final int FINGERPRINT_PREFIX = 11;

    private final String peerRole;
    private Channel channel;
    /** Kept when the channel becomes active: a closed channel may no longer know its peer. */
    private volatile SocketAddress peer;
    /** The peer's certificate, once TLS has shown one. */
    private volatile X509Certificate peerCertificate;
    /** Its fingerprint prefix, {@code AB:CD:EF:01}: one SHA-1, the first time a line names the connection. */
    private volatile String fingerprint;

    /** @param servesRequests whether this side answers requests (its peer is a requester) or sends them (its peer is a service) */
    ConnectionLog(boolean servesRequests) {
        this.peerRole = servesRequests ? "requester" : "service";
    }

    void attach(Channel channel) {
        this.channel = channel;
    }

    /** The channel is connected: its peer's address is kept. */
    void active() {
        peer = channel.remoteAddress();
    }

    /** The connection is ready: after a TLS handshake, the peer's certificate (if it showed one) names it from now on. */
    void ready() {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls != null) {
            try {
                Certificate[] chain = tls.engine().getSession().getPeerCertificates();
                if (chain.length > 0 && chain[0] instanceof X509Certificate) {
                    peerCertificate = (X509Certificate) chain[0];
                }
            } catch (SSLPeerUnverifiedException e) {
                // a requester without a client certificate: named by its address alone
            }
        }
        LOG.debug("[{}] connection ready", this);
    }

    void closingIdle() {
        LOG.debug("[{}] closing the idle connection", this);
    }

    /** The connection fails: the peer's fault (a protocol violation, a stall) is a warning, a loss or local close is not. */
    void failed(Throwable cause) {
        if (cause instanceof ProtocolException || cause instanceof ConnectionStalledException) {
            LOG.warn("[{}] closing the connection: {}", this, cause.getMessage());
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("[{}] connection closed: {}", this, cause.toString()); // the text, not a stack trace
        }
    }

    void unsupportedMessage(String type) {
        LOG.debug("[{}] ignoring a message of unsupported type {}", this, type);
    }

    void drainingUnclaimedReply(long msgNo) {
        LOG.debug("[{}] draining reply message {}: nobody subscribed to its body", this, msgNo);
    }

    void drainingAfterReply(long msgNo) {
        LOG.debug("[{}] draining request message {}: left unread after its reply", this, msgNo);
    }

    /**
     * A handler failed with something other than its answer: a bug or an outage, at ERROR with
     * the stack trace; the requester's TXERR or a lost connection reaching the handler as it
     * reads its body ({@code peersDoing}) at DEBUG.
     */
    void handlerFailed(MessageHeader request, Throwable failure, boolean peersDoing) {
        if (peersDoing) {
            LOG.debug("[{}] action {} v{} failed", this, request.action(), request.version(), failure);
        } else {
            LOG.error("[{}] action {} v{} failed", this, request.action(), request.version(), failure);
        }
    }

    void errorReplyMissing(MessageHeader request) {
        LOG.error("[{}] action {} v{}: the error reply mapper gave null; the neutral reply is sent", this, request.action(), request.version());
    }

    void errorReplyFailed(MessageHeader request, RuntimeException e) {
        LOG.error("[{}] action {} v{}: the error reply mapper failed; the neutral reply is sent", this, request.action(), request.version(), e);
    }

    void replyUnencodable(MessageHeader request, IllegalArgumentException e) {
        LOG.error("[{}] action {} v{}: the reply cannot be sent ({}); a generic error reply is sent instead",
                this, request.action(), request.version(), e.getMessage(), e);
    }

    /** {@code service 127.0.0.1:30101 AB:CD:EF:01}: role, address, and fingerprint prefix when known. */
    @Override
    public String toString() {
        SocketAddress address = peer;
        String known = fingerprint;
        if (known == null && peerCertificate != null) {
            known = prefix(peerCertificate);
            fingerprint = known;
        }
        return peerRole + " " + address(address != null ? address : channel == null ? null : channel.remoteAddress())
                + (known == null ? "" : " " + known);
    }

    private static String address(SocketAddress address) {
        if (address instanceof InetSocketAddress) {
            InetSocketAddress inet = (InetSocketAddress) address;
            return io.scamp.wire.HostPort.of(inet.getHostString(), inet.getPort());
        }
        return address == null ? "(unconnected)" : address.toString();
    }

    private static String prefix(X509Certificate cert) {
        try {
            return Fingerprints.of(cert).substring(0, FINGERPRINT_PREFIX);
        } catch (IllegalArgumentException e) {
            return "(no fingerprint)";
        }
    }
}
