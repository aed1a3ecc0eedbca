package fivetran.connector.sdk.testkit;

import java.util.function.Supplier;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterV2;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestWrapper;
import com.github.tomakehurst.wiremock.http.Body;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

/**
 * While replaying: each request redacted as its recording was ({@link Redaction}) before WireMock matches it, so that
 * a request carrying the real secrets matches, and neither the journal nor a message holds them.
 */
final class ReplayedRequestRedaction implements RequestFilterV2 {
    private final Supplier<Redaction> redaction;

    ReplayedRequestRedaction(Supplier<Redaction> redaction) {
        this.redaction = redaction;
    }

    @Override
    public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
        RequestWrapper.Builder redacted = RequestWrapper.create()
                .transformAbsoluteUrl(this::url)
                .transformBody(body -> new Body(redaction.get().body(body.asBytes())));
        for (String name : request.getAllHeaderKeys()) {
            if (Redaction.dropsHeader(name)) {
                redacted.removeHeader(name);
            } else {
                redacted.transformHeader(name, values -> values.stream().map(value -> redaction.get().header(name, value)).toList());
            }
        }
        return RequestFilterAction.continueWith(redacted.wrap(request));
    }

    /**
     * The server's own scheme and authority kept, so that WireMock still finds the path after them; the query in the
     * recording's order ({@link CanonicalQuery}).
     */
    private String url(String absolute) {
        int path = absolute.indexOf('/', absolute.indexOf("://") + 3);
        return path < 0 ? absolute : absolute.substring(0, path) + CanonicalQuery.url(redaction.get().url(absolute.substring(path)));
    }

    @Override
    public boolean applyToAdmin() {
        return false;
    }

    @Override
    public boolean applyToStubs() {
        return true;
    }

    @Override
    public String getName() {
        return "connector-sdk-request-redaction";
    }
}
