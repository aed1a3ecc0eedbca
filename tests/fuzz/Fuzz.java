///usr/bin/env jbang "$0" "$@" ; exit $?
// Fuzzes the SDK's inputs for a set time: ./jbang tests/fuzz/Fuzz.java TARGET|all [SECONDS] from the repository root. A target
// is a fuzz test class of tests/fivetran/connector/sdk/fuzz (ConfigurationFileFuzzTest, NamesFuzzTest, ...; all: each in
// turn), SECONDS its time (default 60). Each runs in a JVM of its own (Jazzer fuzzes one test per JVM): the suite's runner,
// filtered to the class, with JAZZER_FUZZ set. A crashing input is written into the class's corpus folder,
// <Class>Inputs/<method>/crash-..., where the suite replays it from then on; Jazzer's generated corpus is left in a temporary
// folder. Prints per target the seconds, the executions and the findings; exits 1 when one was found.
//JAVA 17+

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

class Fuzz {
    private static final Path ROOT = Path.of("").toAbsolutePath();
    private static final Path TARGETS = ROOT.resolve("tests/fivetran/connector/sdk/fuzz");
    /** libFuzzer's last line: "Done 12345 runs in 60 second(s)". */
    private static final Pattern DONE = Pattern.compile("Done (\\d+) runs in (\\d+) second");
    /** Only the SDK and the parsers it reads with are instrumented: coverage of the JDBC driver or the web server is noise. */
    private static final String INSTRUMENTED = String.join(",", "fivetran.connector.sdk.**", "com.fasterxml.jackson.**",
            "org.eclipse.jgit.ignore.**", "org.eclipse.jgit.fnmatch.**", "com.github.tomakehurst.wiremock.**");

    public static void main(String... args) throws Exception {
        if (args.length < 1 || !Files.isRegularFile(ROOT.resolve("connector-sdk.java"))) {
            System.err.println("usage, from the repository root: ./jbang tests/fuzz/Fuzz.java TARGET|all [SECONDS]; the targets: " + targets());
            System.exit(2);
        }
        List<String> targets = args[0].equals("all") ? targets() : List.of(args[0]);
        long seconds = args.length > 1 ? Long.parseLong(args[1]) : 60;
        boolean found = false;
        for (String target : targets) {
            if (!targets().contains(target)) {
                System.err.println("no fuzz target " + target + "; the targets: " + targets());
                System.exit(2);
            }
            found |= fuzz(target, seconds);
        }
        System.exit(found ? 1 : 0);
    }

    /** The fuzz test classes. */
    private static List<String> targets() throws IOException {
        try (Stream<Path> files = Files.list(TARGETS)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("FuzzTest.java"))
                    .map(n -> n.substring(0, n.length() - ".java".length())).sorted().toList();
        }
    }

    /** Fuzzes {@code target} for {@code seconds}; true when it found a crashing input. */
    private static boolean fuzz(String target, long seconds) throws Exception {
        // Jazzer puts findings into <basedir>/src/test/resources/<package>/<Class>Inputs/<method>/ when that folder exists
        Path basedir = Files.createTempDirectory("fuzz-" + target + "-");
        Files.createDirectories(basedir.resolve("src/test"));
        Files.createSymbolicLink(basedir.resolve("src/test/resources"), ROOT.resolve("tests"));
        Set<Path> before = corpus(target);
        ProcessBuilder builder = new ProcessBuilder(ROOT.resolve("jbang").toString(), "-Djazzer.internal.basedir=" + basedir,
                "tests/RunTests.java", "--tier", "fast", "\\." + target + "$")
                .directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().put("JAZZER_FUZZ", "1");
        builder.environment().put("JAZZER_MAX_DURATION", seconds + "s");
        builder.environment().put("JAZZER_INSTRUMENT", INSTRUMENTED);
        // the patterns fuzzed are the user's own (a recording's urlPattern, a .gitignore rule): a bad one is refused as a
        // mistake, not an injection
        builder.environment().put("JAZZER_DISABLED_HOOKS", "com.code_intelligence.jazzer.sanitizers.RegexInjection");
        Process process = builder.start();
        String executions = "?";
        String ran = "?";
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                System.out.println(line);
                Matcher done = DONE.matcher(line);
                if (done.find()) {
                    executions = done.group(1);
                    ran = done.group(2);
                }
            }
        }
        int exit = process.waitFor();
        List<Path> findings = corpus(target).stream().filter(f -> !before.contains(f)).sorted().toList();
        System.out.printf("FUZZED %s: %s s, %s executions, %d findings%s (exit %d); generated corpus in %s%n", target, ran, executions,
                findings.size(), findings.stream().map(f -> "\n  " + ROOT.relativize(f)).collect(Collectors.joining()), exit,
                basedir.resolve(".cifuzz-corpus"));
        return !findings.isEmpty() || exit != 0;
    }

    private static Set<Path> corpus(String target) throws IOException {
        Path inputs = TARGETS.resolve(target + "Inputs");
        if (!Files.isDirectory(inputs)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.walk(inputs)) {
            return files.filter(Files::isRegularFile).collect(Collectors.toSet());
        }
    }
}
