package io.scamp.docs;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import io.scamp.testing.JavaBlocks;
import io.scamp.testing.JavaBlocks.Block;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block in README.md and docs/*.md is a complete file a user can copy:
 * imports, one public class with a {@code main}, compiling against the library with every lint
 * warning an error. One dynamic test per block, named {@code FILE:LINE} after its opening fence;
 * a diagnostic names the markdown file and line it points at.
 */
class DocSnippetsTest {
    /** The javac options: the project's release, every lint (minus class-path noise) as an error, no annotation processing. */
    private static final List<String> OPTIONS = List.of(
            "--release", "17", "-Xlint:all,-path,-processing", "-Werror", "-proc:none", "-encoding", "UTF-8");


    @TempDir
    Path output;

    @TestFactory
    Stream<DynamicTest> everyJavaBlockCompiles() throws IOException {
        List<Block> blocks = JavaBlocks.all();
        if (blocks.stream().noneMatch(b -> b.file().equals(Path.of("README.md")))) {
            fail("README.md has no ```java block: the quick start must be checked, so this test cannot pass without one");
        }
        return blocks.stream().map(block -> DynamicTest.dynamicTest(block.name(), () -> compile(block)));
    }

    private void compile(Block block) throws Exception {
        String className = block.className();
        if (className == null) {
            fail(block.name() + ": this java block has no `public class`; every block must be a complete file a user can copy"
                    + " (imports, one public class with a main method)");
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "no system Java compiler: run the tests on a JDK, not a JRE");

        Path classes = Files.createDirectories(output.resolve(block.file().getFileName() + "-" + block.fenceLine()));
        List<String> options = new ArrayList<>(OPTIONS);
        options.addAll(List.of("-classpath", testClassPath(), "-d", classes.toString()));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        StringWriter otherOutput = new StringWriter();
        boolean compiled;
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
            JavaFileObject unit = new BlockSource(className, block.source());
            compiled = javac.getTask(otherOutput, files, diagnostics, options, null, List.of(unit)).call();
        }
        if (!compiled || !diagnostics.getDiagnostics().isEmpty()) {
            fail(block.name() + ": the java block (class " + className + ") does not compile cleanly with "
                    + String.join(" ", OPTIONS) + ":\n" + describe(block, diagnostics.getDiagnostics()) + otherOutput);
        }

        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            Class<?> example = Class.forName(className, false, loader);
            Method main;
            try {
                main = example.getMethod("main", String[].class);
            } catch (NoSuchMethodException e) {
                main = null;
            }
            if (main == null || !Modifier.isStatic(main.getModifiers()) || main.getReturnType() != void.class) {
                fail(block.name() + ": class " + className + " has no `public static void main(String[] args)`;"
                        + " every block must be a program a user can run");
            }
        }
    }

    /** One line per diagnostic, {@code FILE:LINE:COLUMN: kind: message}, with the markdown line it points at. */
    private static String describe(Block block, List<Diagnostic<? extends JavaFileObject>> diagnostics) {
        String[] sourceLines = block.source().split("\n", -1);
        return diagnostics.stream().map(d -> {
            String kind = d.getKind() == Diagnostic.Kind.ERROR ? "error" : d.getKind() == Diagnostic.Kind.NOTE ? "note" : "warning";
            String message = d.getMessage(Locale.ROOT);
            if (d.getSource() == null || d.getLineNumber() == Diagnostic.NOPOS) {
                return "  " + block.file() + ": " + kind + ": " + message + "\n";
            }
            long line = d.getLineNumber();
            String where = block.file() + ":" + (block.fenceLine() + line) + ":" + d.getColumnNumber();
            String text = line - 1 < sourceLines.length ? sourceLines[(int) line - 1] : "";
            return "  " + where + ": " + kind + ": " + message + "\n      | " + text + "\n";
        }).collect(Collectors.joining());
    }

    /** Jars on the test class path that a user of the library does not get. */
    private static final List<String> NOT_A_USERS = List.of("junit", "opentest4j", "apiguardian", "assertj", "reactor-test",
            "byte-buddy", "picocli", "surefire", "slf4j-simple", "slf4j-jdk14");

    /**
     * The library and its dependencies as a user gets them: the test class path without the
     * test classes, the test libraries and the command's picocli and slf4j-simple
     * (ConsumerBuildIT checks the same against the real published tree).
     */
    private static String testClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.isBlank() && !p.contains("test-classes"))
                .filter(p -> NOT_A_USERS.stream().noneMatch(name -> Path.of(p).getFileName().toString().startsWith(name)))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** A block's text as the compilation unit {@code CLASSNAME.java}, held in memory. */
    private static final class BlockSource extends SimpleJavaFileObject {
        private final String text;

        BlockSource(String className, String text) {
            super(URI.create("string:///" + className + Kind.SOURCE.extension), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }
}
