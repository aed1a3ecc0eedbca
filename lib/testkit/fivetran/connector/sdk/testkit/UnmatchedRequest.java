package fivetran.connector.sdk.testkit;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.Admin;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.matching.MultiValuePattern;
import com.github.tomakehurst.wiremock.matching.RequestPattern;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import fivetran.connector.sdk.http.Http;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * While replaying: the answer of the catch-all stub {@link #STUB}, below every recorded one, to a request that no
 * recording matches, which the SDK's client stops the sync with: status 501, {@code X-Connector-Sdk-Replay: unmatched}
 * and the message as the body. It names the request and the nearest recorded one (WireMock's near misses) with its
 * file, query values masked; the request is already redacted, so no configuration value shows. (WireMock's own
 * NotMatchedRenderer cannot set a header.)
 */
final class UnmatchedRequest implements ResponseDefinitionTransformerV2 {
    static final UUID STUB = UUID.fromString("00000000-0000-0000-0000-000000000501");

    private final Admin admin;
    private final RecordingFiles files;

    UnmatchedRequest(Admin admin, RecordingFiles files) {
        this.admin = admin;
        this.files = files;
    }

    /** Whether {@code serveEvent} is a request that no recording matched. */
    static boolean answers(ServeEvent serveEvent) {
        return serveEvent.getStubMapping() != null && STUB.equals(serveEvent.getStubMapping().getId());
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        if (!answers(serveEvent)) {
            return serveEvent.getResponseDefinition();
        }
        LoggedRequest request = serveEvent.getRequest();
        String nearest = admin.findTopNearMissesFor(request).getNearMisses().stream()
                .map(nearMiss -> nearMiss.getStubMapping()).filter(stub -> !STUB.equals(stub.getId())).findFirst()
                .map(stub -> "nearest recorded: " + recorded(stub)).orElse("nothing is recorded in " + files.folder());
        String origin = request.getHeader(Http.ORIGIN_HEADER);
        String message = "no recorded request matches " + request.getMethod() + " "
                + Redaction.maskedQuery((origin == null ? "" : origin) + request.getUrl()) + " ; " + nearest;
        return ResponseDefinitionBuilder.responseDefinition().withStatus(501)
                .withHeader(Http.REPLAY_HEADER, "unmatched")
                .withHeader("Content-Type", "text/plain; charset=utf-8")
                .withBody(message).build();
    }

    private String recorded(StubMapping stub) {
        RequestPattern request = stub.getRequest();
        MultiValuePattern origin = request.getHeaders() == null ? null : request.getHeaders().get(Http.ORIGIN_HEADER);
        String query = request.getQueryParameters() == null ? ""
                : request.getQueryParameters().keySet().stream().map(name -> name + "=").collect(Collectors.joining("&", "?", ""));
        Path file = files.fileOf(stub);
        return request.getMethod() + " " + Redaction.maskedQuery((origin == null ? "" : origin.getExpected())
                + request.getUrlMatcher().getExpected() + query) + (file == null ? "" : " (" + file + ")");
    }

    @Override
    public String getName() {
        return "connector-sdk-unmatched-request";
    }
}
