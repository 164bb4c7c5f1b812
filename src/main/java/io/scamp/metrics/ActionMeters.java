package io.scamp.metrics;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.scamp.message.MessageHeader;

/**
 * The call timers of one action, version and envelope on one side, resolved once and reused by
 * every call of it: a call only records into them. Each outcome and error code is registered when
 * first seen.
 */
final class ActionMeters {
    private final SideMeters side;
    final int version;
    final int envelope;
    /** {@code scamp.calls} by {@link CallOutcome} ordinal, error replies aside. */
    private final Lazy<Timer> outcomes;
    /** {@code scamp.calls} of error replies, by {@link TagValues#ERROR_CODES} index. */
    private final Lazy<Timer> errors;
    /** {@code scamp.calls.body}: [0] complete, [1] failed. */
    private final Lazy<Timer> body;

    /**
     * Meters tagged {@code action} and {@code version} as given (bounded by the caller), and
     * envelope {@link TagValues#ENVELOPES}{@code [envelope]}.
     */
    ActionMeters(SideMeters side, String action, String versionTag, int version, int envelope) {
        this.side = side;
        this.version = version;
        this.envelope = envelope;
        Tags tags = Tags.of("side", TagValues.of(side.side), "action", action, "version", versionTag, "envelope", TagValues.ENVELOPES.get(envelope));
        CallOutcome[] all = CallOutcome.values();
        this.outcomes = new Lazy<>(all.length, i -> calls(tags, TagValues.of(all[i]), TagValues.NONE));
        this.errors = new Lazy<>(TagValues.ERROR_CODES.size(), i -> calls(tags, TagValues.of(CallOutcome.ERROR), TagValues.ERROR_CODES.get(i)));
        this.body = new Lazy<>(2, i -> Timer.builder(MeterNames.CALLS_BODY).tags(tags).tag("outcome", i == 0 ? "ok" : "failed")
                .description("from the request to the end of a successful reply's body").register(side.registry));
    }

    private Timer calls(Tags tags, String outcome, String errorCode) {
        return Timer.builder(MeterNames.CALLS).tags(tags).tag("outcome", outcome).tag("error_code", errorCode)
                .description("from the request to the reply header").register(side.registry);
    }

    /** A call of this action starts now. */
    CallMetrics start() {
        side.activeCalls.increment();
        return new Call(side.now());
    }

    /** One call: ends once, at an error reply, a failure or the end of the reply body. */
    private final class Call implements CallMetrics {
        private final long startedAt;
        private boolean replied;
        private boolean over;

        Call(long startedAt) {
            this.startedAt = startedAt;
        }

        @Override
        public void replied(MessageHeader reply) {
            if (over || replied) {
                return;
            }
            if (reply.isError()) {
                side.recordSince(errors.get(TagValues.errorCode(reply)), startedAt);
                end();
            } else {
                side.recordSince(outcomes.get(CallOutcome.OK.ordinal()), startedAt);
                replied = true;
            }
        }

        @Override
        public void failed(CallOutcome outcome) {
            if (over) {
                return;
            }
            side.recordSince(replied ? body.get(1) : outcomes.get(outcome.ordinal()), startedAt);
            end();
        }

        @Override
        public void bodyEnded(boolean complete) {
            if (over) {
                return;
            }
            if (replied) {
                side.recordSince(body.get(complete ? 0 : 1), startedAt);
            }
            end();
        }

        private void end() {
            over = true;
            side.activeCalls.decrement();
        }
    }
}
