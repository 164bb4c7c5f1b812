package io.scamp.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.scamp.client.Endpoint;
import io.scamp.client.ScampClient;
import io.scamp.message.ScampJson;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import reactor.core.Exceptions;

/**
 * {@code scamp notify --address URI --data JSON}: sends one notification (SCAMP.md §10: a
 * one-way message, no reply). Exit 0 once it is written, 4 when it cannot be, 2 on bad usage
 * (the data must be JSON).
 */
@Command(name = "notify", mixinStandardHelpOptions = true, description = "Send one notification: a one-way message with a JSON body.")
final class NotifyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    EndpointOptions target;

    @Option(names = "--data", required = true, paramLabel = "JSON", description = "The notification's body, JSON.")
    String data;

    @Override
    public Integer call() {
        Endpoint endpoint = target.required(spec);
        JsonNode body;
        try {
            body = ScampJson.mapper().readTree(data);
        } catch (java.io.IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--data is not JSON: " + e.getMessage());
        }
        if (body == null || body.isMissingNode()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--data is empty");
        }
        try (ScampClient client = ScampClient.create()) {
            client.notify(endpoint, body).block();
            return ExitCodes.OK;
        } catch (RuntimeException e) {
            System.err.println("scamp notify: " + Exceptions.unwrap(e).getMessage());
            return ExitCodes.TRANSPORT;
        }
    }
}
