package io.scamp.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code ```java} blocks of the project's Markdown (README.md and docs/*.md), each a whole
 * compilation unit as a reader would copy it: where its fence opens (for messages), its text,
 * and its public class. Shared by the test that compiles them against the build
 * ({@code DocSnippetsTest}) and the one that compiles them in a consumer's project
 * ({@code ConsumerBuildIT}).
 */
public final class JavaBlocks {
    private static final Pattern OPENING_FENCE = Pattern.compile("^( {0,3})(`{3,}|~{3,})\\s*([^\\s`]*).*$");
    private static final Pattern PUBLIC_CLASS = Pattern.compile("(?m)^\\s*public\\s+(?:final\\s+|abstract\\s+)*class\\s+([A-Za-z_$][A-Za-z0-9_$]*)");

    private JavaBlocks() {
    }

    /** A fenced block: the markdown file it is in, the line of its opening fence (1-based), its text. */
    public record Block(Path file, int fenceLine, String source) {
        /** {@code README.md:40}. */
        public String name() {
            return file + ":" + fenceLine;
        }

        /** The name of its public class, or {@code null} when it has none. */
        public String className() {
            Matcher m = PUBLIC_CLASS.matcher(source);
            return m.find() ? m.group(1) : null;
        }
    }

    /** README.md and docs/*.md, relative to the project root (the tests' working directory). */
    public static List<Path> markdownFiles() throws IOException {
        Path readme = Path.of("README.md");
        if (!Files.isRegularFile(readme)) {
            throw new IllegalStateException("README.md not found; the test must run from the project root, not " + Path.of("").toAbsolutePath());
        }
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

    /** Every java block of every file of {@link #markdownFiles()}, in order. */
    public static List<Block> all() throws IOException {
        List<Block> blocks = new ArrayList<>();
        for (Path file : markdownFiles()) {
            blocks.addAll(in(file));
        }
        return blocks;
    }

    /**
     * The fenced blocks of {@code file} whose info string is {@code java}.
     *
     * @throws IllegalStateException if a java block is never closed
     */
    public static List<Block> in(Path file) throws IOException {
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
                    throw new IllegalStateException(file + ":" + fenceLine + ": the ```java block is never closed");
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
}
