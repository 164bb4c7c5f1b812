package io.scamp.bench;

import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * What a runner must provide for its system so the shared {@link Measurements} can drive it:
 * an asynchronous small echo call, blocking bulk transfers, and the system's name.
 */
public interface Workload extends AutoCloseable {
    String system();

    /** Sends {@code body} to the echo action over the shared connection; calls {@code done} with null or the failure. */
    void echo(byte[] body, Consumer<Throwable> done);

    /** Streams {@code bytes} to the server; returns when the server confirmed it consumed them all. Null when unsupported. */
    Long upload(long bytes) throws Exception;

    /** Streams {@code bytes} from the server; returns the bytes received. Null when unsupported. */
    Long download(long bytes) throws Exception;

    /** Whether small calls and bulk transfers can share one connection (raw TLS cannot). */
    boolean supportsCalls();

    /** Opens {@code n} separate connections, each doing one echo; returns how many succeeded. -1 when unsupported. */
    int connections(int n) throws Exception;

    /**
     * The flow-control window, in bytes, the last upload or download ended with, when the
     * system reports one (the RTT sweep prints it as {@code upload_window_end_rttN} and
     * {@code download_window_end_rttN}, in KiB); empty otherwise.
     */
    default OptionalLong lastWindow() {
        return OptionalLong.empty();
    }

    @Override
    void close() throws Exception;
}
