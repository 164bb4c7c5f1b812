package io.scamp.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The matching rules of SCAMP.md §7.4. */
class AuthorizedServicesTest {
    private static final String FP = "AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD";
    private final AuthorizedServices rules = AuthorizedServices.parse(
            "# comment line\n\n" + FP.toLowerCase() + " Inventory.Item, background:Jobs , web:ALL # trailing comment\n"
            + "11:22:33:44:55:66:77:88:99:00:AA:BB:CC:DD:EE:FF:00:11:22:33 Weird.a+b\n");

    @Test
    void prefixesMatchAtADotBoundaryOrTheEnd() {
        assertThat(rules.isAuthorized(FP, "main", "Inventory.Item")).isTrue();
        assertThat(rules.isAuthorized(FP, "main", "inventory.item.fetch")).isTrue();
        assertThat(rules.isAuthorized(FP, "main", "Inventory.Items.fetch")).isFalse();
        assertThat(rules.isAuthorized(FP, "main", "Inventory")).isFalse();
    }

    @Test
    void patternWithoutSectorMeansMainAndSectorsMustMatch() {
        assertThat(rules.isAuthorized(FP, "background", "Inventory.Item.fetch")).isFalse();
        assertThat(rules.isAuthorized(FP, "background", "Jobs.run")).isTrue();
        assertThat(rules.isAuthorized(FP, "main", "Jobs.run")).isFalse();
    }

    @Test
    void sectorAllAllowsTheWholeSector() {
        assertThat(rules.isAuthorized(FP, "web", "Anything.at.all")).isTrue();
        assertThat(rules.isAuthorized(FP, "WEB", "x.y")).isTrue();
        assertThat(rules.isAuthorized(FP, "main", "ALL")).isFalse();
    }

    @Test
    void metaIsAlwaysAllowedAndColonsNever() {
        assertThat(rules.isAuthorized("00:00", "main", "_meta.documentation")).isTrue();
        assertThat(rules.isAuthorized(FP, "main", "Inventory.Item:x")).isFalse();
        assertThat(rules.isAuthorized(FP, "ma:in", "Inventory.Item")).isFalse();
        assertThat(AuthorizedServices.allowAll().isAuthorized(FP, "a:b", "c")).isFalse();
    }

    @Test
    void regexCharactersAreLiteral() {
        String fp = "11:22:33:44:55:66:77:88:99:00:AA:BB:CC:DD:EE:FF:00:11:22:33";
        assertThat(rules.isAuthorized(fp, "main", "Weird.a+b")).isTrue();
        assertThat(rules.isAuthorized(fp, "main", "Weird.aab")).isFalse();
        assertThat(rules.isAuthorized(FP.replace('A', 'B'), "main", "Inventory.Item")).isFalse();
    }

    @Test
    void anAbsentOptionalFileAllowsEverythingButABrokenOneAllowsNothing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path absent = dir.resolve("absent");
        java.nio.file.Path notUtf8 = java.nio.file.Files.write(dir.resolve("broken"), new byte[] {'A', ' ', (byte) 0xff, '\n'});
        String fp = "AA:BB";

        assertThat(AuthorizedServicesSource.read(absent, false).isAuthorized(fp, "main", "any.thing")).isTrue();
        assertThat(AuthorizedServicesSource.read(absent, true).isAuthorized(fp, "main", "any.thing")).isFalse();
        assertThat(AuthorizedServicesSource.read(notUtf8, false).isAuthorized(fp, "main", "any.thing")).isFalse();
        assertThat(AuthorizedServicesSource.read(notUtf8, false).origin()).contains("broken");
        assertThat(AuthorizedServicesSource.read(dir, false).isAuthorized(fp, "main", "any.thing"))
                .as("a directory where the file should be").isFalse();
    }
}
