package io.scamp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scamp.discovery.ActionEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --action Namespace.name[:VERSION[:FLAGS[:SECTOR[:ENVELOPES]]]]} of {@code scamp announce}. */
class ActionArgumentTest {
    private static final List<String> JSON = List.of("json");

    @Test
    void aBareNameTakesVersionOneNoFlagsAndTheRecordsSectorAndEnvelopes() {
        assertThat(ActionArgument.parse("Inventory.Item.fetch", "main", JSON))
                .isEqualTo(new ActionEntry("main", "Inventory.Item.fetch", 1, List.of(), JSON));
    }

    @Test
    void versionFlagsSectorAndEnvelopesAreTakenInThatOrder() {
        assertThat(ActionArgument.parse("Web.page:3:read,t30:web:json,extdirect", "main", JSON))
                .isEqualTo(new ActionEntry("web", "Web.page", 3, List.of("read", "t30"), List.of("json", "extdirect")));
        assertThat(ActionArgument.parse("Billing.export:1:read::jsonstore", "main", JSON))
                .isEqualTo(new ActionEntry("main", "Billing.export", 1, List.of("read"), List.of("jsonstore")));
        assertThat(ActionArgument.parse("A.b::noauth", "background", JSON))
                .isEqualTo(new ActionEntry("background", "A.b", 1, List.of("noauth"), JSON));
    }

    @Test
    void aBadSpecSaysWhatIsWrong() {
        assertThatThrownBy(() -> ActionArgument.parse("fetch", "main", JSON)).hasMessageContaining("bad action spec fetch: the name");
        assertThatThrownBy(() -> ActionArgument.parse("Inventory.", "main", JSON)).hasMessageContaining("the name");
        assertThatThrownBy(() -> ActionArgument.parse("A..b", "main", JSON)).hasMessageContaining("the name");
        assertThatThrownBy(() -> ActionArgument.parse("A.b:x", "main", JSON)).hasMessageContaining("the version must be a positive integer, not x");
        assertThatThrownBy(() -> ActionArgument.parse("A.b:0", "main", JSON)).hasMessageContaining("positive integer");
        assertThatThrownBy(() -> ActionArgument.parse("A.b:1:reed", "main", JSON)).hasMessageContaining("unknown flag reed");
        assertThatThrownBy(() -> ActionArgument.parse("A.b:1:t", "main", JSON)).hasMessageContaining("unknown flag t");
        assertThatThrownBy(() -> ActionArgument.parse("A.b:1:read:main:json:x", "main", JSON)).hasMessageContaining("too many ':'");
    }
}
