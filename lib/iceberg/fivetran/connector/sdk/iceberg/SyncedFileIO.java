package fivetran.connector.sdk.iceberg;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

/**
 * Iceberg's {@link HadoopFileIO} that forces each local file it writes to disk when the file is closed: its data, its
 * Hadoop checksum file, and the folder's entry for it. Without it a power cut could leave the catalog (SQLite, which
 * does force its commits) pointing at a metadata, manifest or data file whose content never reached the disk.
 * Files on other file systems (HDFS, S3A) are written as HadoopFileIO writes them.
 */
public class SyncedFileIO extends HadoopFileIO {
    public SyncedFileIO() {
    }

    @Override
    public OutputFile newOutputFile(String location) {
        OutputFile file = super.newOutputFile(location);
        URI uri = new org.apache.hadoop.fs.Path(location).toUri();
        return uri.getScheme() == null || uri.getScheme().equals("file") ? new Synced(file, Path.of(uri.getPath())) : file;
    }

    private record Synced(OutputFile file, Path local) implements OutputFile {
        @Override
        public PositionOutputStream create() {
            return new SyncedStream(file.create(), local);
        }

        @Override
        public PositionOutputStream createOrOverwrite() {
            return new SyncedStream(file.createOrOverwrite(), local);
        }

        @Override
        public String location() {
            return file.location();
        }

        @Override
        public InputFile toInputFile() {
            return file.toInputFile();
        }
    }

    private static final class SyncedStream extends PositionOutputStream {
        private final PositionOutputStream stream;
        private final Path local;
        private boolean closed;

        SyncedStream(PositionOutputStream stream, Path local) {
            this.stream = stream;
            this.local = local;
        }

        @Override
        public long getPos() throws IOException {
            return stream.getPos();
        }

        @Override
        public long storedLength() throws IOException {
            return stream.storedLength();
        }

        @Override
        public void write(int b) throws IOException {
            stream.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            stream.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            stream.flush();
        }

        @Override
        public void close() throws IOException {
            stream.close();
            if (closed) {
                return;
            }
            closed = true;
            // fsync applies to the file, not to the descriptor: forcing a new one flushes what Hadoop's stream wrote
            force(local, StandardOpenOption.WRITE);
            Path checksum = local.resolveSibling("." + local.getFileName() + ".crc");
            if (Files.exists(checksum)) {
                force(checksum, StandardOpenOption.WRITE);
            }
            force(local.getParent(), StandardOpenOption.READ);
        }

        private static void force(Path path, StandardOpenOption mode) throws IOException {
            try (FileChannel channel = FileChannel.open(path, mode)) {
                channel.force(true);
            }
        }
    }
}
