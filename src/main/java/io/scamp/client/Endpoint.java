package io.scamp.client;

import io.scamp.tls.Fingerprints;
import java.util.Objects;

/**
 * Where a request goes: a service address ({@code beepish+tls://HOST:PORT}, or the older
 * {@code scamp+tls://}) and, optionally, the certificate fingerprint the server must present.
 */
public final class Endpoint {
    private final String host;
    private final int port;
    private final String fingerprint;

    private Endpoint(String host, int port, String fingerprint) {
        this.host = host;
        this.port = port;
        this.fingerprint = fingerprint;
    }

    /**
     * Parses {@code address}; {@code fingerprint} (59 characters, {@code AA:BB:...}, any case) is
     * the SHA-1 fingerprint the server's certificate must have, or {@code null}.
     *
     * <p><b>Warning:</b> with a {@code null} (or blank) fingerprint any certificate is accepted:
     * the connection is encrypted but not authenticated, and anyone who can intercept the
     * traffic can impersonate the service. Use it only for tests and trusted networks; the
     * client logs a warning each time it opens such a connection. Routed requests
     * ({@code ScampClient.request(Request)}) always pin the fingerprint of the announcement.
     *
     * <p>The fingerprint may be given in any case and with surrounding blanks; it is kept in the
     * canonical form ({@link #fingerprint()}) and checked here, not when a connection opens.
     *
     * @param address {@code beepish+tls://HOST:PORT} or {@code scamp+tls://HOST:PORT}; an IPv6
     *     host in brackets ({@code [::1]}); the port 1 to 65535
     * @param fingerprint the SHA-1 fingerprint to pin; {@code null} or blank to accept any
     *     certificate
     * @return the endpoint
     * @throws IllegalArgumentException for another scheme or a malformed address (no
     *     {@code HOST:PORT}, a port that is not a number or out of range), or a fingerprint that is
     *     not 20 colon-separated hex bytes
     * @throws NullPointerException if {@code address} is null
     */
    public static Endpoint of(String address, String fingerprint) {
        Objects.requireNonNull(address, "address");
        String rest;
        if (address.startsWith("beepish+tls://")) {
            rest = address.substring("beepish+tls://".length());
        } else if (address.startsWith("scamp+tls://")) {
            rest = address.substring("scamp+tls://".length());
        } else {
            throw new IllegalArgumentException("not a SCAMP address (expected beepish+tls://HOST:PORT): " + address);
        }
        int colon = rest.lastIndexOf(':');
        if (colon <= 0 || colon == rest.length() - 1) {
            throw new IllegalArgumentException("address lacks HOST:PORT: " + address);
        }
        String host = rest.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(rest.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in address: " + address);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range in address: " + address);
        }
        return new Endpoint(host, port, fingerprint == null || fingerprint.isBlank() ? null : Fingerprints.normalize(fingerprint));
    }

    /**
     * The host name or IP address to connect to.
     *
     * @return the host as the address gave it, an IPv6 address without its brackets
     */
    public String host() {
        return host;
    }

    /**
     * The TCP port.
     *
     * @return the port, 1 to 65535
     */
    public int port() {
        return port;
    }

    /**
     * The fingerprint the server's certificate must have.
     *
     * @return the fingerprint, trimmed and uppercased, or {@code null} when any certificate
     *     is accepted
     */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * The address in its current form, whichever scheme it was parsed from.
     *
     * @return {@code beepish+tls://HOST:PORT}, an IPv6 host in brackets
     */
    public String address() {
        return "beepish+tls://" + io.scamp.wire.HostPort.of(host, port);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Endpoint && ((Endpoint) o).host.equals(host) && ((Endpoint) o).port == port
                && Objects.equals(((Endpoint) o).fingerprint, fingerprint);
    }

    @Override
    public int hashCode() {
        return (host.hashCode() * 31 + port) * 31 + Objects.hashCode(fingerprint); // no varargs array: on every call's path
    }

    @Override
    public String toString() {
        return address() + (fingerprint == null ? "" : " (" + fingerprint + ")");
    }
}
