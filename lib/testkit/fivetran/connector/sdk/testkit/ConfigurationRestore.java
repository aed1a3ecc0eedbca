package fivetran.connector.sdk.testkit;

import java.util.function.Supplier;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Body;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * While replaying: each {@code {{config.KEY}}} of a recorded answer (body and headers) is the replay's configuration
 * value again, so that a connector that follows a recorded link to its {@code base_url}, or syncs a value of its
 * configuration that the API sent back, sees what it saw while recording.
 */
final class ConfigurationRestore implements ResponseDefinitionTransformerV2 {
    private final Supplier<Redaction> redaction;

    ConfigurationRestore(Supplier<Redaction> redaction) {
        this.redaction = redaction;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        ResponseDefinition recorded = serveEvent.getResponseDefinition();
        if (UnmatchedRequest.answers(serveEvent)) {
            return recorded;
        }
        ResponseDefinitionBuilder restored = ResponseDefinitionBuilder.like(recorded);
        if (recorded.getHeaders() != null) {
            restored.withHeaders(new HttpHeaders(recorded.getHeaders().all().stream()
                    .map(header -> new HttpHeader(header.key(), header.values().stream().map(redaction.get()::restored).toList())).toList()));
        }
        Body body = recorded.getReponseBody();
        if (body.isPresent() && !body.isBinary()) {
            restored.withBody(redaction.get().restoredBody(body.asString()));
        }
        return restored.build();
    }

    @Override
    public String getName() {
        return "connector-sdk-configuration-restore";
    }
}
