package io.scamp.message;

/**
 * A body being aggregated into memory (for JSON decoding or {@code bodyAsBytes}) grew past
 * the cap the caller set. The rest of the body is drained so the connection stays healthy.
 */
public class BodyTooLargeException extends ScampException {
    private static final long serialVersionUID = 1L;

    private final long limit;

    public BodyTooLargeException(long limit) {
        super("body larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
