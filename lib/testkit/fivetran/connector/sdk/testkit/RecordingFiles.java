package fivetran.connector.sdk.testkit;

import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.common.JsonException;
import com.github.tomakehurst.wiremock.common.SingleRootFileSource;
import com.github.tomakehurst.wiremock.standalone.JsonFileMappingsSource;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.stubbing.StubMappingCollection;
import com.github.tomakehurst.wiremock.stubbing.StubMappings;
import fivetran.connector.sdk.internal.CommandFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A recording's {@code mappings} folder, loaded as WireMock loads one (every {@code .json} file below it, each a stub
 * mapping or {@code {"mappings": [...]}}), in file name order, remembering which file each stub came from.
 */
final class RecordingFiles extends JsonFileMappingsSource {
    private final Path folder;
    private final Map<UUID, Path> files = new ConcurrentHashMap<>();

    RecordingFiles(Path folder) {
        super(new SingleRootFileSource(folder.toFile()), null);
        this.folder = folder;
    }

    @Override
    public void loadMappingsInto(StubMappings stubMappings) {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path file : paths.filter(path -> path.toString().endsWith(".json") && Files.isRegularFile(path)).sorted().toList()) {
                for (StubMapping stub : read(file).getMappingOrMappings()) {
                    int status = stub.getResponse().getStatus();
                    if (status < 200 || status > 599) {
                        // an informational or made-up status is no answer: an HTTP client would wait for the real one
                        throw new CommandFailure("the recording " + file + " answers with status " + status
                                + ", which is not the status of an HTTP response (200 to 599)");
                    }
                    stubMappings.addMapping(stub);
                    files.put(stub.getId(), file);
                }
            }
        } catch (IOException e) {
            throw new CommandFailure("cannot read the recording in " + folder + ": " + e, e);
        }
    }

    private static StubMappingCollection read(Path file) throws IOException {
        try {
            return Json.read(Files.readString(file), StubMappingCollection.class);
        } catch (JsonException e) {
            throw new CommandFailure("the recording " + file + " is not a WireMock stub mapping: " + withoutText(e.getErrors().first().getDetail()));
        }
    }

    private static final Pattern PLACE = Pattern.compile("line: (\\d+), column: (\\d+)");
    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'");

    /**
     * Jackson's message without the recording's text, which a recording edited by hand may hold a secret in: the text it
     * quotes ({@code at [Source: (String)"…"; line: 1, column: 22]}, a value {@code "…"}) becomes its line and column.
     */
    static String withoutText(String detail) {
        if (detail == null) {
            return null;
        }
        int source = detail.indexOf("at [Source:");
        String message = source < 0 ? detail : detail.substring(0, source).strip();
        String at = "";
        if (source >= 0) {
            Matcher place = PLACE.matcher(detail.substring(source));
            at = place.find() ? " (line " + place.group(1) + ", column " + place.group(2) + ")" : "";
        }
        return QUOTED.matcher(message).replaceAll("…") + at;
    }

    Path folder() {
        return folder;
    }

    /** The file a stub was loaded from. */
    Path fileOf(StubMapping stub) {
        return files.get(stub.getId());
    }
}
