package io.scamp.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The message table behaves as a map under the traffic a connection makes. */
class MessageTableTest {
    @Test
    void randomOperationsMatchHashMap() {
        Random random = new Random(7);
        MessageTable<String> table = new MessageTable<>();
        Map<Long, String> reference = new HashMap<>();
        long next = 0;
        for (int op = 0; op < 200_000; op++) {
            int kind = random.nextInt(10);
            if (kind < 4) {
                long key = random.nextInt(4) == 0 ? random.nextInt(5000) : next++;
                String value = "v" + op;
                assertThat(table.put(key, value)).isEqualTo(reference.put(key, value));
            } else if (kind < 8) {
                long key = Math.max(0, next - 1 - random.nextInt(300));
                assertThat(table.remove(key)).isEqualTo(reference.remove(key));
            } else {
                long key = random.nextInt((int) Math.max(1, next + 10));
                assertThat(table.get(key)).isEqualTo(reference.get(key));
            }
            assertThat(table.size()).isEqualTo(reference.size());
        }
        assertThat(table.values()).containsExactlyInAnyOrderElementsOf(reference.values());
        reference.keySet().forEach(k -> assertThat(table.get(k)).isEqualTo(reference.get(k)));
    }

    @Test
    void conditionalRemoveOnlyRemovesTheSameValue() {
        MessageTable<String> table = new MessageTable<>();
        table.put(1, "a");
        assertThat(table.remove(1, "b")).isFalse();
        assertThat(table.get(1)).isEqualTo("a");
        assertThat(table.remove(1, "a")).isTrue();
        assertThat(table.isEmpty()).isTrue();
        table.put(-5, "n");
        table.put(Long.MAX_VALUE, "m");
        assertThat(table.get(-5)).isEqualTo("n");
        assertThat(table.get(Long.MAX_VALUE)).isEqualTo("m");
        table.clear();
        assertThat(table.get(-5)).isNull();
        assertThat(table.size()).isZero();
    }
}
