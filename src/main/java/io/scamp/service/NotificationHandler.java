package io.scamp.service;

/**
 * Receives the {@code notify} messages peers send to a service
 * ({@link ScampServiceBuilder#onNotify}). Called on the connection's event loop once the whole
 * body has arrived and parsed, in the order the messages arrived on that connection: return
 * quickly and move blocking work elsewhere. What it throws is logged and costs only that
 * notification.
 */
@FunctionalInterface
public interface NotificationHandler {
    /**
     * Handles one notification.
     *
     * @param notification its header and JSON body
     */
    void onNotify(Notification notification);
}
