package fivetran.connector.sdk.launcher;

import fivetran.connector.sdk.engine.ConfigurationFile;
import fivetran.connector.sdk.testkit.HttpRecording;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code http-recording --record DIR | --replay DIR [--configuration FILE]}: the server of {@code debug --record} and
 * {@code --replay}, in a process of its own so that the connector's JVM never holds WireMock. It prints {@code
 * listening on URL}, serves until its standard input ends or reads the line {@code stop}, then stops (a recording is
 * written then) and prints what it did.
 */
@Command(name = "http-recording", hidden = true,
        description = "Serve the HTTP recording of debug --record or --replay until standard input ends or reads 'stop'.")
public final class HttpRecordingCommand implements Callable<Integer> {
    static final class Mode {
        @Option(names = "--record", paramLabel = "DIR", required = true, description = "Proxy to each request's origin, and write the exchanges into DIR.")
        Path record;

        @Option(names = "--replay", paramLabel = "DIR", required = true, description = "Answer each request from the recording in DIR.")
        Path replay;
    }

    @ArgGroup(multiplicity = "1")
    Mode mode;

    @Option(names = "--configuration", paramLabel = "FILE", description = "The connector's configuration, whose values the recording never holds.")
    Path configuration;

    @Override
    public Integer call() throws IOException {
        var values = ConfigurationFile.read(configuration);
        HttpRecording recording = mode.record != null ? HttpRecording.record(mode.record, values) : HttpRecording.replay(mode.replay, values);
        try (recording) {
            System.out.println("listening on " + recording.url());
            System.out.flush();
            BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            do {
                line = input.readLine();
            } while (line != null && !line.strip().equals("stop"));
        }
        int exchanges = recording.exchanges();
        String counted = exchanges + (exchanges == 1 ? " exchange" : " exchanges");
        System.out.println(mode.record != null ? "recorded " + counted + " to " + mode.record : "replayed " + counted);
        return 0;
    }
}
