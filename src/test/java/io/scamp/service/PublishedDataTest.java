package io.scamp.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

/** The bounds of a service's published data: at a bound a publication is refused and nothing changes. */
class PublishedDataTest {
    private final PublishedData data = new PublishedData();

    @Test
    void moreThanTheMostKeysIsRefusedAndChangesNothing() {
        for (int i = 0; i < PublishedData.MAX_ENTRIES; i++) {
            data.publish("c" + (i % 7), "k" + i, IntNode.valueOf(i));
        }

        assertThatThrownBy(() -> data.publish("c", "one more", IntNode.valueOf(1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("10000 keys");
        assertThat(data.get("c", "one more")).isNull();
        assertThat(data.publish("c0", "k0", IntNode.valueOf(-1))).as("changing a key is still allowed").isTrue();
        assertThat(data.publish("c0", "k0", null)).isTrue();
        assertThat(data.publish("c", "one more", IntNode.valueOf(1))).as("room again after a deletion").isTrue();
    }

    @Test
    void moreThanTheMostBytesIsRefusedAndChangesNothing() {
        String big = "x".repeat(512 * 1024);
        for (int i = 0; i < 7; i++) {
            data.publish("c", "k" + i, TextNode.valueOf(big));
        }

        assertThatThrownBy(() -> data.publish("c", "k7", TextNode.valueOf(big + big)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("bytes");
        assertThat(data.get("c", "k7")).isNull();
        assertThatThrownBy(() -> data.publish("c", "k0", TextNode.valueOf(big + big + big)))
                .as("growing a value past the bound").isInstanceOf(IllegalStateException.class);
        assertThat(data.get("c", "k0").textValue()).isEqualTo(big);
    }

    @Test
    void codesAreBoundedAndUnchangedValuesSendNothing() {
        assertThatThrownBy(() -> data.publish("c".repeat(PublishedData.MAX_CODE_LENGTH + 1), "k", IntNode.valueOf(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(data.publish("c", "k", IntNode.valueOf(1))).isTrue();
        assertThat(data.publish("c", "k", IntNode.valueOf(1))).isFalse();
        assertThat(data.publish("c", "missing", null)).isFalse();
        assertThat(data.publish("c", "k", com.fasterxml.jackson.databind.node.NullNode.getInstance())).as("JSON null deletes").isTrue();
        assertThat(data.get("c", "k")).isNull();
    }
}
