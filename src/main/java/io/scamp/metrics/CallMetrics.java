package io.scamp.metrics;

import io.scamp.message.MessageHeader;

/**
 * The recorder of one call, from {@link ConnectionMetrics#call}: it ends at an error reply's
 * header, at a failure before the reply header, or at the end of a successful reply's body.
 * Calls after the end are ignored. Event loop only.
 */
public interface CallMetrics {
    /**
     * The reply header was received (client) or written (service).
     *
     * @param reply its header; an error reply ends the call
     */
    void replied(MessageHeader reply);

    /**
     * The call ended before a reply header (or, after one, before its body ended).
     *
     * @param outcome why
     */
    void failed(CallOutcome outcome);

    /**
     * The successful reply's body is over.
     *
     * @param complete true for its EOF, false for a TXERR or a lost connection
     */
    void bodyEnded(boolean complete);
}
