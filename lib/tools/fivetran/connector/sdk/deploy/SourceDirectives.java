package fivetran.connector.sdk.deploy;

import fivetran.connector.sdk.internal.CommandFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The files a connector's source pulls in with JBang's {@code //SOURCES} and {@code //FILES} directives, read as JBang
 * reads them: lines that start with the directive, values split on spaces, commas and semicolons (quotes keep them together), {@code //FILES target=source},
 * paths relative to the declaring file, {@code *}, {@code **} and {@code ?} globs, a folder meaning every file under
 * it, {@code ${env.NAME}} and {@code ${property}} placeholders (with {@code :default}), and the directives of every
 * included {@code .java} file in turn.
 */
public final class SourceDirectives {
    /** One file pulled in: where it is, and the directive that names it. */
    public record PulledIn(Path file, String directive, Path declaredIn) {
    }

    private static final Pattern DIRECTIVE = Pattern.compile("//(SOURCES|FILES)(?:\\s+(.*?))?(?:\\s//\\s.*)?");
    private static final Pattern VALUE = Pattern.compile("[^\\s;,\"']+|\"([^\"]*)\"|'([^']*)'");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

    private SourceDirectives() {
    }

    /** Every file {@code source} pulls in, directly or through included sources, in the order first named. */
    public static List<PulledIn> of(Path source) {
        Path root = source.toAbsolutePath().normalize();
        Map<Path, PulledIn> found = new LinkedHashMap<>();
        Deque<Path> toRead = new ArrayDeque<>(List.of(root));
        while (!toRead.isEmpty()) {
            for (PulledIn pulled : directivesOf(toRead.pop())) {
                if (found.putIfAbsent(pulled.file(), pulled) == null && pulled.directive().equals("SOURCES")
                        && pulled.file().getFileName().toString().endsWith(".java") && !pulled.file().equals(root)) {
                    toRead.add(pulled.file());
                }
            }
        }
        return List.copyOf(found.values());
    }

    private static List<PulledIn> directivesOf(Path file) {
        List<String> lines;
        try {
            lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<PulledIn> pulled = new ArrayList<>();
        for (String line : lines) {
            Matcher directive = DIRECTIVE.matcher(line);
            if (!directive.matches() || directive.group(2) == null) {
                continue;
            }
            for (String value : values(resolvePlaceholders(directive.group(2), file))) {
                String reference = directive.group(1).equals("FILES") && value.contains("=") ? value.substring(value.indexOf('=') + 1) : value;
                if (reference.startsWith("http://") || reference.startsWith("https://")) {
                    continue;
                }
                for (Path match : explode(file.getParent(), reference, directive.group(1), file)) {
                    pulled.add(new PulledIn(match, directive.group(1), file));
                }
            }
        }
        return pulled;
    }

    private static List<String> values(String text) {
        List<String> values = new ArrayList<>();
        Matcher value = VALUE.matcher(text);
        while (value.find()) {
            values.add(value.group(1) != null ? value.group(1) : value.group(2) != null ? value.group(2) : value.group());
        }
        return values;
    }

    private static String resolvePlaceholders(String text, Path file) {
        Matcher placeholder = PLACEHOLDER.matcher(text);
        StringBuilder resolved = new StringBuilder();
        while (placeholder.find()) {
            String name = placeholder.group(1);
            String value = name.startsWith("env.") ? System.getenv(name.substring(4)) : System.getProperty(name);
            if (value == null) {
                value = placeholder.group(2);
            }
            if (value == null) {
                throw new CommandFailure("cannot package " + file + ": ${" + name + "} in its directives has no value here");
            }
            placeholder.appendReplacement(resolved, Matcher.quoteReplacement(value));
        }
        return placeholder.appendTail(resolved).toString();
    }

    /** The files {@code reference} names: itself, every file under it when it is a folder, or the matches of a glob. */
    private static List<Path> explode(Path baseDir, String reference, String directive, Path declaredIn) {
        boolean glob = reference.contains("*") || reference.contains("?");
        Path plain = baseDir.resolve(reference).normalize();
        if (!glob && !Files.isDirectory(plain)) {
            if (!Files.isRegularFile(plain)) {
                throw new CommandFailure("//" + directive + " " + reference + " in " + declaredIn + " names a file that does not exist: " + plain);
            }
            return List.of(plain);
        }
        String pattern = glob ? reference : reference.replaceAll("/*$", "") + "/**";
        int wildcard = firstWildcard(pattern);
        int slash = pattern.lastIndexOf('/', wildcard);
        Path root = baseDir.resolve(slash < 0 ? "" : pattern.substring(0, slash + 1)).normalize();
        PathMatcher matcher = root.getFileSystem().getPathMatcher("glob:" + pattern.substring(slash + 1));
        List<Path> matches = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try {
                Files.walkFileTree(root, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                        if (attributes.isRegularFile() && matcher.matches(root.relativize(file))) {
                            matches.add(file);
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException e) {
                throw new CommandFailure("cannot list " + root + " for //" + directive + " " + reference + ": " + e.getMessage(), e);
            }
        }
        matches.sort(null);
        return matches;
    }

    private static int firstWildcard(String pattern) {
        int star = pattern.indexOf('*');
        int question = pattern.indexOf('?');
        return star < 0 ? question : question < 0 ? star : Math.min(star, question);
    }
}
