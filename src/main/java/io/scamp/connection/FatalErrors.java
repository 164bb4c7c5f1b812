package io.scamp.connection;

/**
 * Which throwables from an action handler fail more than its own request.
 *
 * <p>Whatever a handler throws is answered with an error reply to that request, the connection
 * and its other requests carrying on, {@link Error}s included: a {@link StackOverflowError}
 * (runaway recursion), an {@link AssertionError}, an {@link ExceptionInInitializerError} or
 * {@link NoClassDefFoundError} of the handler's own classes are bugs of that handler, and the
 * stack has unwound by the time they are caught. Reactor's {@code Exceptions.throwIfJvmFatal}
 * would let the last three kinds bubble up, and with them fail the whole connection.
 *
 * <p>The other {@link VirtualMachineError}s ({@link OutOfMemoryError}, {@link InternalError},
 * {@link UnknownError}) say that the JVM itself is in trouble: they go on failing the connection
 * they were thrown on, as an allocation that fails in its decoder or writer does, which frees
 * what that connection holds while the event loop and the other connections carry on.
 */
public final class FatalErrors {
    private FatalErrors() {
    }

    /**
     * Whether {@code failure} must fail the connection rather than only its request.
     *
     * @param failure what a handler threw
     * @return true for a {@link VirtualMachineError} other than {@link StackOverflowError}
     */
    public static boolean isFatal(Throwable failure) {
        return failure instanceof VirtualMachineError && !(failure instanceof StackOverflowError);
    }

    /**
     * Throws {@code failure} again if it {@link #isFatal is fatal}; returns otherwise.
     *
     * @param failure what a handler threw
     * @throws VirtualMachineError {@code failure} itself, when fatal
     */
    public static void rethrowIfFatal(Throwable failure) {
        if (isFatal(failure)) {
            throw (VirtualMachineError) failure;
        }
    }
}
