package io.scamp.metrics;

import io.scamp.message.RemoteActionException;
import io.scamp.message.ScampTimeoutException;
import io.scamp.message.TransportException;

/** How a call ended: the {@code outcome} tag of {@code scamp.calls} (docs/observability.md). */
public enum CallOutcome {
    /** A successful reply header. */
    OK,
    /** An error reply (its code is the {@code error_code} tag). */
    ERROR,
    /** No reply header within the request's timeout (client). */
    TIMEOUT,
    /** The connection failed or was lost first. */
    TRANSPORT,
    /** The requester gave up: its subscriber cancelled (client), or it aborted its request with TXERR (service). */
    CANCELLED,
    /** The request failed on this side: its body publisher broke the Reactive Streams rules. */
    FAILED;

    /**
     * The outcome a requester's failure stands for.
     *
     * @param error what the request failed with
     * @return its outcome, by type
     */
    public static CallOutcome of(Throwable error) {
        if (error instanceof ScampTimeoutException) {
            return TIMEOUT;
        }
        if (error instanceof TransportException) {
            return TRANSPORT;
        }
        return error instanceof RemoteActionException ? ERROR : FAILED;
    }
}
