package fivetran.connector.sdk.http.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;

/**
 * How an {@link fivetran.connector.sdk.http.Http} client authenticates: headers and query parameters added to every
 * request, and a way to renew credentials when the server answers 401. Give one to {@code Http.builder(url).auth(...)};
 * it composes with any pagination. Credentials never appear in errors or logs.
 *
 * <pre>{@code
 * Auth.apiKeyHeader("X-API-Key", configuration.require("api_key"))
 * Auth.apiKeyQuery("api_key", configuration.require("api_key"))
 * Auth.basic(configuration.require("username"), configuration.require("password"))
 * Auth.bearer(configuration.require("token"))
 * Auth.session(() -> login.post("/login", credentials).get("token").asText())
 * OAuth2.clientCredentials(tokenUrl, clientId, clientSecret)
 * OAuth2.refreshToken(tokenUrl, clientId, clientSecret, configuration.require("refresh_token"), state)
 * }</pre>
 */
public interface Auth {
    /** Headers to send with the next request. */
    Map<String, String> headers();

    /** Query parameters to add to the next request (none by default). */
    default Map<String, String> query() {
        return Map.of();
    }

    /** Called after a 401: renews the credentials and returns true to repeat the request once (false by default). */
    default boolean renew() {
        return false;
    }

    /** An API key in a request header, e.g. {@code X-API-Key}. */
    static Auth apiKeyHeader(String header, String key) {
        Map<String, String> headers = Map.of(header, key);
        return () -> headers;
    }

    /** An API key as a query parameter, e.g. {@code ?api_key=…} (its value is left out of error messages). */
    static Auth apiKeyQuery(String parameter, String key) {
        Map<String, String> query = Map.of(parameter, key);
        return new Auth() {
            @Override
            public Map<String, String> headers() {
                return Map.of();
            }

            @Override
            public Map<String, String> query() {
                return query;
            }
        };
    }

    /** HTTP Basic authentication. */
    static Auth basic(String username, String password) {
        String encoded = Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        return apiKeyHeader("Authorization", "Basic " + encoded);
    }

    /** A bearer token: {@code Authorization: Bearer <token>}. */
    static Auth bearer(String token) {
        return apiKeyHeader("Authorization", "Bearer " + token);
    }

    /**
     * A session token obtained by {@code login} (typically a POST with credentials), sent as a bearer token, obtained
     * at the first request and again whenever the server answers 401.
     */
    static Auth session(Supplier<String> login) {
        return session(login, "Authorization", "Bearer ");
    }

    /** A session token sent in {@code header} after {@code prefix} (e.g. {@code "X-Session-Token", ""}). */
    static Auth session(Supplier<String> login, String header, String prefix) {
        return new SessionToken(login, header, prefix);
    }
}
