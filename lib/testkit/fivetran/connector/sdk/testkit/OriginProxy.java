package fivetran.connector.sdk.testkit;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import fivetran.connector.sdk.http.Http;

/**
 * While recording: each request is proxied to the origin its {@value Http#ORIGIN_HEADER} header names, without that
 * header (WireMock's proxy takes one fixed URL per stub; this makes the one catch-all stub proxy to any origin).
 */
final class OriginProxy implements ResponseDefinitionTransformerV2 {
    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        String origin = serveEvent.getRequest().getHeader(Http.ORIGIN_HEADER);
        if (origin == null) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(400).withHeader("Content-Type", "text/plain")
                    .withBody("the recording proxy needs the header " + Http.ORIGIN_HEADER + " naming the request's origin").build();
        }
        return ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition()).proxiedFrom(origin)
                .withRemoveRequestHeader(Http.ORIGIN_HEADER).build();
    }

    @Override
    public String getName() {
        return "connector-sdk-origin-proxy";
    }
}
