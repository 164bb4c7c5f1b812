package io.scamp.bench.soak;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scamp.client.Endpoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hostile peers of the soak, in a JVM of their own: {@code Attackers ADDRESS FINGERPRINT PEERS}
 * starts PEERS peers, the {@link Attack}s in turn, each on a thread of its own, and prints
 * {@code attacking} once they are started. When its stdin closes it stops them and prints one
 * JSON line: the bytes pushed in all, and per attack the peers, connections, bytes and how the
 * service ended the connections.
 */
public final class Attackers {
    private Attackers() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Endpoint target = Endpoint.of(args[0], args[1]);
        int peers = Integer.parseInt(args[2]);
        StopSignal stop = new StopSignal();
        Map<Attack, Tally> tallies = new EnumMap<>(Attack.class);
        Map<Attack, Integer> peersOf = new EnumMap<>(Attack.class);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < peers; i++) {
            Attack attack = Attack.values()[i % Attack.values().length];
            Tally tally = tallies.computeIfAbsent(attack, a -> new Tally());
            peersOf.merge(attack, 1, Integer::sum);
            Thread thread = new Thread(() -> attackUntil(stop, attack, target, tally), "soak-" + attack + "-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
        System.out.println("attacking");
        System.out.flush();
        while (System.in.read() >= 0) {
            // attack until the soak closes our stdin
        }
        stop.set();
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        Map<String, Object> kinds = new LinkedHashMap<>();
        long pushed = 0;
        for (Map.Entry<Attack, Tally> e : tallies.entrySet()) {
            kinds.put(e.getKey().name(), e.getValue().summary(peersOf.get(e.getKey())));
            pushed += e.getValue().pushedBytes();
        }
        System.out.println(new ObjectMapper().writeValueAsString(Map.of("pushedBytes", pushed, "attacks", kinds)));
        System.out.flush();
    }

    private static void attackUntil(StopSignal stop, Attack attack, Endpoint target, Tally tally) {
        while (!stop.isSet()) {
            try {
                attack.once(target, tally, stop);
                if (!stop.isSet()) {
                    tally.ended("closed");
                }
            } catch (IOException | RuntimeException e) {
                if (!stop.isSet()) {
                    tally.ended(e.getClass().getSimpleName());
                }
            }
        }
    }
}
