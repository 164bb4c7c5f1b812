package io.scamp.metrics;

import io.scamp.message.MessageHeader;
import io.scamp.service.ActionSpec;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * A service's call meters per registered action (and envelope): the action a request names is
 * found as the service dispatches it ({@code find}, the service's own lookup), so the tag is the
 * name the action was registered under, whatever case the requester wrote; a name the service
 * does not have is action {@code unknown}, version {@code unknown}, never what the peer sent.
 * Bounded by the registered actions times four envelopes.
 */
final class ServiceActions {
    private final Function<MessageHeader, ActionSpec> find;
    /** Filled at construction, read only afterwards. */
    private final Map<ActionSpec, Lazy<ActionMeters>> registered = new IdentityHashMap<>();
    private final Lazy<ActionMeters> unknown;

    ServiceActions(SideMeters side, Collection<ActionSpec> actions, Function<MessageHeader, ActionSpec> find) {
        this.find = find;
        int envelopes = TagValues.ENVELOPES.size();
        for (ActionSpec spec : actions) {
            String version = Integer.toString(spec.version());
            registered.put(spec, new Lazy<>(envelopes, e -> new ActionMeters(side, spec.name(), version, spec.version(), e)));
        }
        this.unknown = new Lazy<>(envelopes, e -> new ActionMeters(side, TagValues.UNKNOWN, TagValues.UNKNOWN, 0, e));
    }

    ActionMeters lookup(MessageHeader request) {
        ActionSpec spec = find.apply(request);
        Lazy<ActionMeters> meters = spec == null ? null : registered.get(spec);
        return (meters == null ? unknown : meters).get(TagValues.envelope(request.envelope()));
    }
}
