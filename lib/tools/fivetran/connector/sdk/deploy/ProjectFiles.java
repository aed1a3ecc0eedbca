package fivetran.connector.sdk.deploy;

import fivetran.connector.sdk.internal.CommandFailure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.eclipse.jgit.ignore.IgnoreNode;

/**
 * The files of a project folder that may go into a package: every file except hidden files and folders (any name
 * starting with {@code .}), files named {@code configuration.json} or {@code destination.json} (run's Iceberg catalog,
 * which may hold a token) in any letter case at any level, the project's {@code files/} folder,
 * and whatever the project's {@code .gitignore} files exclude. Those are read at every level and matched as git does
 * (JGit's ignore rules): patterns relative to their own folder, anchoring with {@code /}, folder-only rules ending in
 * {@code /}, {@code **}, and {@code !} negation, where a deeper file overrides a shallower one and nothing inside an
 * excluded folder can be re-included. The fixed exclusions cannot be negated, so a secret never ends up in a package.
 */
public final class ProjectFiles {
    /** Relative paths ({@code /}-separated, sorted) of the included files, and why each excluded path is left out. */
    public record Selection(List<String> included, Map<String, String> excluded) {
        /**
         * Why {@code relativePath} is left out: its own reason or that of the excluded folder holding it; null when the
         * path is included.
         */
        public String exclusionOf(String relativePath) {
            for (String path = relativePath; path != null; path = parent(path)) {
                String reason = excluded.get(path);
                if (reason != null) {
                    return path.equals(relativePath) ? reason : "inside " + path + "/, which is " + reason;
                }
            }
            return null;
        }

        private static String parent(String path) {
            int slash = path.lastIndexOf('/');
            return slash < 0 ? null : path.substring(0, slash);
        }
    }

    static final String CONFIGURATION = "configuration.json";
    static final String DESTINATION = "destination.json";
    static final String OUTPUT_FOLDER = "files";

    private ProjectFiles() {
    }

    /** Walks {@code project} and applies the exclusions. */
    public static Selection select(Path project) {
        List<String> included = new ArrayList<>();
        Map<String, String> excluded = new LinkedHashMap<>();
        Deque<Rules> rules = new ArrayDeque<>();
        try {
            Files.walkFileTree(project, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                    if (!dir.equals(project)) {
                        String path = relative(project, dir);
                        String reason = exclusion(path, true, rules);
                        if (reason != null) {
                            excluded.put(path, reason);
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                    }
                    rules.push(Rules.of(project, dir));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    rules.pop();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String path = relative(project, file);
                    String reason = exclusion(path, false, rules);
                    if (reason != null) {
                        excluded.put(path, reason);
                    } else if (Files.isRegularFile(file)) {
                        included.add(path);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new CommandFailure("cannot list the project folder " + project + ": " + e.getMessage(), e);
        }
        included.sort(null);
        return new Selection(List.copyOf(included), Map.copyOf(excluded));
    }

    private static String exclusion(String path, boolean directory, Deque<Rules> rules) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.startsWith(".")) {
            return "hidden";
        }
        if (name.indexOf('\\') >= 0) {
            return "named with a backslash, which zip tools take for a folder separator";
        }
        // in any letter case: on a case-insensitive disk (macOS, Windows) Configuration.JSON is the file the SDK reads
        if (!directory && name.equalsIgnoreCase(CONFIGURATION)) {
            return "the configuration, which holds secrets";
        }
        if (!directory && name.equalsIgnoreCase(DESTINATION)) {
            return "run's destination file, which may hold secrets";
        }
        if (directory && path.equals(OUTPUT_FOLDER)) {
            return "the local output folder";
        }
        for (Rules level : rules) {
            Boolean ignored = level.node().checkIgnored(path.substring(level.prefix().length()), directory);
            if (ignored != null) {
                return ignored ? "excluded by " + level.prefix() + ".gitignore" : null;
            }
        }
        return null;
    }

    /** The project-relative path with '/' between its names; a name keeps a backslash it holds (on Linux and macOS). */
    static String relative(Path project, Path path) {
        StringJoiner names = new StringJoiner("/");
        for (Path name : project.relativize(path)) {
            names.add(name.toString());
        }
        return names.toString();
    }

    /** The rules of one folder's .gitignore; {@code prefix} is that folder's path in the project, ending in '/'. */
    private record Rules(String prefix, IgnoreNode node) {
        static Rules of(Path project, Path dir) throws IOException {
            String prefix = dir.equals(project) ? "" : relative(project, dir) + "/";
            IgnoreNode node = new IgnoreNode();
            Path gitignore = dir.resolve(".gitignore");
            if (Files.isRegularFile(gitignore)) {
                try (InputStream in = Files.newInputStream(gitignore)) {
                    node.parse(gitignore.toString(), in);
                }
            }
            return new Rules(prefix, node);
        }
    }
}
