package io.scamp.testing;

import io.scamp.client.Endpoint;
import io.scamp.tls.ServiceIdentity;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Pieces for scripted hostile peers on raw TLS sockets: a trust-all client context, a server
 * context from a {@link ServiceIdentity}, beepish packets written as bytes, a blocking packet
 * reader, a writer that pushes until the other side closes, and a wait for the other side's
 * close. Nothing here uses the library's own framing, so what goes on the wire is what the
 * test script says.
 */
public final class HostilePeers {
    /** The largest DATA body the protocol allows (SCAMP.md §2). */
    public static final int MAX_BODY = 128 * 1024;

    private HostilePeers() {
    }

    /**
     * Opens a TLS connection to {@code target} that trusts any certificate, handshake done.
     *
     * @param target the service
     * @return the connected peer
     * @throws IOException if the connection or handshake fails
     */
    public static Peer connect(Endpoint target) throws IOException {
        Socket tcp = new Socket(target.host(), target.port());
        try {
            SSLSocket tls = (SSLSocket) trustAll().getSocketFactory().createSocket(tcp, target.host(), target.port(), true);
            tls.startHandshake();
            return new Peer(tcp, tls);
        } catch (IOException | RuntimeException e) {
            tcp.close();
            throw e;
        }
    }

    /**
     * A raw TLS connection. Closing it resets the TCP connection at once (no TLS close_notify,
     * which could block on a peer that does not read), which also ends any write blocked on it.
     *
     * @param tcp the TCP socket under {@code tls}
     * @param tls the TLS socket to read and write
     */
    public record Peer(Socket tcp, SSLSocket tls) implements AutoCloseable {
        /** The TLS output. */
        public OutputStream out() throws IOException {
            return tls.getOutputStream();
        }

        /** The TLS input. */
        public InputStream in() throws IOException {
            return tls.getInputStream();
        }

        @Override
        public void close() throws IOException {
            try {
                tcp.setSoLinger(true, 0);
            } catch (IOException alreadyClosed) {
                // closing anyway
            }
            tcp.close();
        }
    }

