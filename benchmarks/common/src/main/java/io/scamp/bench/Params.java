package io.scamp.bench;

import java.time.Duration;

/** Sizes and durations of a run: {@code --quick} for a smoke check, the full set otherwise. */
public record Params(boolean quick, Duration callDuration, Duration warmup, long bulkBytes, int inFlight, int connections) {
    public static Params from(String[] args) {
        boolean quick = java.util.Arrays.asList(args).contains("--quick");
        return quick
                ? new Params(true, Duration.ofSeconds(2), Duration.ofSeconds(2), 256L << 20, 10_000, 200)
                : new Params(false, Duration.ofSeconds(8), Duration.ofSeconds(5), 1L << 30, 10_000, 1_000);
    }
}
