import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Commands run as a user runs them, in a process of their own: wall time, peak resident memory, output. */
final class Commands {
    private static final Path TIME = Path.of("/usr/bin/time");
    private static final Pattern RELATIVE_SOURCE = Pattern.compile("(?m)^//(DEPS|SOURCES) (\\.\\./\\S+\\.java)$");

    private Commands() {
    }

    /** A finished command: its wall time, its peak resident memory in KiB (-1 without /usr/bin/time), its output. */
    record Measured(double seconds, long peakKiB, String output) {
    }

    /**
     * A new connector project in {@code project}: the template's connector.java with its relative {@code //DEPS} and
     * {@code //SOURCES} made absolute, as a connector outside the checkout names the SDK.
     */
    static Path generate(Path template, Path project) throws Exception {
        Files.createDirectories(project);
        String source = Files.readString(template.resolve("connector.java"));
        Matcher relative = RELATIVE_SOURCE.matcher(source);
        Files.writeString(project.resolve("connector.java"), relative.replaceAll(line ->
                Matcher.quoteReplacement("//" + line.group(1) + " " + template.resolve(line.group(2)).normalize())));
        return project;
    }

    /** Runs {@code command} in {@code dir}, its output (both streams) captured; fails unless it exits 0 within an hour. */
    static Measured run(Path dir, List<String> command) throws Exception {
        Path output = Files.createTempFile("bench-output-", ".txt");
        Path peak = Files.createTempFile("bench-peak-", ".txt");
        try {
            List<String> timed = new ArrayList<>();
            if (Files.isExecutable(TIME)) {
                timed.addAll(List.of(TIME.toString(), "-f", "%M", "-o", peak.toString()));
            }
            timed.addAll(command);
            long start = System.nanoTime();
            Process process = new ProcessBuilder(timed).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(1, TimeUnit.HOURS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            String out = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(command + " in " + dir + " exited " + process.exitValue() + ":\n" + out);
            }
            String kib = Files.readString(peak).strip();
            return new Measured(seconds, kib.matches("\\d+") ? Long.parseLong(kib) : -1, out);
        } finally {
            Files.delete(output);
            Files.delete(peak);
        }
    }

    /** The number of lines of {@code output} that contain {@code text}. */
    static long linesWith(String output, String text) {
        return output.lines().filter(line -> line.contains(text)).count();
    }
}
