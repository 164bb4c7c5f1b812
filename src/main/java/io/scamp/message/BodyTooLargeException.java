package io.scamp.message;

/**
 * A body being aggregated into memory (for JSON decoding or {@code bodyAsBytes}) grew past
 * the cap the caller set. The rest of the body is drained so the connection stays healthy.
 */
public class BodyTooLargeException extends ScampException {
    private static final long serialVersionUID = 1L;

    /** The cap that was exceeded, in bytes. */
    private final long limit;

    /**
     * Makes the exception for a body that grew past {@code limit}.
     *
     * @param limit the cap that was exceeded, in bytes
     */
    public BodyTooLargeException(long limit) {
        super("body larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    /**
     * The cap that was exceeded.
     *
     * @return the cap, in bytes
     */
    public long limit() {
        return limit;
    }
}
