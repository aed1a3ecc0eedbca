package fivetran.connector.sdk.warehouse;

import java.util.ArrayList;
import java.util.List;
import fivetran.connector.sdk.internal.CommandFailure;
import fivetran.connector.sdk.internal.HomePath;
import fivetran.connector.sdk.internal.Jackson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;

/**
 * The state file {@code files/state.json}: which state a sync starts from, and its atomic replacement after each
 * commit. An explicit {@code --state FILE} or {@code FIVETRAN_STATE} wins. Otherwise
 * {@code files/state.json} is checked against the warehouse's committed state: the file is written after each
 * commit, so after a kill it can be one checkpoint behind, and then the warehouse's state is used and the file
 * repaired. A file that matches neither was edited by hand, and is used as it is.
 */
public final class StateFile {
    public static final String ENV = "FIVETRAN_STATE";
    private static final String LEFT_UNTOUCHED = "; it was left untouched: fix it, or delete it to start from an empty state";

    private StateFile() {
    }

    /** The state to start from, as JSON object text. */
    public static String choose(Path project, String option, Path stateFile, Destination destination, Logger log) throws IOException {
        String explicit = option != null ? option : blankToNull(System.getenv(ENV));
        if (explicit != null) {
            Path file = project.resolve(HomePath.expand(explicit));
            if (!Files.exists(file) || Files.isDirectory(file)) {
                throw new CommandFailure("state file " + file + " cannot be found or is not a file");
            }
            log.info("reading state from {}", option != null ? file : ENV + " (" + file + ")");
            return read(file);
        }
        Warehouse.CommittedState committed = destination.committedState();
        String inFile = Files.exists(stateFile) ? read(stateFile) : null;
        if (committed == null) {
            return inFile == null ? "{}" : inFile;
        }
        String file = inFile == null ? "{}" : inFile;
        if (sameJson(file, committed.state())) {
            return committed.state();
        }
        if (sameJson(file, committed.previousState())) {
            log.warn("{} was one checkpoint behind the warehouse (the last run stopped between its commit and the file's write); "
                    + "continuing from the warehouse's committed state and repairing the file", stateFile.getFileName());
            write(stateFile, committed.state(), committed.checkpoint());
            return committed.state();
        }
        long written = checkpointWritten(stateFile, file);
        if (written > committed.checkpoint()) {
            // the file is as this SDK wrote it after a commit the warehouse no longer holds: trusting it would skip rows
            log.warn("{} is ahead of the warehouse: it was written after checkpoint {}, the warehouse holds checkpoint {} (its last "
                    + "commits did not reach the disk, a power cut or a lost write); continuing from the warehouse's committed state "
                    + "and repairing the file", stateFile.getFileName(), written, committed.checkpoint());
            write(stateFile, committed.state(), committed.checkpoint());
            return committed.state();
        }
        log.warn("{} differs from the state last committed to the warehouse; using the file as edited", stateFile.getFileName());
        return file;
    }

    /** Beside the state file: the checkpoint after whose commit the SDK wrote it, and a digest of what it wrote. */
    static Path checkpointFile(Path stateFile) {
        return stateFile.resolveSibling(stateFile.getFileName() + ".checkpoint");
    }

    /** The checkpoint the SDK wrote {@code state} (the file's text) after; 0 when it is not the SDK's writing (edited by hand). */
    private static long checkpointWritten(Path stateFile, String state) {
        try {
            JsonNode record = Jackson.MAPPER.readTree(Files.readString(checkpointFile(stateFile)));
            return record.path("sha256").asText().equals(digest(state)) ? record.path("checkpoint").asLong(0) : 0;
        } catch (IOException | RuntimeException missingOrUnreadable) {
            return 0;
        }
    }

    private static String digest(String state) {
        try {
            String canonical = Jackson.MAPPER.readTree(state).toString();
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (CharacterCodingException e) {
            throw new CommandFailure("state file " + file + " is not UTF-8 text" + LEFT_UNTOUCHED);
        }
        if (text.isBlank()) {
            throw new CommandFailure("state file " + file + " is empty" + LEFT_UNTOUCHED);
        }
        JsonNode node;
        try {
            node = Jackson.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            // a nesting or size limit of Jackson's has no location
            String at = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
            throw new CommandFailure("state file " + file + " is not valid JSON" + at + LEFT_UNTOUCHED);
        }
        String unpaired = unpairedSurrogate(node);
        if (unpaired != null) {
            throw new CommandFailure("state file " + file + " is not valid text: " + unpaired + LEFT_UNTOUCHED);
        }
        if (node == null || !node.isObject()) {
            throw new CommandFailure("state file " + file + " must hold a JSON object, found "
                    + (node == null ? "nothing" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT))
                    + LEFT_UNTOUCHED);
        }
        return text.strip();
    }

    /** Where an escaped unpaired surrogate ({@code "\\ud800"}) is, which no checkpoint could write back; null when there is none. */
    private static String unpairedSurrogate(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isTextual()) {
            return surrogateRule(node.textValue());
        }
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            String found = surrogateRule(key);
            if (found != null) {
                return found;
            }
        }
        for (JsonNode child : node) {
            String found = unpairedSurrogate(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String surrogateRule(String text) {
        int at = Values.unpairedSurrogate(text);
        return at < 0 ? null : Values.surrogateRule(text, at);
    }

    private static boolean sameJson(String a, String b) {
        try {
            return Jackson.MAPPER.readTree(a).equals(Jackson.MAPPER.readTree(b));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Replaces the state file atomically (a reader sees the old state or the new one, never a mix), after recording
     * beside it that it holds {@code checkpoint}'s state: so that a warehouse that lost its last commits can later be
     * told from a file edited by hand.
     */
    public static void write(Path file, String state, long checkpoint) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        replace(checkpointFile(file), "{\"checkpoint\":" + checkpoint + ",\"sha256\":\"" + digest(state) + "\"}", false);
        replace(file, state, true);
    }

    private static void replace(Path file, String text, boolean stateFile) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        if (stateFile) {
            CrashWindows.enter(CrashWindows.BEFORE_STATE_RENAME);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        if (stateFile) {
            // one flush of the folder makes both renames durable, the checkpoint file's first
            forceDirectory(file.toAbsolutePath().getParent());
        }
    }

    /** Makes a rename in {@code dir} durable, so that a power cut cannot bring the old state file back. */
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // some systems (Windows) cannot open a folder as a file; the rename is still atomic there
        }
    }

}
