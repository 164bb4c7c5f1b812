package io.scamp.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import io.scamp.testing.JavaBlocks;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library as a user gets it: the packaged jar and this project's POM, installed into an
 * empty temporary local repository, then a separate Maven project that depends on nothing but
 * the coordinates the README gives ({@code io.scamp:scamp-reactor}), built online (so every
 * dependency really resolves from Maven Central as the POM states it) and again offline, and
 * run: a service and a client written against the public API, one call between them. The
 * Java examples of README.md and docs/*.md, copied as they stand into that project, must
 * compile there, and the README's quick start must run.
 *
 * <p>Runs in the {@code integration-test} phase (Failsafe), after {@code package}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsumerBuildIT {
    private static final String GROUP = "io.scamp";
    private static final String ARTIFACT = "scamp-reactor";
    private static final long BUILD_MINUTES = 10;

    @TempDir
    static Path work;

    private static Path repository;
    private static Path consumer;
    private static Path settings;
    private static String version;
    /** The class path of the online build, made once for the tests that need it. */
    private static List<String> onlineClassPath;

    @BeforeAll
    static void installTheArtifactAndWriteTheConsumer() throws IOException {
        version = System.getProperty("project.version");
        assertThat(version).as("failsafe passes project.version").isNotBlank();
        repository = work.resolve("repository");
        Path installed = repository.resolve(GROUP.replace('.', '/')).resolve(ARTIFACT).resolve(version);
        Files.createDirectories(installed);
        Files.copy(Path.of("target", ARTIFACT + ".jar"), installed.resolve(ARTIFACT + "-" + version + ".jar"));
        Files.copy(Path.of("pom.xml"), installed.resolve(ARTIFACT + "-" + version + ".pom"));

        // No mirror, proxy or offline flag of the developer's: Maven Central itself, as a new user has it.
        settings = Files.writeString(work.resolve("settings.xml"), "<settings/>\n", StandardCharsets.UTF_8);
        consumer = work.resolve("consumer");
        Path sources = consumer.resolve("src/main/java/example");
        Files.createDirectories(sources);
        Files.writeString(consumer.resolve("pom.xml"), consumerPom(), StandardCharsets.UTF_8);
        Files.writeString(sources.resolve("HelloConsumer.java"), helloConsumer(), StandardCharsets.UTF_8);
        Path examples = consumer.resolve("src/main/java");
        java.util.Set<String> names = new java.util.HashSet<>();
        for (JavaBlocks.Block block : JavaBlocks.all()) {
            if (block.source().contains("import io.micrometer.")) {
                continue; // needs the optional Micrometer dependencies its page says to add; DocSnippetsTest compiles it with them
            }
            assertThat(block.className()).as("the public class of the example at %s", block.name()).isNotNull();
            assertThat(names.add(block.className())).as("%s: another example already has the class %s", block.name(), block.className()).isTrue();
            Files.writeString(examples.resolve(block.className() + ".java"), block.source(), StandardCharsets.UTF_8);
        }
    }

    @Test
    @Order(1)
    void theLibraryJarHoldsNoCliClassesAndNamesItsModule() throws IOException {
        try (JarFile jar = new JarFile(Path.of("target", ARTIFACT + ".jar").toFile())) {
            assertThat(jar.stream().map(e -> e.getName()).filter(n -> n.startsWith("io/scamp/cli/")).toList()).isEmpty();
            assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name")).isEqualTo("io.scamp");
        }
        try (JarFile cli = new JarFile(Path.of("target", ARTIFACT + "-cli.jar").toFile())) {
            assertThat(cli.getEntry("io/scamp/cli/ScampCommand.class")).isNotNull();
        }
        assertThat(Path.of("target", ARTIFACT + "-sources.jar")).exists();
        assertThat(Path.of("target", ARTIFACT + "-javadoc.jar")).exists();
    }

    @Test
    @Order(2)
    void aConsumerBuildsOnlineWithOnlyTheDocumentedDependencyAndMakesACall() throws Exception {
        List<String> classPath = onlineBuild();

        String jars = classPath.stream().map(p -> Path.of(p).getFileName().toString()).sorted().collect(Collectors.joining("\n"));
        assertThat(jars).contains(ARTIFACT + "-" + version + ".jar")
                .contains("netty-handler-4.2.18.Final.jar")
                .doesNotContain("picocli")
                .doesNotContain("micrometer") // optional: tracing is the user's to add
                .doesNotContain("reactor-netty");
        assertThat(jars.lines().filter(j -> j.startsWith("netty-tcnative-boringssl-static")).toList())
                .as("only the linux-x86_64 BoringSSL build").hasSize(1);

        String output = run(classPath, "example.HelloConsumer");
        assertThat(output).contains("reply: {\"greeting\":\"Hello, consumer\"}").contains("stopped");
    }

    @Test
    @Order(3)
    void theReadmesQuickStartRunsAsCopied() throws Exception {
        List<String> classPath = onlineBuild();

        String output = run(classPath, "QuickStart");
        assertThat(output).contains("Hello, Ada").contains("no_greeting: not today");
    }

    @Test
    @Order(4)
    void theSameBuildWorksOffline() throws Exception {
        onlineBuild(); // fills the repository, if no test before did
        List<String> classPath = buildConsumer(true);

        assertThat(run(classPath, "example.HelloConsumer")).contains("reply: {\"greeting\":\"Hello, consumer\"}");
    }

    private static synchronized List<String> onlineBuild() throws Exception {
        if (onlineClassPath == null) {
            onlineClassPath = buildConsumer(false);
        }
        return onlineClassPath;
    }

    private static List<String> buildConsumer(boolean offline) throws Exception {
        Path classPathFile = consumer.resolve("classpath.txt");
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-s", settings.toString(), "-Dmaven.repo.local=" + repository));
        if (offline) {
            command.add("-o");
        }
        command.addAll(List.of("compile", "dependency:build-classpath", "-Dmdep.outputFile=" + classPathFile));
        exec(command, consumer.resolve(offline ? "build-offline.log" : "build-online.log"));
        List<String> classPath = new ArrayList<>();
        classPath.add(consumer.resolve("target/classes").toString());
        classPath.addAll(Arrays.asList(Files.readString(classPathFile).trim().split(File.pathSeparator)));
        return classPath;
    }

    /** Runs {@code mainClass} of the consumer, with a state directory of its own (identities the examples keep). */
    private static String run(List<String> classPath, String mainClass) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return exec(List.of(java.toString(), "-Xmx128m", "-cp", String.join(File.pathSeparator, classPath), mainClass),
                consumer.resolve("run-" + mainClass + ".log"));
    }

    /** Runs {@code command} in the consumer project, output to {@code log}; fails with the log on a non-zero exit or after the time limit. */
    private static String exec(List<String> command, Path log) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(consumer.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SCAMP_STATE_DIR", work.resolve("state").toString());
        Process process = builder.start();
        try {
            boolean finished = process.waitFor(BUILD_MINUTES, TimeUnit.MINUTES);
            String output = Files.readString(log);
            assertThat(finished).as("%s finished within %d minutes; output:%n%s", command, BUILD_MINUTES, output).isTrue();
            assertThat(process.exitValue()).as("exit code of %s; output:%n%s", command, output).isZero();
            return output;
        } finally {
            process.destroyForcibly();
        }
    }

    private static String consumerPom() {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example</groupId>
                  <artifactId>consumer</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencies>
                    <dependency>
                      <groupId>%s</groupId>
                      <artifactId>%s</artifactId>
                      <version>%s</version>
                    </dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-resources-plugin</artifactId>
                        <version>3.3.1</version>
                      </plugin>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-compiler-plugin</artifactId>
                        <version>3.14.0</version>
                      </plugin>
                      <plugin>
                        <groupId>org.apache.maven.plugins</groupId>
                        <artifactId>maven-dependency-plugin</artifactId>
                        <version>3.8.1</version>
                      </plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(GROUP, ARTIFACT, version);
    }

    private static String helloConsumer() {
        return """
                package example;

                import io.scamp.client.ScampClient;
                import io.scamp.message.Reply;
                import io.scamp.message.Request;
                import io.scamp.service.RunningService;
                import io.scamp.service.ScampService;
                import java.nio.charset.StandardCharsets;
                import java.util.Map;
                import reactor.core.publisher.Mono;

                public class HelloConsumer {
                    public static void main(String[] args) {
                        RunningService service = ScampService.builder()
                                .name("consumer-greeter")
                                .ephemeralIdentity()
                                .port(0)
                                .action("Greeter.hello", 1, request -> request.bodyAsJson(Map.class)
                                        .map(body -> Reply.json(Map.of("greeting", "Hello, " + body.get("name")))))
                                .build()
                                .start()
                                .block();
                        ScampClient client = ScampClient.create();
                        String reply = client.request(service.endpoint(), Request.json("Greeter.hello", Map.of("name", "consumer")))
                                .flatMap(r -> r.bodyAsBytes(1 << 20))
                                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                                .block();
                        System.out.println("reply: " + reply);
                        client.disposeLater().then(service.disposeLater()).block();
                        System.out.println("stopped");
                    }
                }
                """;
    }
}
