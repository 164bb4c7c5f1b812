package io.scamp.cli;

import io.scamp.client.Endpoint;
import io.scamp.discovery.ActionEntry;
import io.scamp.discovery.AnnouncementParser;
import io.scamp.discovery.AnnouncementRecord;
import io.scamp.discovery.AnnouncementSigner;
import io.scamp.discovery.AnnouncementSigner.Announcement;
import io.scamp.discovery.CacheFileFormat;
import io.scamp.discovery.CacheFileWriter;
import io.scamp.discovery.InvalidRecordException;
import io.scamp.tls.IdentityException;
import io.scamp.tls.ServiceIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scamp announce}: signs an announcement record for a service that is not this process
 * (SCAMP.md §7.1), from a v3 JSON line ({@code --record}) or from flags, with the service's
 * certificate and key; prints it as cache text ({@code \n%%%\n} and the record) or puts it into a
 * cache file ({@code --cache}), replacing an earlier record of the same identity. {@code --remove
 * IDENT --cache FILE} takes one out. Exit 0 done, 1 nothing to remove, 2 bad input (key, certificate,
 * action spec, record line, option), 4 the cache file cannot be read or written.
 */
@Command(name = "announce", mixinStandardHelpOptions = true,
        description = "Sign a service's announcement record; print it as cache text or put it into a cache file.")
final class AnnounceCommand implements Callable<Integer> {
    /** {@code --remove}: the cache file holds no record of that identity. */
    static final int NOT_FOUND = 1;
    /** The options that make a record from flags, which a --record line replaces. */
    private static final List<String> RECORD_FIELDS = List.of("--ident", "--sector", "--weight", "--interval", "--address",
            "--envelope", "--action", "--timestamp");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--record", paramLabel = "FILE|-", description = "A v3 JSON line, as a service would announce it, signed as it is ('-': stdin).")
    String record;

    @Option(names = "--ident", paramLabel = "IDENT", description = "The instance identity, e.g. inventory:RdG4... (name, ':' or '-', random base64).")
    String ident;

    @Option(names = "--sector", paramLabel = "SECTOR", defaultValue = "main", description = "The record's sector (default ${DEFAULT-VALUE}).")
    String sector;

    @Option(names = "--weight", paramLabel = "N", defaultValue = "1", description = "Routing weight; 0 means draining (default ${DEFAULT-VALUE}).")
    int weight;

    @Option(names = "--interval", paramLabel = "MS", defaultValue = "5000", description = "Announce interval in milliseconds (default ${DEFAULT-VALUE}).")
    long interval;

    @Option(names = "--address", paramLabel = "URI", description = "Where the service listens: beepish+tls://HOST:PORT or scamp+tls://HOST:PORT.")
    String address;

    @Option(names = "--envelope", paramLabel = "ENVELOPE", description = "A record-level envelope; repeatable (default json).")
    List<String> envelopes = new ArrayList<>();

    @Option(names = "--action", paramLabel = "SPEC",
            description = "Namespace.name[:VERSION[:FLAGS[:SECTOR[:ENVELOPES]]]]; repeatable. Another sector or other "
                    + "envelopes than the record's put the action in the v4 extension.")
    List<String> actions = new ArrayList<>();

    @Option(names = "--timestamp", paramLabel = "SECONDS", description = "Seconds since the epoch (default: now).")
    Double timestamp;

    @Option(names = "--cert", paramLabel = "PEM", description = "The service's certificate (PEM); it goes in the record.")
    Path cert;

    @Option(names = "--key", paramLabel = "PEM", description = "The certificate's private key (PEM, PKCS#1 or PKCS#8); it signs the record.")
    Path key;

    @Option(names = "--cache", paramLabel = "FILE",
            description = "Put the record into this cache file (replacing one of the same identity), atomically.")
    Path cache;

    @Option(names = "--remove", paramLabel = "IDENT", description = "Take the records of IDENT out of the --cache file.")
    String remove;

