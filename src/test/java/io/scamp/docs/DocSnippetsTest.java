package io.scamp.docs;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
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

    private static final Pattern OPENING_FENCE = Pattern.compile("^( {0,3})(`{3,}|~{3,})\\s*([^\\s`]*).*$");
    private static final Pattern PUBLIC_CLASS = Pattern.compile("(?m)^\\s*public\\s+(?:final\\s+|abstract\\s+)*class\\s+([A-Za-z_$][A-Za-z0-9_$]*)");

    @TempDir
    Path output;

    @TestFactory
    Stream<DynamicTest> everyJavaBlockCompiles() throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (Path file : markdownFiles()) {
            blocks.addAll(javaBlocks(file));
        }
        if (blocks.stream().noneMatch(b -> b.file().equals(Path.of("README.md")))) {
            fail("README.md has no ```java block: the quick start must be checked, so this test cannot pass without one");
        }
        return blocks.stream().map(block -> DynamicTest.dynamicTest(block.name(), () -> compile(block)));
    }

    /** README.md and docs/*.md, relative to the project root (the test's working directory). */
    static List<Path> markdownFiles() throws IOException {
        Path readme = Path.of("README.md");
        assertTrue(Files.isRegularFile(readme), "README.md not found; the test must run from the project root, not " + Path.of("").toAbsolutePath());
        List<Path> files = new ArrayList<>(List.of(readme));
        Path docs = Path.of("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> listing = Files.list(docs)) {
                listing.filter(p -> p.getFileName().toString().endsWith(".md") && Files.isRegularFile(p))
                        .sorted(Comparator.comparing(Path::toString))
                        .forEach(files::add);
            }
        }
        return files;
    }

    /** The fenced blocks of {@code file} whose info string is {@code java}, with the line of their opening fence (1-based). */
    static List<Block> javaBlocks(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = OPENING_FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            int indent = open.group(1).length();
            String fence = open.group(2);
            String info = open.group(3).toLowerCase(Locale.ROOT);
            int fenceLine = i + 1;
            Pattern closing = Pattern.compile("^ {0,3}" + Pattern.quote(fence.substring(0, 1)) + "{" + fence.length() + ",}\\s*$");
            StringBuilder source = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !closing.matcher(lines.get(j)).matches()) {
                source.append(stripIndent(lines.get(j), indent)).append('\n');
                j++;
            }
            if (info.equals("java")) {
                if (j == lines.size()) {
                    fail(file + ":" + fenceLine + ": the ```java block is never closed");
                }
                blocks.add(new Block(file, fenceLine, source.toString()));
            }
            i = j; // the closing fence; a fence inside another kind of block is not an opening
        }
        return blocks;
    }

    private static String stripIndent(String line, int indent) {
        int n = 0;
        while (n < indent && n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return line.substring(n);
    }

    private void compile(Block block) throws Exception {
        Matcher publicClass = PUBLIC_CLASS.matcher(block.source());
        if (!publicClass.find()) {
            fail(block.name() + ": this java block has no `public class`; every block must be a complete file a user can copy"
                    + " (imports, one public class with a main method)");
        }
        String className = publicClass.group(1);
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

    /** The class path the tests run with: the library, its dependencies, the test classes. */
    private static String testClassPath() {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> !p.isBlank())
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** A fenced block: the markdown file it is in, the line of its opening fence, its text. */
    record Block(Path file, int fenceLine, String source) {
        String name() {
            return file + ":" + fenceLine;
        }
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
