package io.scamp.cli;

/** The exit codes of the {@code scamp} command; other tools rely on them. */
final class ExitCodes {
    static final int OK = 0;
    static final int USAGE = 2;
    static final int REMOTE_ERROR = 3;
    static final int TRANSPORT = 4;
    /** {@code serve}: the service stopped on its own because it could no longer serve (an event loop ended). */
    static final int SERVICE_FAILED = 5;

    private ExitCodes() {
    }
}
