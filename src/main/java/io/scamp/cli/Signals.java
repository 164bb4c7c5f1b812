package io.scamp.cli;

import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into a graceful stop. The JVM's own handlers would exit with
 * 128+signal after the shutdown hooks; the command wants to drain and exit 0 instead.
 */
final class Signals {
    private Signals() {
    }

    static void onTermination(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), signal -> action.run());
            } catch (IllegalArgumentException unavailable) {
                // not on this platform: the default handler stays
            }
        }
    }
}
