package io.scamp.cli;

import io.scamp.client.Endpoint;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code --address URI [--fingerprint FP]}: a service reached directly, its certificate pinned,
 * as {@code request}, {@code subscribe} and {@code notify} take it.
 */
final class EndpointOptions {
    @Option(names = "--address", description = "Service address, beepish+tls://HOST:PORT.")
    String address;

    @Option(names = "--fingerprint", description = "Expected certificate fingerprint of the service.")
    String fingerprint;

    /**
     * The endpoint, or {@code null} without {@code --address}.
     *
     * @throws CommandLine.ParameterException for a bad address or fingerprint, or a fingerprint without an address
     */
    Endpoint endpoint(CommandLine.Model.CommandSpec spec, String whyAddressNeeded) {
        if (address == null) {
            if (fingerprint != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--fingerprint needs --address" + whyAddressNeeded);
            }
            return null;
        }
        try {
            return Endpoint.of(address, fingerprint == null ? null : io.scamp.tls.Fingerprints.normalize(fingerprint));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The endpoint; {@code --address} is required. */
    Endpoint required(CommandLine.Model.CommandSpec spec) {
        Endpoint endpoint = endpoint(spec, "");
        if (endpoint == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--address is required");
        }
        return endpoint;
    }
}