    @Override
    public Integer call() {
        if (remove != null) {
            return remove();
        }
        if (cert == null || key == null) {
            throw usage("--cert and --key are required: the certificate goes in the record, its key signs it");
        }
        ServiceIdentity identity;
        try {
            identity = ServiceIdentity.fromPem(cert, key);
        } catch (IdentityException e) {
            throw usage("bad certificate or key: " + e.getMessage());
        }
        String text = sign(identity);
        AnnouncementRecord signed;
        try {
            signed = AnnouncementParser.parse(text).verify();
        } catch (InvalidRecordException e) {
            throw usage("unreadable record line: " + e.getMessage());
        }
        if (cache == null) {
            System.out.print(CacheFileFormat.join(List.of(text)));
            System.out.flush();
            return ExitCodes.OK;
        }
        try {
            CacheFileWriter.put(cache, text);
        } catch (IOException e) {
            System.err.println("scamp announce: cannot write " + cache + ": " + e);
            return ExitCodes.TRANSPORT;
        }
        System.err.printf("announced %s at %s in %s: %d actions, fingerprint %s%n", signed.ident(), signed.address(), cache,
                signed.actions().size(), signed.fingerprint());
        return ExitCodes.OK;
    }

    /** The signed record text: the --record line as it is, or the line the flags describe. */
    private String sign(ServiceIdentity identity) {
        if (record != null) {
            for (String option : RECORD_FIELDS) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw usage("--record takes the whole JSON line: " + option + " does not go with it");
                }
            }
            return AnnouncementSigner.signLine(recordLine(), identity);
        }
        if (ident == null || ident.isBlank() || address == null) {
            throw usage("give --record FILE, or --ident and --address (and --action ...)");
        }
        try {
            Endpoint.of(address, null);
        } catch (IllegalArgumentException e) {
            throw usage("bad --address: " + e.getMessage());
        }
        if (weight < 0 || interval <= 0) {
            throw usage("--weight must be 0 or more and --interval positive");
        }
        List<String> recordEnvelopes = envelopes.isEmpty() ? List.of("json") : envelopes;
        for (String e : recordEnvelopes) {
            if (!e.matches("[^\\s,]+")) {
                throw usage("bad --envelope " + e + ": one word, no ','");
            }
        }
        List<ActionEntry> entries = new ArrayList<>();
        for (String a : actions) {
            try {
                entries.add(ActionArgument.parse(a, sector, recordEnvelopes));
            } catch (IllegalArgumentException e) {
                throw usage(e.getMessage());
            }
        }
        if (timestamp != null && (!Double.isFinite(timestamp) || timestamp < 0)) {
            throw usage("--timestamp must be a finite number of seconds since the epoch, got " + timestamp);
        }
        double when = timestamp != null ? timestamp : System.currentTimeMillis() / 1000.0;
        return AnnouncementSigner.sign(new Announcement(ident, sector, weight, interval, address, recordEnvelopes, entries, when), identity);
    }

    /** The one line of the --record file or of stdin, without its line end. */
    private String recordLine() {
        String text;
        try {
            text = "-".equals(record) ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(record), StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw usage("unreadable record line: cannot read " + record + ": " + e);
        }
        String line = text.strip();
        if (line.isEmpty()) {
            throw usage("unreadable record line: " + record + " is empty");
        }
        if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) {
            throw usage("unreadable record line: " + record + " holds more than one line; give only the JSON line");
        }
        return line;
    }

    private int remove() {
        if (cache == null) {
            throw usage("--remove needs --cache FILE");
        }
        if (record != null) {
            throw usage("--remove takes only --cache");
        }
        for (String option : java.util.stream.Stream.concat(RECORD_FIELDS.stream(), java.util.stream.Stream.of("--key", "--cert")).toList()) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw usage("--remove takes only --cache: " + option + " does not go with it");
            }
        }
        try {
            int removed = CacheFileWriter.remove(cache, remove);
            if (removed == 0) {
                System.err.println("scamp announce: " + cache + " holds no record of " + remove);
                return NOT_FOUND;
            }
            System.err.printf("removed %d record%s of %s from %s%n", removed, removed == 1 ? "" : "s", remove, cache);
            return ExitCodes.OK;
        } catch (NoSuchFileException e) {
            System.err.println("scamp announce: no cache file " + cache);
            return ExitCodes.TRANSPORT;
        } catch (IOException e) {
            System.err.println("scamp announce: cannot update " + cache + ": " + e);
            return ExitCodes.TRANSPORT;
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
