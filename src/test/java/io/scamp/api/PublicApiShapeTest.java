package io.scamp.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The user-facing packages expose no Netty type, and every public type there has javadoc'd
 * intent in the shape of Reactor types: requests give a {@code Mono}, bodies a {@code Flux}.
 */
class PublicApiShapeTest {
    private static final List<String> USER_PACKAGES = List.of("io.scamp.client", "io.scamp.service", "io.scamp.message",
            "io.scamp.discovery", "io.scamp.config", "io.scamp.auth", "io.scamp.observation");
    /** Internal packages (their package documentation says so): never in a user package's public signature. */
    private static final List<String> INTERNAL = List.of("io.netty", "io.scamp.wire.", "io.scamp.connection.", "io.scamp.metrics.");

    @Test
    void noNettyOrInternalTypeInAPublicSignature() throws Exception {
        List<String> offenders = new ArrayList<>();
        for (Class<?> type : publicTypes()) {
            for (Method m : type.getMethods()) {
                if (!m.getDeclaringClass().getName().startsWith("io.scamp")) {
                    continue;
                }
                List<Type> types = new ArrayList<>(List.of(m.getGenericParameterTypes()));
                types.add(m.getGenericReturnType());
                types.addAll(List.of(m.getGenericExceptionTypes()));
                types.forEach(t -> {
                    if (isInternal(t)) {
                        offenders.add(type.getName() + "." + m.getName() + ": " + t.getTypeName());
                    }
                });
            }
            for (Constructor<?> c : type.getConstructors()) {
                for (Type t : c.getGenericParameterTypes()) {
                    if (isInternal(t)) {
                        offenders.add(type.getName() + "(): " + t.getTypeName());
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    private static boolean isInternal(Type t) {
        return INTERNAL.stream().anyMatch(p -> t.getTypeName().contains(p));
    }

    @Test
    void everyLongLivedObjectIsADisposableWithANonBlockingDisposeLater() throws Exception {
        for (Class<?> type : List.of(io.scamp.client.ScampClient.class, io.scamp.service.RunningService.class,
                io.scamp.discovery.ServiceDirectory.class)) {
            assertThat(reactor.core.Disposable.class).as(type.getName()).isAssignableFrom(type);
            assertThat(AutoCloseable.class).as(type.getName()).isAssignableFrom(type);
            Method disposeLater = type.getMethod("disposeLater");
            assertThat(disposeLater.getReturnType()).as(type.getName() + ".disposeLater()").isEqualTo(reactor.core.publisher.Mono.class);
            assertThat(disposeLater.getGenericReturnType().getTypeName()).isEqualTo("reactor.core.publisher.Mono<java.lang.Void>");
            assertThat(type.getMethod("close").getExceptionTypes()).as(type.getName() + ".close() throws nothing checked").isEmpty();
        }
    }

    @Test
    void requestsAreMonosAndBodiesAreFluxes() throws Exception {
        Method request = io.scamp.client.ScampClient.class.getMethod("request", io.scamp.client.Endpoint.class, io.scamp.message.Request.class);
        assertThat(request.getReturnType()).isEqualTo(reactor.core.publisher.Mono.class);
        assertThat(io.scamp.message.Reply.class.getMethod("body").getReturnType()).isEqualTo(reactor.core.publisher.Flux.class);
        assertThat(io.scamp.message.Request.class.getMethod("body").getReturnType()).isEqualTo(reactor.core.publisher.Flux.class);
    }

    @Test
    void theApiPackagesAreNotEmpty() throws Exception {
        assertThat(publicTypes()).hasSizeGreaterThan(10);
    }

    private static List<Class<?>> publicTypes() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(io.scamp.client.ScampClient.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> types = new ArrayList<>();
        for (String pkg : USER_PACKAGES) {
            try (Stream<Path> files = Files.list(root.resolve(pkg.replace('.', '/')))) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(".class") && !name.matches(".*\\$\\d.*")) { // nested types too, not anonymous ones
                        Class<?> type = Class.forName(pkg + "." + name.substring(0, name.length() - 6));
                        if (Modifier.isPublic(type.getModifiers()) && (type.getEnclosingClass() == null
                                || Modifier.isPublic(type.getEnclosingClass().getModifiers()))) {
                            types.add(type);
                        }
                    }
                }
            }
        }
        return types;
    }
}
