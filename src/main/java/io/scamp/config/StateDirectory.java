package io.scamp.config;

import java.nio.file.Path;

/**
 * Where the library keeps local state when no configuration says otherwise:
 * {@code $SCAMP_STATE_DIR}, else {@code $XDG_STATE_HOME/scamp}, else {@code ~/.local/state/scamp}.
 */
public final class StateDirectory {
    private StateDirectory() {
    }

    /**
     * The state directory, from the environment; it is not created here.
     *
     * @return {@code $SCAMP_STATE_DIR}, else {@code $XDG_STATE_HOME/scamp}, else
     *     {@code ~/.local/state/scamp}
     */
    public static Path resolve() {
        String explicit = System.getenv("SCAMP_STATE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_STATE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "scamp");
        }
        return Path.of(System.getProperty("user.home"), ".local", "state", "scamp");
    }

    /**
     * The directory holding generated identities.
     *
     * @return {@code identity} in the state directory
     */
    public static Path identities() {
        return resolve().resolve("identity");
    }
}
