package io.scamp.interop;

import static org.assertj.core.api.Assertions.assertThat;

import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.client.SubscriptionState;
import io.scamp.testing.HostilePeers;
import io.scamp.testing.HostilePeers.Packet;
import io.scamp.testing.HostilePeers.PacketReader;
import io.scamp.testing.TestService;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

/**
 * Our subscriber against a service scripted on a raw TLS socket the way scamp-js's server
 * writes (lib/transport/beepish/server.js): the snapshot event before {@code subscribe_done},
 * headers {@code {"type":"event"}} and {@code {"request_id":1,"type":"subscribe_done"}}, one
 * event per change, the snapshot's DATA after both HEADERs. Checks what our client writes too,
 * byte for byte, including the unsubscribe on cancel.
 */
class ScampJsSubscriptionIT {
    @Test
    void ourSubscriberFollowsAScampJsServiceAndUnsubscribesOnCancel() throws Exception {
        try (SSLServerSocket server = HostilePeers.serve(TestService.identity());
             ScampClient client = ScampClient.create()) {
            Endpoint target = Endpoint.of("beepish+tls://127.0.0.1:" + server.getLocalPort(), TestService.identity().fingerprint());
            BlockingQueue<SubscriptionState> states = new LinkedBlockingQueue<>();
            Disposable subscription = client.subscribe(target, "announce", "greet").subscribe(states::add);

            try (SSLSocket js = (SSLSocket) server.accept()) {
                PacketReader in = new PacketReader(js.getInputStream());
                OutputStream out = js.getOutputStream();
                assertThat(texts(in, 3)).containsExactly("HEADER 0 {\"type\":\"subscribe\",\"request_id\":1}",
                        "DATA 0 [\"announce\",\"greet\"]", "EOF 0 ");

                out.write(HostilePeers.packet("ACK", 0, "20"));
                out.write(HostilePeers.packet("HEADER", 0, "{\"type\":\"event\"}"));
                out.write(HostilePeers.packet("HEADER", 1, "{\"request_id\":1,\"type\":\"subscribe_done\"}"));
                out.write(HostilePeers.packet("DATA", 0, "[{\"code\":\"greet\",\"key\":\"en\",\"value\":\"hello\"},"
                        + "{\"code\":\"announce\",\"key\":\"\",\"value\":\"[3,...]\"}]"));
                out.write(HostilePeers.packet("EOF", 0, ""));
                out.write(HostilePeers.packet("DATA", 1, "true"));
                out.write(HostilePeers.packet("EOF", 1, ""));
                out.flush();

                SubscriptionState snapshot = states.poll(30, TimeUnit.SECONDS);
                assertThat(snapshot).isNotNull();
                assertThat(snapshot.kind()).isEqualTo(SubscriptionState.Kind.SNAPSHOT);
                assertThat(snapshot.get("greet", "en").asText()).isEqualTo("hello");
                assertThat(snapshot.get("announce", "").asText()).isEqualTo("[3,...]");

                out.write(HostilePeers.packet("HEADER", 2, "{\"type\":\"event\"}"));
                out.write(HostilePeers.packet("DATA", 2, "[{\"code\":\"greet\",\"key\":\"en\",\"value\":null}]"));
                out.write(HostilePeers.packet("EOF", 2, ""));
                out.flush();
                SubscriptionState change = states.poll(30, TimeUnit.SECONDS);
                assertThat(change).isNotNull();
                assertThat(change.kind()).isEqualTo(SubscriptionState.Kind.CHANGE);
                assertThat(change.get("greet")).isEmpty();

                subscription.dispose();

                List<String> after = new ArrayList<>();
                Packet p;
                while ((p = in.next()) != null) { // until our side closes
                    after.add(p.type() + " " + p.msgNo() + " " + p.text());
                }
                assertThat(after).filteredOn(t -> !t.startsWith("ACK")).containsExactly(
                        "HEADER 1 {\"type\":\"subscribe\",\"request_id\":2}", "DATA 1 null", "EOF 1 ");
            }
        }
    }

    private static List<String> texts(PacketReader in, int n) throws java.io.IOException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Packet p = in.next();
            out.add(p.type() + " " + p.msgNo() + " " + p.text());
        }
        return out;
    }
}
