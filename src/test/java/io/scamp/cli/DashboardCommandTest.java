package io.scamp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code scamp dashboard}'s {@code --listen} and what it says when it cannot listen (the page itself: DashboardServerTest, DashboardBrowserIT). */
class DashboardCommandTest {
    @TempDir
    Path dir;

    @Test
    void listenTakesHostColonPortWithIpv6InBrackets() {
        ListenAddress listen = new ListenAddress();
        assertThat(listen.convert("127.0.0.1:0")).isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        InetSocketAddress v6 = listen.convert("[::1]:8370");
        assertThat(v6.getAddress()).isInstanceOf(Inet6Address.class);
        assertThat(v6.getAddress().isLoopbackAddress()).isTrue();
        assertThat(v6.getPort()).isEqualTo(8370);
        assertThat(listen.convert("0.0.0.0:65535").getAddress().isAnyLocalAddress()).isTrue();
        assertThatThrownBy(() -> listen.convert("::1:80")).isInstanceOf(CommandLine.TypeConversionException.class).hasMessageContaining("[::1]:PORT");
        assertThatThrownBy(() -> listen.convert("127.0.0.1:65536")).hasMessageContaining("not in 0..65535");
        assertThatThrownBy(() -> listen.convert("127.0.0.1:http")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> listen.convert(":80")).hasMessageContaining("is not HOST:PORT");
        assertThatThrownBy(() -> listen.convert("127.0.0.1:")).hasMessageContaining("is not HOST:PORT");
    }

    @Test
    void aBadListenIsBadUsage() {
        InProcess.Result r = InProcess.run("dashboard", "--listen", "8370", "--cache", dir.resolve("cache").toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.stderr()).contains("'8370' is not HOST:PORT");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void aPortInUseIsReportedWithExit4() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InProcess.Result r = InProcess.run("dashboard", "--listen", "127.0.0.1:" + taken.getLocalPort(), "--cache", dir.resolve("cache").toString());

            assertThat(r.exit()).isEqualTo(ExitCodes.TRANSPORT);
            assertThat(r.stderr()).contains("scamp dashboard: cannot listen on").contains(":" + taken.getLocalPort());
            assertThat(r.stdout()).isEmpty();
        }
    }
}
