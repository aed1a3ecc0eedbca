package fivetran.connector.sdk.util;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads the files of a ZIP archive that an API returns (an export of CSV files, a report bundle), one at a time,
 * without writing them to disk.
 *
 * <pre>{@code
 * Zip.forEachEntry(api.getBytes("/exports/42", Map.of(), "application/zip"), (name, content) -> {
 *     if (name.endsWith(".csv")) {
 *         Csv.rows(content).forEachRemaining(row -> operations.upsert(tableOf(name), row));
 *     }
 * });
 * }</pre>
 */
public final class Zip {
    /** Reads one file of the archive; {@code content} is valid only during the call, and need not be closed. */
    @FunctionalInterface
    public interface EntryReader {
        void read(String name, InputStream content) throws IOException;
    }

    private Zip() {
    }

    /** Calls {@code reader} for each file of {@code archive}, in the archive's order; folders are skipped. */
    public static void forEachEntry(byte[] archive, EntryReader reader) {
        forEachEntry(new ByteArrayInputStream(archive), reader);
    }

    /**
     * Calls {@code reader} for each file of the archive read from {@code archive}, in its order; folders are skipped.
     * A body that is not a ZIP archive (an error page, JSON) is refused with its first bytes rather than read as empty.
     */
    public static void forEachEntry(InputStream archive, EntryReader reader) {
        int files = 0;
        try (ZipInputStream zip = new ZipInputStream(checked(new BufferedInputStream(archive)))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                if (!entry.isDirectory()) {
                    files++;
                    reader.read(entry.getName(), new FilterInputStream(zip) {
                        @Override
                        public void close() {
                            // the next entry is read from the same stream
                        }
                    });
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the ZIP archive cannot be read" + (files > 0 ? " after " + files + " files" : "")
                    + ": " + e.getMessage(), e);
        }
    }

    /** The stream, once its first bytes are those of a ZIP archive: a file's header, or an empty archive's end. */
    private static InputStream checked(BufferedInputStream archive) throws IOException {
        archive.mark(4);
        byte[] magic = archive.readNBytes(4);
        archive.reset();
        boolean zip = magic.length == 4 && magic[0] == 'P' && magic[1] == 'K'
                && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
        if (!zip) {
            String start = new String(magic, StandardCharsets.ISO_8859_1).replaceAll("\\p{Cntrl}", "?");
            throw new IOException("it is not a ZIP archive: it starts with \"" + start + "\"");
        }
        return archive;
    }
}
