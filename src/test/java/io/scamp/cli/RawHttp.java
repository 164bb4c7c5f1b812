package io.scamp.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.0 request on a socket of its own, for the dashboard's tests: any method and
 * {@code Host}, the status and headers read, then the body read line by line as it comes (an
 * HTTP/1.0 answer carries the event stream as it is, without chunks). Closing it closes the socket.
 */
final class RawHttp implements AutoCloseable {
    final int status;
    final Map<String, String> headers = new LinkedHashMap<>();
    private final Socket socket;
    private final BufferedReader in;

    private RawHttp(Socket socket, String method, String path, String host) throws IOException {
        this.socket = socket;
        OutputStream out = socket.getOutputStream();
        out.write((method + " " + path + " HTTP/1.0\r\n" + (host == null ? "" : "Host: " + host + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        String statusLine = in.readLine();
        if (statusLine == null) {
            throw new IOException("connection closed before a status line");
        }
        status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
    }

    static RawHttp open(InetSocketAddress server, String method, String path, String host) throws IOException {
        return open(server, method, path, host, 0);
    }

    /** With {@code receiveBuffer} > 0, the socket's receive buffer is set that small before connecting. */
    static RawHttp open(InetSocketAddress server, String method, String path, String host, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.setSoTimeout(60_000);
        socket.connect(server);
        return new RawHttp(socket, method, path, host);
    }

    static RawHttp get(InetSocketAddress server, String path) throws IOException {
        return open(server, "GET", path, "127.0.0.1:" + server.getPort());
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The next line of the body; {@code null} at its end. */
    String line() throws IOException {
        return in.readLine();
    }

    /** The rest of the body. */
    String body() throws IOException {
        StringBuilder out = new StringBuilder();
        for (String line; (line = in.readLine()) != null; ) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** The next event of an event stream (comments and {@code retry:} skipped); {@code null} at the end of the stream. */
    Event event() throws IOException {
        String name = "message";
        List<String> data = new ArrayList<>();
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    return new Event(name, String.join("\n", data));
                }
            } else if (line.startsWith("event: ")) {
                name = line.substring(7);
            } else if (line.startsWith("data: ")) {
                data.add(line.substring(6));
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** One event: its name and its data lines joined. */
    record Event(String name, String data) {
    }
}
