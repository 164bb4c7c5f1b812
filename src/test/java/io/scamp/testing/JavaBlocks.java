package io.scamp.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code ```java} blocks of a Markdown file, each a whole compilation unit as a reader
 * would copy it: where it starts (for messages), its package and its public class.
 */
public final class JavaBlocks {
    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^public\\s+(?:final\\s+|abstract\\s+)*(?:class|interface|record|enum)\\s+(\\w+)", Pattern.MULTILINE);

    private JavaBlocks() {
    }

    /** One block: {@code line} is the 1-based line of its first code line in {@code file}. */
    public record Block(Path file, int line, String code) {
        /** The package it declares, or {@code ""}. */
        public String packageName() {
            Matcher m = PACKAGE.matcher(code);
            return m.find() ? m.group(1) : "";
        }

        /** {@code a/b} for package {@code a.b}. */
        public String packagePath() {
            return packageName().replace('.', '/');
        }

        /** The name of its public top-level type, or {@code null} when it has none. */
        public String className() {
            Matcher m = PUBLIC_TYPE.matcher(code);
            return m.find() ? m.group(1) : null;
        }

        /** {@code README.md:40}. */
        public String where() {
            return file + ":" + line;
        }
    }

    /** Every {@code ```java} block of {@code markdown}, in order. */
    public static List<Block> in(Path markdown) {
        List<String> lines;
        try {
            lines = Files.readAllLines(markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("```java")) {
                int start = i + 1;
                StringBuilder code = new StringBuilder();
                for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                    code.append(lines.get(i)).append('\n');
                }
                blocks.add(new Block(markdown, start + 1, code.toString()));
            }
        }
        return blocks;
    }
}