    /** A client context that accepts any server certificate. */
    public static SSLContext trustAll() {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return tls;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A TLS server socket on a random loopback port presenting {@code identity}'s certificate.
     *
     * @param identity the key and self-signed certificate to present
     * @return the bound server socket
     * @throws IOException if it cannot bind
     */
    public static SSLServerSocket serve(ServiceIdentity identity) throws IOException {
        try {
            char[] password = "test".toCharArray();
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("identity", identity.privateKey(), password, new Certificate[] {identity.certificate()});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, password);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(factory.getKeyManagers(), null, null);
            return (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code TYPE MSGNO LENGTH\r\nBODY END\r\n} as bytes. */
    public static byte[] packet(String type, long msgNo, byte[] body) {
        byte[] line = (type + " " + msgNo + " " + body.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] packet = new byte[line.length + body.length + 5];
        System.arraycopy(line, 0, packet, 0, line.length);
        System.arraycopy(body, 0, packet, line.length, body.length);
        System.arraycopy("END\r\n".getBytes(StandardCharsets.US_ASCII), 0, packet, packet.length - 5, 5);
        return packet;
    }

    /** As {@link #packet(String, long, byte[])} with a text body. */
    public static byte[] packet(String type, long msgNo, String body) {
        return packet(type, msgNo, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The HEADER packet of a request for {@code action} version 1. */
    public static byte[] requestHeader(long msgNo, String action, long requestId) {
        return packet("HEADER", msgNo, "{\"type\":\"request\",\"action\":\"" + action + "\",\"version\":1,\"envelope\":\"json\",\"request_id\":"
                + requestId + "}");
    }

    /** A whole small request: HEADER, one DATA with {@code body}, and EOF. */
    public static byte[] request(long msgNo, String action, long requestId, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(requestHeader(msgNo, action, requestId));
        out.writeBytes(packet("DATA", msgNo, body));
        out.writeBytes(packet("EOF", msgNo, new byte[0]));
        return out.toByteArray();
    }

    /**
     * How a flood ended.
     *
     * @param failure the exception of the write that failed (the other side closed or reset
     *     the connection), or {@code null} if the cap was reached
     * @param blockedFor from the end of the last write that went through to that failure: how
     *     long the other side let the flood stand still before closing
     */
    public record FloodEnd(IOException failure, Duration blockedFor) {
    }

    /**
     * Writes what {@code next} gives, again and again, until a write fails (the other side
     * closed or reset the connection) or {@code cap} bytes were written. A write that blocks
     * because the other side stopped reading simply blocks: that is the backpressure under test.
     *
     * @param out the stream to write to
     * @param next the next chunk of bytes; called once per write
     * @param pushed counts the bytes written, readable from other threads while this runs
     * @param cap where to give up
     * @return how it ended
     */
    public static FloodEnd writeUntilClosed(OutputStream out, Supplier<byte[]> next, AtomicLong pushed, long cap) {
        long lastWrite = System.nanoTime();
        try {
            while (pushed.get() < cap) {
                byte[] chunk = next.get();
                out.write(chunk);
                lastWrite = System.nanoTime();
                pushed.addAndGet(chunk.length);
            }
            out.flush();
            return new FloodEnd(null, Duration.ZERO);
        } catch (IOException closed) {
            return new FloodEnd(closed, Duration.ofNanos(System.nanoTime() - lastWrite));
        }
    }

    /**
     * A flooding peer on a thread of its own: writes {@code prologue} to {@code peer}, then
     * {@link #writeUntilClosed what next gives} until the service closes the connection or
     * {@code cap} bytes are pushed. It never reads. Closing {@code peer} ends it.
     *
     * @param peer the connection to the attacked service
     * @param prologue what to write first (not counted in {@code pushed})
     * @param next the flood, one chunk per call
     * @param pushed counts the flood's bytes written
     * @param cap where to give up
     * @return completes with how the flood ended
     */
    public static CompletableFuture<FloodEnd> flood(Peer peer, byte[] prologue, Supplier<byte[]> next, AtomicLong pushed, long cap) {
        return onThread("hostile-flood", () -> {
            try {
                OutputStream out = peer.out();
                out.write(prologue);
                return writeUntilClosed(out, next, pushed, cap);
            } catch (IOException closed) {
                return new FloodEnd(closed, Duration.ZERO);
            }
        });
    }

    /**
     * Runs {@code task} on a daemon thread of its own (blocking socket work must not occupy a
     * shared pool's threads).
     *
     * @param name the thread's name
     * @param task what to run
     * @return completes with the task's result or its exception
     */
    public static <T> CompletableFuture<T> onThread(String name, Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /**
     * Reads and discards until the other side closes the connection (end of stream, or a
     * reset or TLS failure, which is how a close with our data unread shows), within
     * {@code within}.
     *
     * @param socket the connection
     * @param within how long to wait
     * @return how long it took
     * @throws AssertionError if the connection is still open after {@code within}
     * @throws IOException if the socket cannot be configured
     */
    public static Duration awaitClosed(Socket socket, Duration within) throws IOException {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        InputStream in = socket.getInputStream();
        byte[] sink = new byte[64 * 1024];
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the connection was still open after " + within.toMillis() + " ms");
            }
            socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
            try {
                if (in.read(sink) < 0) {
                    return Duration.ofNanos(System.nanoTime() - start);
                }
            } catch (SocketTimeoutException stillOpen) {
                // loop: the deadline check fails it
            } catch (IOException closed) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
        }
    }

    /**
     * The first TLS record a client sends (its ClientHello), as {@code javax.net.ssl} makes it
     * for {@code host}:{@code port}.
     */
    public static byte[] clientHello(String host, int port) {
        try {
            SSLEngine engine = trustAll().createSSLEngine(host, port);
            engine.setUseClientMode(true);
            engine.beginHandshake();
            ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), out);
            out.flip();
            byte[] hello = new byte[out.remaining()];
            out.get(hello);
            return hello;
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One packet as read off the wire. */
    public record Packet(String type, long msgNo, byte[] body) {
        /** The body as text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Reads beepish packets from a stream, blocking; strict about the framing it expects. */
    public static final class PacketReader {
        private final InputStream in;

        public PacketReader(InputStream in) {
            this.in = new java.io.BufferedInputStream(in);
        }

        /**
         * The next packet.
         *
         * @return the packet, or {@code null} at a clean end of stream before a packet starts
         * @throws IOException if reading fails or the framing is not beepish
         */
        public Packet next() throws IOException {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    if (line.length() == 0) {
                        return null;
                    }
                    throw new EOFException("end of stream inside a packet line: " + line);
                }
                if (line.length() > 40) {
                    throw new IOException("packet line over 40 bytes: " + line);
                }
                line.append((char) c);
            }
            if (line.length() == 0 || line.charAt(line.length() - 1) != '\r') {
                throw new IOException("packet line without CRLF: " + line);
            }
            String[] parts = line.substring(0, line.length() - 1).split(" ");
            if (parts.length != 3) {
                throw new IOException("bad packet line: " + line);
            }
            byte[] body = in.readNBytes(Integer.parseInt(parts[2]));
            byte[] end = in.readNBytes(5);
            if (body.length != Integer.parseInt(parts[2]) || !"END\r\n".equals(new String(end, StandardCharsets.US_ASCII))) {
                throw new IOException("bad packet end after " + line);
            }
            return new Packet(parts[0], Long.parseLong(parts[1]), body);
        }
    }
}
