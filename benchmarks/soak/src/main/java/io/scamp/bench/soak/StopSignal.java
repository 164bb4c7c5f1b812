package io.scamp.bench.soak;

import io.scamp.testing.HostilePeers.Peer;
import java.io.IOException;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The end of an attack: once set, the peers' loops end, and every socket they registered and
 * have not closed yet is closed, which also ends whatever write or read blocks on it.
 */
final class StopSignal {
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean set;

    /** Registers {@code peer}'s socket to be closed at the stop. */
    Peer track(Peer peer) throws IOException {
        track(peer.tcp());
        return peer;
    }

    /** Registers {@code socket} to be closed at the stop; closes it at once if the stop came already. */
    Socket track(Socket socket) throws IOException {
        open.removeIf(Socket::isClosed);
        open.add(socket);
        if (set) {
            socket.close();
        }
        return socket;
    }

    boolean isSet() {
        return set;
    }

    void set() {
        set = true;
        for (Socket socket : open) {
            try {
                socket.setSoLinger(true, 0);
                socket.close();
            } catch (IOException ignored) {
                // closing to unblock: nothing more to do
            }
        }
    }
}
