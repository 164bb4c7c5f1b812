package io.scamp.config;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SCAMP configuration (SCAMP.md §9): {@code key = value} lines, {@code #} comments
 * anywhere, trimmed keys and values, first occurrence wins, unknown keys kept. A line without
 * {@code =} is reported ({@link #problems()}, with file and line) and skipped.
 *
 * <p>Found through {@code $SCAMP_CONFIG}, then {@code $SCAMP}, then {@code /etc/scamp/scamp.conf}
 * and {@code /etc/SCAMP/soa.conf}. With no file at all the embedded default applies: loopback
 * addresses, and a local state directory ({@link StateDirectory}) holding identities, the
 * discovery cache and the authorized-services file, so one machine works out of the box.
 * Programmatic overrides win over the file. Immutable.
 */
public final class ScampConfig {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ScampConfig.class);
    /** The address scheme services announce by default (SCAMP.md §1). */
    public static final String BEEPISH_TLS = "beepish+tls";
    /** The older address scheme, the only one the canonical Perl requester knows (SCAMP.md §11). */
    public static final String SCAMP_TLS = "scamp+tls";
    private static final List<Path> DEFAULT_PATHS = List.of(Path.of("/etc/scamp/scamp.conf"), Path.of("/etc/SCAMP/soa.conf"));

    private final Path source;
    private final Map<String, String> values;
    private final List<ConfigProblem> problems;

    private ScampConfig(Path source, Map<String, String> values, List<ConfigProblem> problems) {
        this.source = source;
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.problems = List.copyOf(problems);
    }

    /**
     * The configuration the environment points at, or the embedded default.
     *
     * @return the file named by {@code $SCAMP_CONFIG}, else by {@code $SCAMP}, else the first of
     *     {@code /etc/scamp/scamp.conf} and {@code /etc/SCAMP/soa.conf} that exists, else
     *     {@link #embeddedDefault()}
     * @throws ConfigException when a file the environment names cannot be read (a missing file
     *     there is an error, not the embedded default)
     */
    public static ScampConfig load() {
        for (String variable : new String[] {"SCAMP_CONFIG", "SCAMP"}) {
            String path = System.getenv(variable);
            if (path != null && !path.isBlank()) {
                return load(Path.of(path));
            }
        }
        for (Path path : DEFAULT_PATHS) {
            if (Files.isRegularFile(path)) {
                return load(path);
            }
        }
        return embeddedDefault();
    }

    /**
     * Reads {@code file}.
     *
     * @param file the configuration file
     * @return the configuration
     * @throws ConfigException when the file cannot be read
     */
    public static ScampConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration " + file + ": " + e.getMessage(), e);
        }
        return parse(file, text);
    }

    /**
     * Parses configuration text; {@code file} names it in problems.
     *
     * @param file the file the text came from, or {@code null}; it also becomes {@link #source()}
     * @param text the configuration text
     * @return the configuration; lines that could not be used are in {@link #problems()}
     */
    public static ScampConfig parse(Path file, String text) {
        Map<String, String> values = new LinkedHashMap<>();
        List<ConfigProblem> problems = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            if (line.isBlank()) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                ConfigProblem problem = new ConfigProblem(file, i + 1, "no '=' in \"" + line.trim() + "\"");
                problems.add(problem);
                LOG.warn("skipping configuration line {}", problem);
                continue;
            }
            String key = line.substring(0, eq).trim();
            if (key.isEmpty()) {
                problems.add(new ConfigProblem(file, i + 1, "empty key"));
                continue;
            }
            values.putIfAbsent(key, line.substring(eq + 1).trim());
        }
        return new ScampConfig(file, values, problems);
    }

    /**
     * The embedded default: no file, everything on loopback and in the local state directory.
     *
     * @return the configuration with no values
     */
    public static ScampConfig embeddedDefault() {
        return new ScampConfig(null, Map.of(), List.of());
    }

    /**
     * A copy with {@code key} set to {@code value}, winning over the file.
     *
     * @param key the key, e.g. {@code rpc.timeout}
     * @param value the value
     * @return the copy; this configuration is unchanged
     */
    public ScampConfig with(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new ScampConfig(source, copy, problems);
    }

    /**
     * The file this came from, if any.
     *
     * @return the file, or empty for the embedded default
     */
    public Optional<Path> source() {
        return Optional.ofNullable(source);
    }

    /**
     * Whether this is the embedded default (no configuration file).
     *
     * @return whether there is no source file
     */
    public boolean isEmbeddedDefault() {
        return source == null;
    }

    /**
     * The lines that could not be used and were skipped: no {@code =}, or an empty key.
     *
     * @return the problems, in file order
     */
    public List<ConfigProblem> problems() {
        return problems;
    }

    /**
     * Every key and value, unknown keys included.
     *
     * @return the values in file order, unmodifiable
     */
    public Map<String, String> values() {
        return values;
    }

    /**
     * A value as written, trimmed.
     *
     * @param key the key
     * @return the value, or empty if the key is absent
     */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * A value as written, trimmed, or {@code fallback}.
     *
     * @param key the key
     * @param fallback the value to use if the key is absent
     * @return the value
     */
    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /**
     * An integer value; a malformed one is a {@link ConfigException} naming key and value.
     *
     * @param key the key
     * @param fallback the value to use if the key is absent or empty
     * @return the value
     * @throws ConfigException if the value is not an integer
     */
    public int getInt(String key, int fallback) {
        long v = getLong(key, fallback);
        if (v != (int) v) {
            throw new ConfigException(where() + ": " + key + " = " + v + " is not an integer");
        }
        return (int) v;
    }

    /**
     * A long integer value; a malformed one is a {@link ConfigException} naming key and value.
     *
     * @param key the key
     * @param fallback the value to use if the key is absent or empty
     * @return the value
     * @throws ConfigException if the value is not an integer
     */
    public long getLong(String key, long fallback) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(where() + ": " + key + " = " + v + " is not an integer");
        }
    }

    /**
     * A whole number of seconds.
     *
     * @param key the key
     * @param fallbackSeconds the seconds to use if the key is absent or empty
     * @return the duration
     * @throws ConfigException if the value is not an integer
     */
    public Duration getSeconds(String key, long fallbackSeconds) {
        return Duration.ofSeconds(getInt(key, (int) fallbackSeconds));
    }

    /**
     * A file system path.
     *
     * @param key the key
     * @return the path, or empty if the key is absent
     * @throws ConfigException if the value is not a path (it holds a NUL character, say)
     */
    public Optional<Path> getPath(String key) {
        String v = values.get(key);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(v));
        } catch (InvalidPathException e) {
            throw new ConfigException(where() + ": " + key + " is not a path: " + e.getReason());
        }
    }

    // ---- typed accessors with the defaults of SCAMP.md §9

    /**
     * The lowest port a service may bind, {@code beepish.first_port}.
     *
     * @return the port, 30100 by default
     * @throws ConfigException if the value is not an integer
     */
    public int firstPort() {
        return getInt("beepish.first_port", 30100);
    }

    /**
     * The highest port a service may bind, {@code beepish.last_port}.
     *
     * @return the port, 30399 by default
     * @throws ConfigException if the value is not an integer
     */
    public int lastPort() {
        return getInt("beepish.last_port", 30399);
    }

    /**
     * How many random ports a service tries before it gives up, {@code beepish.bind_tries}.
     *
     * @return the number of tries, 20 by default
     * @throws ConfigException if the value is not an integer
     */
    public int bindTries() {
        return getInt("beepish.bind_tries", 20);
    }

    /**
     * How long a client keeps an idle connection open, {@code beepish.client_timeout}.
     *
     * @return the timeout, 90 s by default
     * @throws ConfigException if the value is not an integer
     */
    public Duration clientTimeout() {
        return getSeconds("beepish.client_timeout", 90);
    }

    /**
     * How long a service keeps an idle connection open, {@code beepish.server_timeout}.
     *
     * @return the timeout, 120 s by default
     * @throws ConfigException if the value is not an integer
     */
    public Duration serverTimeout() {
        return getSeconds("beepish.server_timeout", 120);
    }

    /**
     * How long a service lets an accepted connection's TLS handshake take before it closes the
     * connection, {@code beepish.handshake_timeout}. (A client's connect timeout covers its TCP
     * connect and handshake together; it is {@code ScampClientBuilder.connectTimeout}.)
     *
     * @return the timeout, 10 s by default
     * @throws ConfigException if the value is not an integer or not positive
     */
    public Duration handshakeTimeout() {
        Duration timeout = getSeconds("beepish.handshake_timeout", 10);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new ConfigException(where() + ": beepish.handshake_timeout = " + timeout.toSeconds()
                    + " must be a positive number of seconds");
        }
        return timeout;
    }

    /**
     * The timeout of a request that sets none and whose action has no {@code t<N>} flag,
     * {@code rpc.timeout}.
     *
     * @return the timeout, 75 s by default
     * @throws ConfigException if the value is not an integer
     */
    public Duration rpcTimeout() {
        return getSeconds("rpc.timeout", 75);
    }

    /**
     * The unacknowledged bytes a sender lets out per message before it waits for an ACK,
     * {@code flow.max_inflight}.
     *
     * @return the window, 65536 by default
     * @throws ConfigException if the value is not an integer
     */
    public int maxInflight() {
        return getInt("flow.max_inflight", 65536);
    }

    /**
     * A boolean value: {@code true} or {@code false} (also {@code yes}/{@code no}, {@code 1}/{@code 0}).
     *
     * @param key the key
     * @param fallback the value to use if the key is absent or empty
     * @return the value
     * @throws ConfigException if the value is none of those
     */
    public boolean getBoolean(String key, boolean fallback) {
        String v = values.get(key);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1":
                return true;
            case "false", "no", "0":
                return false;
            default:
                throw new ConfigException(where() + ": " + key + " = " + v + " is not true or false");
        }
    }

    /**
     * Whether send windows grow past {@code flow.max_inflight}, {@code flow.adaptive}.
     *
     * @return the value; true by default
     * @throws ConfigException if the value is not a boolean
     */
    public boolean adaptiveWindow() {
        return getBoolean("flow.adaptive", true);
    }

    /**
     * The largest send window of one message, {@code flow.max_window}.
     *
     * @return bytes; 16 MiB by default
     * @throws ConfigException if the value is not an integer from 1 to {@link Integer#MAX_VALUE}
     */
    public int maxWindow() {
        long perMessage = getLong("flow.max_window", io.scamp.connection.WindowLimits.DEFAULT_MAX_WINDOW);
        if (perMessage < 1 || perMessage > Integer.MAX_VALUE) {
            throw new ConfigException(where() + ": flow.max_window = " + perMessage + " is not 1.." + Integer.MAX_VALUE);
        }
        return (int) perMessage;
    }

    /**
     * What the send windows of one connection's messages may sum to, {@code flow.connection_window}.
     *
     * @return bytes; four times {@link #maxWindow()} by default
     * @throws ConfigException if the value is not an integer, or is under {@code flow.max_window}
     */
    public long connectionWindow() {
        int perMessage = maxWindow();
        long perConnection = getLong("flow.connection_window", 4L * perMessage);
        if (perConnection < perMessage) {
            throw new ConfigException(where() + ": flow.connection_window = " + perConnection + " is under flow.max_window ("
                    + perMessage + ")");
        }
        return perConnection;
    }

    /**
     * Received bytes that may wait for the application on one connection before it stops
     * reading from its socket, {@code flow.connection_receive_buffer}.
     *
     * @return bytes; by default a sixteenth of the maximum heap, 256 KiB to 16 MiB
     * @throws ConfigException if the value is not an integer
     */
    public long connectionReceiveBuffer() {
        return getLong("flow.connection_receive_buffer", io.scamp.connection.ReceiveLimits.defaults().connectionBytes());
    }

    /**
     * Received bytes that may wait for the application across all connections of one client
     * or service, {@code flow.receive_buffer}.
     *
     * @return bytes; by default a quarter of the maximum heap, 1 MiB to 256 MiB
     * @throws ConfigException if the value is not an integer
     */
    public long receiveBuffer() {
        return getLong("flow.receive_buffer", io.scamp.connection.ReceiveLimits.defaults().totalBytes());
    }

    /**
     * How long a connection's reads may stay paused with nothing consumed (or its output
     * unread by the peer) before it is closed, {@code flow.receive_stall_timeout}.
     *
     * @return the timeout, 60 s by default; zero never closes
     * @throws ConfigException if the value is not an integer
     */
    public Duration receiveStallTimeout() {
        return getSeconds("flow.receive_stall_timeout", 60);
    }

    /**
     * The scheme a service announces its address with, {@code service.address_scheme}:
     * {@code beepish+tls} or the older {@code scamp+tls}, which the canonical Perl requester
     * needs (docs/interop.md).
     *
     * @return {@link #BEEPISH_TLS} by default, else the configured scheme in lowercase
     * @throws ConfigException if the value is another scheme
     */
    public String addressScheme() {
        String v = get("service.address_scheme", "").toLowerCase(java.util.Locale.ROOT);
        if (v.isEmpty() || v.equals(BEEPISH_TLS)) {
            return BEEPISH_TLS;
        }
        if (v.equals(SCAMP_TLS)) {
            return SCAMP_TLS;
        }
        throw new ConfigException(where() + ": service.address_scheme = " + v + " is not beepish+tls or scamp+tls");
    }

    /**
     * The multicast group of discovery, {@code discovery.multicast_address}.
     *
     * @return the group address, {@code 239.63.248.106} by default
     */
    public String multicastAddress() {
        return get("discovery.multicast_address", "239.63.248.106");
    }

    /**
     * The UDP port of the discovery group, {@code discovery.port}.
     *
     * @return the port, 5555 by default
     * @throws ConfigException if the value is not an integer
     */
    public int discoveryPort() {
        return getInt("discovery.port", 5555);
    }

    /**
     * The age past which a discovery cache file is stale, {@code discovery.cache_max_age}.
     *
     * @return the age, 120 s by default
     * @throws ConfigException if the value is not an integer
     */
    public Duration cacheMaxAge() {
        return getSeconds("discovery.cache_max_age", 120);
    }

    /**
     * {@code discovery.cache_path}; the embedded default keeps it in the state directory.
     *
     * @return the configured path, else {@code discovery_cache} in the {@link StateDirectory}
     *     (also when a configuration file leaves the key out)
     * @throws ConfigException if the value is not a path
     */
    public Path cachePath() {
        return getPath("discovery.cache_path").orElse(StateDirectory.resolve().resolve("discovery_cache"));
    }

    /**
     * {@code bus.authorized_services}; the embedded default keeps it in the state directory.
     *
     * @return the configured path, else {@code authorized_services} in the {@link StateDirectory}
     *     (also when a configuration file leaves the key out)
     * @throws ConfigException if the value is not a path
     */
    public Path authorizedServicesPath() {
        return getPath("bus.authorized_services").orElse(StateDirectory.resolve().resolve("authorized_services"));
    }

    /**
     * Whether the authorized-services path was configured (and so must exist) rather than defaulted.
     *
     * @return whether {@code bus.authorized_services} is set; pass it as {@code required} to
     *     {@link io.scamp.discovery.AuthorizedServicesSource#watch(Path, boolean)}
     */
    public boolean authorizedServicesConfigured() {
        return values.containsKey("bus.authorized_services");
    }

    /**
     * The address services bind and announce: {@code service.address}, else {@code bus.address}
     * ({@code if:NAME} resolves an interface), else loopback for the embedded default, else the
     * first 10.x or 192.168.x interface address.
     *
     * @return the address as configured or resolved; {@code 127.0.0.1} when nothing is
     *     configured and no interface qualifies
     * @throws ConfigException if an {@code if:NAME} value names no interface or one without IPv4
     */
    public String serviceAddress() {
        Optional<String> configured = get("service.address").or(() -> get("bus.address"));
        if (configured.isPresent()) {
            return resolveAddress(configured.get());
        }
        if (isEmbeddedDefault()) {
            return "127.0.0.1";
        }
        return firstPrivateAddress().orElse("127.0.0.1");
    }

    /**
     * {@code discovery.address} (the interface multicast uses), resolved like {@link #serviceAddress()}.
     *
     * @return the address; {@link #serviceAddress()} when the key is absent
     * @throws ConfigException if an {@code if:NAME} value names no interface or one without IPv4
     */
    public String discoveryAddress() {
        return get("discovery.address").map(ScampConfig::resolveAddress).orElseGet(this::serviceAddress);
    }

    /**
     * An address, or {@code if:NAME} for the first IPv4 address of interface NAME.
     *
     * @param value an address, or {@code if:} and an interface name
     * @return {@code value} itself, or the interface's first IPv4 address
     * @throws ConfigException if the interface does not exist, has no IPv4 address or cannot be
     *     inspected
     */
    public static String resolveAddress(String value) {
        if (!value.startsWith("if:")) {
            return value;
        }
        String name = value.substring(3);
        try {
            NetworkInterface nic = NetworkInterface.getByName(name);
            if (nic == null) {
                throw new ConfigException("no network interface named " + name + " (from " + value + ")");
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    return a.getHostAddress();
                }
            }
            throw new ConfigException("interface " + name + " has no IPv4 address (from " + value + ")");
        } catch (SocketException e) {
            throw new ConfigException("cannot inspect interface " + name + ": " + e.getMessage(), e);
        }
    }

    private static Optional<String> firstPrivateAddress() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    String s = a.getHostAddress();
                    if (a instanceof Inet4Address && (s.startsWith("10.") || s.startsWith("192.168."))) {
                        return Optional.of(s);
                    }
                }
            }
        } catch (SocketException e) {
            LOG.warn("cannot list network interfaces: {}", e.getMessage());
        }
        return Optional.empty();
    }

    private String where() {
        return source == null ? "configuration" : source.toString();
    }

    /**
     * The private key file of service {@code name}: {@code <name>.soa_key}, then {@code <name>.key}.
     *
     * @param name the service name
     * @return the configured path, or empty
     * @throws ConfigException if the value is not a path
     */
    public Optional<Path> serviceKey(String name) {
        return getPath(name + ".soa_key").or(() -> getPath(name + ".key"));
    }

    /**
     * The certificate file of service {@code name}: {@code <name>.soa_cert}, then {@code <name>.cert}.
     *
     * @param name the service name
     * @return the configured path, or empty
     * @throws ConfigException if the value is not a path
     */
    public Optional<Path> serviceCertificate(String name) {
        return getPath(name + ".soa_cert").or(() -> getPath(name + ".cert"));
    }
}
