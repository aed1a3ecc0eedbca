package fivetran.connector.sdk.cli;

import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.internal.CommandFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code debug --record DIR} or {@code --replay DIR}: the SDK's tools serve the recording from their own process
 * ({@code http-recording}, on WireMock, which a connector's class path never holds), and every request of the SDK's
 * {@link Http} client goes to that server for the length of the sync ({@link Http#VIA_PROPERTY}).
 */
final class HttpRecordingProcess implements AutoCloseable {
    private static final Logger SDK = LoggerFactory.getLogger("sdk");
    private static final String LISTENING = "listening on ";

    private final Process process;
    private final BufferedReader out;

    private HttpRecordingProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts the server: {@code mode} is {@code --record} or {@code --replay}; the configuration's values are redacted. */
    static HttpRecordingProcess start(Path project, String mode, Path dir, Path configuration) {
        List<String> args = new ArrayList<>(List.of("http-recording", mode, dir.toString()));
        if (configuration != null) {
            args.addAll(List.of("--configuration", configuration.toString()));
        }
        HttpRecordingProcess recording = new HttpRecordingProcess(SdkTools.start(project, args));
        String first = recording.readLine();
        if (first == null || !first.startsWith(LISTENING)) {
            recording.process.destroy();
            throw new CommandFailure("the SDK's tools could not " + (mode.equals("--record") ? "record into " : "replay ") + dir
                    + (first == null ? "" : ": " + first));
        }
        System.setProperty(Http.VIA_PROPERTY, first.substring(LISTENING.length()).strip());
        SDK.info("{} HTTP {} {}", mode.equals("--record") ? "recording" : "replaying", mode.equals("--record") ? "into" : "from", dir);
        return recording;
    }

    private String readLine() {
        try {
            return out.readLine();
        } catch (IOException e) {
            return null;
        }
    }

    /** Stops the server (a recording is written then) and logs what it did; fails when it could not. */
    @Override
    public void close() {
        System.clearProperty(Http.VIA_PROPERTY);
        try {
            process.getOutputStream().close();
            for (String line = readLine(); line != null; line = readLine()) {
                SDK.info(line);
            }
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new CommandFailure("the SDK's HTTP recording did not stop");
            }
            if (process.exitValue() != 0) {
                throw new CommandFailure("the SDK's HTTP recording failed (exit " + process.exitValue() + ")");
            }
        } catch (IOException e) {
            throw new CommandFailure("the SDK's HTTP recording failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
