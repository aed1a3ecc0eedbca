package fivetran.connector.sdk.http;

import fivetran.connector.sdk.internal.Jackson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.demo.ExampleApi;
import fivetran.connector.sdk.http.auth.Auth;
import fivetran.connector.sdk.http.auth.ClientCertificate;
import fivetran.connector.sdk.http.auth.OAuth2;
import fivetran.connector.sdk.http.paging.Pages;
import fivetran.connector.sdk.http.paging.Pagination;
import fivetran.connector.sdk.testing.Project;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every authentication scheme against the example API, a real server on the loopback interface. */
class AuthTest {
    private static ExampleApi server;

    @BeforeAll
    static void start() {
        server = ExampleApi.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Http client(Auth auth) {
        return Http.builder(server.url()).auth(auth).retries(0).build();
    }

    private static long count(Http api, String path) {
        Pages pages = Pages.of(api, path, Map.of("per_page", 5), "/items", Pagination.pageNumber("page", "per_page"));
        return StreamSupport.stream(pages.items().spliterator(), false).count();
    }

    @Test
    void apiKeysBasicAndBearerAreSentAndWrongOnesFailWithoutShowingTheSecret() {
        assertEquals(ExampleApi.ITEMS, client(Auth.apiKeyHeader("X-API-Key", ExampleApi.API_KEY)).get("/api-key/items").get("items").size());
        assertEquals(ExampleApi.ITEMS, client(Auth.apiKeyQuery("api_key", ExampleApi.API_KEY)).get("/api-key/items").get("items").size());
        assertEquals(ExampleApi.ITEMS, client(Auth.basic(ExampleApi.USERNAME, ExampleApi.PASSWORD)).get("/basic/items").get("items").size());
        assertEquals(ExampleApi.ITEMS, client(Auth.bearer(ExampleApi.TOKEN)).get("/bearer/items").get("items").size());

        HttpException wrong = assertThrows(HttpException.class, () -> client(Auth.apiKeyQuery("api_key", "s3cret-key")).get("/api-key/items"));
        assertEquals(401, wrong.status());
        assertEquals("GET " + server.url() + "/api-key/items failed: 401: {\"error\":\"missing or wrong credentials\"}", wrong.getMessage());
        assertEquals(401, assertThrows(HttpException.class, () -> client(Auth.basic("demo", "nope")).get("/basic/items")).status());
    }

    @Test
    void aSessionLogsInLazilyAndAgainAfterA401() {
        Http login = Http.builder(server.url()).build();
        AtomicInteger logins = new AtomicInteger();
        Auth session = Auth.session(() -> {
            logins.incrementAndGet();
            return login.post("/session/login", Map.of("username", ExampleApi.USERNAME, "password", ExampleApi.PASSWORD)).get("token").asText();
        });
        Http api = client(session);
        assertEquals(0, logins.get());
        assertEquals(ExampleApi.ITEMS, count(api, "/session/items"));
        assertEquals(3, logins.get(), "6 requests, " + ExampleApi.SESSION_USES + " per session");
    }

    @Test
    void clientCredentialsAreExchangedForAccessTokensRenewedWhenRevoked() {
        Http api = client(OAuth2.clientCredentials(server.url() + "/oauth/token", ExampleApi.CLIENT_ID, ExampleApi.CLIENT_SECRET));
        assertEquals(ExampleApi.ITEMS, count(api, "/oauth/items"));
        IllegalStateException wrongSecret = assertThrows(IllegalStateException.class,
                () -> client(OAuth2.clientCredentials(server.url() + "/oauth/token", ExampleApi.CLIENT_ID, "wrong")).get("/oauth/items"));
        assertTrue(wrongSecret.getMessage().startsWith("the token endpoint refused the client_credentials grant (401): check the client id and"
                + " the client secret. POST " + server.url() + "/oauth/token failed: 401"), wrongSecret.getMessage());
        assertFalse(wrongSecret.getMessage().contains("wrong"), wrongSecret.getMessage());
        IllegalStateException hinted = assertThrows(IllegalStateException.class, () -> client(OAuth2.clientCredentials(server.url() + "/oauth/token",
                ExampleApi.CLIENT_ID, "wrong").whenRefused("check configuration 'client_id' and 'client_secret'")).get("/oauth/items"));
        assertTrue(hinted.getMessage().contains("(401): check configuration 'client_id' and 'client_secret'. POST "), hinted.getMessage());
    }

    @Test
    void aRotatedRefreshTokenIsKeptInStateAndUsedByTheNextSync() {
        State state = State.empty();
        String tokenUrl = server.url() + "/oauth/token";
        assertEquals(ExampleApi.ITEMS, count(client(OAuth2.refreshToken(tokenUrl, ExampleApi.CLIENT_ID, ExampleApi.CLIENT_SECRET, "rt-0", state)), "/oauth/items"));
        assertEquals("rt-2", state.get(OAuth2.REFRESH_TOKEN_STATE_KEY), "6 requests, 3 per access token: two refreshes");

        assertEquals(ExampleApi.ITEMS, count(client(OAuth2.refreshToken(tokenUrl, ExampleApi.CLIENT_ID, ExampleApi.CLIENT_SECRET, "rt-0", state)), "/oauth/items"));
        assertEquals("rt-4", state.get(OAuth2.REFRESH_TOKEN_STATE_KEY));

        IllegalStateException reused = assertThrows(IllegalStateException.class, () -> client(OAuth2.refreshToken(tokenUrl, ExampleApi.CLIENT_ID,
                ExampleApi.CLIENT_SECRET, "rt-0", State.empty())).get("/oauth/items"));
        assertTrue(reused.getMessage().startsWith("the token endpoint refused the refresh_token grant (400): check the client id, the client secret"
                + " and the refresh token."), reused.getMessage());
        assertTrue(reused.getMessage().contains("invalid_grant"), reused.getMessage());
    }

    /** The same body in every JVM, so that a recorded token request matches its replay exactly. */
    @Test
    void aTokenRequestsFormFieldsAreAlwaysInTheGrantsOrderWithAScopeAndOptionallyBasicClientCredentials() throws Exception {
        java.util.List<String> bodies = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer token = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        token.createContext("/token", exchange -> {
            try (exchange) {
                bodies.add(exchange.getRequestHeaders().getFirst("Authorization") + " "
                        + new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                byte[] answer = "{\"access_token\": \"at\", \"expires_in\": 3600}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        token.start();
        try {
            String url = "http://127.0.0.1:" + token.getAddress().getPort() + "/token";
            OAuth2.clientCredentials(url, "id-1", "secret-1").headers();
            OAuth2.refreshToken(url, "id-2", "secret-2", "rt-9", State.empty()).headers();
            OAuth2.clientCredentials(url, "id-3", "secret-3").scope("https://graph.microsoft.com/.default").headers();
            OAuth2.clientCredentials(url, "id-4", "secret 4").scope("read(all)").basicClientAuthentication().headers();
        } finally {
            token.stop(0);
        }
        assertEquals(java.util.List.of("null grant_type=client_credentials&client_id=id-1&client_secret=secret-1",
                "null grant_type=refresh_token&client_id=id-2&client_secret=secret-2&refresh_token=rt-9",
                "null grant_type=client_credentials&client_id=id-3&client_secret=secret-3&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default",
                "Basic " + java.util.Base64.getEncoder().encodeToString("id-4:secret 4".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        + " grant_type=client_credentials&scope=read%28all%29"), bodies);
    }

    @Test
    void aClientCertificateFromConfigurationAuthenticatesOverMutualTls() throws Exception {
        Configuration configuration = Configuration.of(fivetran.connector.sdk.internal.Jackson.MAPPER.readValue(
                Project.read(Project.root().resolve("examples/patterns/authentication/certificate/using_base64_encoded_certificate/configuration.json")),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() { }));
        try (ExampleApi tls = ExampleApi.startTls()) {
            var withCertificate = ClientCertificate.sslContext(configuration.require("client_certificate"),
                    configuration.require("client_certificate_password"), configuration.require("server_certificate"));
            Http api = Http.builder(tls.url()).sslContext(withCertificate).retries(0).build();
            assertEquals(ExampleApi.ITEMS, api.get("/mtls/items").get("items").size());

            OAuth2 token = OAuth2.clientCredentials(tls.url() + "/oauth/token", ExampleApi.CLIENT_ID, ExampleApi.CLIENT_SECRET);
            Http withToken = Http.builder(tls.url()).sslContext(withCertificate).auth(token.overMutualTls(withCertificate)).retries(0).build();
            assertEquals(ExampleApi.ITEMS, count(withToken, "/oauth/items"), "the token endpoint was reached with the client certificate");
            Http tokenWithoutCertificate = Http.builder(tls.url()).sslContext(withCertificate).auth(token).retries(0).build();
            assertThrows(HttpException.class, () -> tokenWithoutCertificate.get("/oauth/items"), "the token request had no certificate");

            IllegalArgumentException wrongPassword = assertThrows(IllegalArgumentException.class, () -> ClientCertificate.sslContext(
                    configuration.require("client_certificate"), "s3cret", configuration.require("server_certificate")));
            assertTrue(wrongPassword.getMessage().startsWith("the client certificate cannot be read"), wrongPassword.getMessage());
            assertFalse(wrongPassword.getMessage().contains("s3cret"));
        }
    }
}
