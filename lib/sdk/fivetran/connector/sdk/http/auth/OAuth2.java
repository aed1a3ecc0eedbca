package fivetran.connector.sdk.http.auth;

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.HttpException;
import fivetran.connector.sdk.http.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * OAuth 2.0 access tokens from a token endpoint, sent as {@code Authorization: Bearer}: fetched at the first request,
 * again shortly before {@code expires_in} runs out, and again after a 401. The client id and secret are sent in the
 * form body, or as HTTP Basic credentials ({@link #basicClientAuthentication()}); {@link #scope} asks for a scope. With the refresh-token grant, a refresh token that the server rotates is put in the connector's
 * {@link State} so that the next checkpoint saves it and the next sync uses it.
 *
 * <pre>{@code
 * Auth auth = OAuth2.refreshToken(tokenUrl, clientId, clientSecret, configuration.require("refresh_token"), state);
 * Http api = Http.builder(baseUrl).auth(auth).build();
 * }</pre>
 */
public final class OAuth2 implements Auth {
    /** The state key holding the latest refresh token. */
    public static final String REFRESH_TOKEN_STATE_KEY = "oauth2_refresh_token";
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(30);

    private final Http tokenEndpoint;
    private final String tokenUrl;
    private final Map<String, String> grant;
    private final State state;
    private final SSLContext sslContext;
    private final boolean basicClientAuthentication;
    private final String whenRefused;
    private String accessToken;
    private Instant expiresAt = Instant.MAX;

    private OAuth2(String tokenUrl, Map<String, String> grant, State state, SSLContext sslContext, boolean basicClientAuthentication,
                   String whenRefused) {
        this.tokenUrl = tokenUrl;
        this.grant = grant;
        this.state = state;
        this.sslContext = sslContext;
        this.basicClientAuthentication = basicClientAuthentication;
        this.whenRefused = whenRefused;
        // a token request changes nothing on the server: it is sent again after a 5xx or an I/O error too
        Http.Builder endpoint = Http.builder(tokenUrl).retryPolicy(RetryPolicy.builder().idempotent("POST").build());
        if (sslContext != null) {
            endpoint.sslContext(sslContext);
        }
        if (basicClientAuthentication) {
            endpoint.auth(Auth.basic(grant.get("client_id"), grant.get("client_secret")));
        }
        this.tokenEndpoint = endpoint.build();
    }

    private OAuth2(String tokenUrl, Map<String, String> grant, State state) {
        this(tokenUrl, grant, state, null, false, grant.containsKey("refresh_token")
                ? "check the client id, the client secret and the refresh token" : "check the client id and the client secret");
    }

    /** The client-credentials grant: the connector authenticates as itself. */
    public static OAuth2 clientCredentials(String tokenUrl, String clientId, String clientSecret) {
        return new OAuth2(tokenUrl, form("grant_type", "client_credentials", "client_id", clientId, "client_secret", clientSecret), null);
    }

    /**
     * The refresh-token grant. The refresh token used is the one in {@code state} under
     * {@link #REFRESH_TOKEN_STATE_KEY} when there is one (a rotated token saved by an earlier sync), else
     * {@code refreshToken} from configuration.
     */
    public static OAuth2 refreshToken(String tokenUrl, String clientId, String clientSecret, String refreshToken, State state) {
        return new OAuth2(tokenUrl, form("grant_type", "refresh_token", "client_id", clientId, "client_secret", clientSecret,
                "refresh_token", state.getString(REFRESH_TOKEN_STATE_KEY, refreshToken)), state);
    }

    /**
     * The same grant, with the token endpoint reached over mutual TLS: {@code sslContext} presents the client
     * certificate (see {@link ClientCertificate#sslContext}), as APIs that bind tokens to a certificate require (RFC 8705).
     * Give the API's {@link Http.Builder#sslContext} the same context.
     */
    public OAuth2 overMutualTls(SSLContext sslContext) {
        return new OAuth2(tokenUrl, new LinkedHashMap<>(grant), state, sslContext, basicClientAuthentication, whenRefused);
    }

    /**
     * The same grant asking for {@code scope} (the {@code scope} form field), e.g. Microsoft's
     * {@code https://graph.microsoft.com/.default}; several scopes are separated by spaces.
     */
    public OAuth2 scope(String scope) {
        Map<String, String> fields = new LinkedHashMap<>(grant);
        fields.put("scope", Objects.requireNonNull(scope, "scope"));
        return new OAuth2(tokenUrl, fields, state, sslContext, basicClientAuthentication, whenRefused);
    }

    /**
     * The same grant with the client id and secret sent as HTTP Basic credentials ({@code client_secret_basic}, which
     * RFC 6749 prefers and some token endpoints require) instead of in the form.
     */
    public OAuth2 basicClientAuthentication() {
        return new OAuth2(tokenUrl, new LinkedHashMap<>(grant), state, sslContext, true, whenRefused);
    }

    /**
     * The same grant, whose refusal by the token endpoint (a 400, 401 or 403: a wrong secret, an expired refresh
     * token, an unknown tenant) stops the sync with {@code hint}, e.g. {@code "check configuration 'client_id' and
     * 'client_secret'"}, before the endpoint's answer. Such a refusal is an IllegalStateException, never taken for the
     * API refusing a request.
     */
    public OAuth2 whenRefused(String hint) {
        return new OAuth2(tokenUrl, new LinkedHashMap<>(grant), state, sslContext, basicClientAuthentication, Objects.requireNonNull(hint, "hint"));
    }

    /** The grant's form fields in the order given, so that every token request's body is the same (and replayable). */
    private static Map<String, String> form(String... namesAndValues) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put(namesAndValues[i], Objects.requireNonNull(namesAndValues[i + 1], namesAndValues[i]));
        }
        return fields;
    }

    @Override
    public synchronized Map<String, String> headers() {
        if (accessToken == null || Instant.now().isAfter(expiresAt.minus(EXPIRY_MARGIN))) {
            fetch();
        }
        return Map.of("Authorization", "Bearer " + accessToken);
    }

    @Override
    public synchronized boolean renew() {
        Logging.info("the access token was refused: requesting a new one");
        accessToken = null;
        return true;
    }

    private void fetch() {
        Map<String, String> fields = grant;
        if (basicClientAuthentication) {
            fields = new LinkedHashMap<>(grant);
            fields.remove("client_id");
            fields.remove("client_secret");
        }
        JsonNode token;
        try {
            token = tokenEndpoint.postForm(tokenUrl, fields);
        } catch (HttpException e) {
            if (e.status() == 400 || e.status() == 401 || e.status() == 403) {
                throw new IllegalStateException("the token endpoint refused the " + grant.get("grant_type") + " grant (" + e.status() + "): "
                        + whenRefused + ". " + e.getMessage(), e);
            }
            throw e;
        }
        if (token == null || !token.path("access_token").isTextual()) {
            throw new IllegalStateException("the token endpoint answered without an access_token");
        }
        accessToken = token.get("access_token").asText();
        expiresAt = token.path("expires_in").canConvertToLong()
                ? Instant.now().plusSeconds(token.get("expires_in").asLong()) : Instant.MAX;
        String rotated = token.path("refresh_token").asText(null);
        if (state != null && rotated != null && !rotated.equals(grant.get("refresh_token"))) {
            grant.put("refresh_token", rotated);
            state.put(REFRESH_TOKEN_STATE_KEY, rotated);
            Logging.info("the refresh token was rotated: the new one is kept in state");
        }
    }
}
