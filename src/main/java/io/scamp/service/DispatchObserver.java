package io.scamp.service;

import io.scamp.message.Reply;
import io.scamp.message.Request;
import org.reactivestreams.Publisher;

/**
 * Watches each request a service dispatches (tracing). A service has none ({@code null}: a
 * null check is all a call pays) unless {@link ScampServiceBuilder#observationRegistry} was
 * called; the one implementation, {@link ObservedDispatch}, is the only class here that uses
 * Micrometer.
 */
interface DispatchObserver {
    /**
     * The reply of {@code request}, made by {@code actions}, observed.
     *
     * @param request the request as received, on the connection's event loop
     * @param action the action it calls, or {@code null} for one the service does not have
     * @param actions runs the handler ({@link ActionRegistry#handle})
     * @return the reply publisher, as the connection subscribes to it
     */
    Publisher<Reply> dispatch(Request request, ActionSpec action, ActionRegistry actions);
}
