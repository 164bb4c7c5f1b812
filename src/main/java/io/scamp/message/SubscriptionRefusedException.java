package io.scamp.message;

/**
 * The service answered a subscription with {@code subscribe_done false} (SCAMP.md §10): it does
 * not take that filter (more than 10 codes, say). Final: a subscription refused is not retried.
 */
public class SubscriptionRefusedException extends ScampException {
    private static final long serialVersionUID = 1L;

    /**
     * Makes the exception.
     *
     * @param message which service refused which codes
     */
    public SubscriptionRefusedException(String message) {
        super(message);
    }
}
