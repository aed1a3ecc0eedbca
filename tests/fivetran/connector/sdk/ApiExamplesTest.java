package fivetran.connector.sdk;

import fivetran.connector.sdk.internal.Jackson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.demo.ExampleApi;
import fivetran.connector.sdk.testing.ExampleApiRun;
import fivetran.connector.sdk.testing.Project;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP examples, run through JBang from a copy of their folder against the example API the test starts, as
 * {@code jbang example-api} runs them: {@code base_url} in the copy's configuration points at the API.
 */
@Tag("e2e")
class ApiExamplesTest {
    /** A copy of the example, and the example API its configuration points at. */
    private record Example(Project project, ExampleApi api) implements AutoCloseable {
        static Example of(String name) {
            Project project = Project.example(name);
            ExampleApi api = ExampleApiRun.startFor(project);
            ExampleApiRun.pointAt(project, api.url());
            return new Example(project, api);
        }

        /** A successful sync, whose rows came from the API the test started. */
        Project.Result sync() {
            int requests = api.requests();
            Project.Result result = project.jbang("debug");
            assertEquals(0, result.exit(), result::toString);
            assertTrue(result.out().contains("SYNC SUCCEEDED"), result::toString);
            assertTrue(api.requests() > requests, () -> "no request reached the test's API at " + api.url() + ": " + result);
            return result;
        }

        @Override
        public void close() {
            api.close();
        }
    }

    private static JsonNode state(Project project) throws Exception {
        return Jackson.MAPPER.readTree(project.state());
    }

    @ParameterizedTest
    @ValueSource(strings = {"patterns/authentication/api_key", "patterns/authentication/http_basic", "patterns/authentication/http_bearer",
            "patterns/authentication/certificate/using_base64_encoded_certificate", "patterns/pagination/page_number",
            "patterns/pagination/offset_based", "patterns/pagination/next_page_url", "patterns/pagination/link_header",
            "patterns/pagination/scroll_token"})
    void syncsEveryItem(String name) {
        try (Example example = Example.of(name)) {
            example.sync();
            assertEquals(List.of(Map.of("n", (long) ExampleApi.ITEMS, "ids", (long) ExampleApi.ITEMS * (ExampleApi.ITEMS + 1) / 2)),
                    example.project().query("SELECT count(*) AS n, sum(id)::BIGINT AS ids FROM tester.item WHERE NOT _fivetran_deleted"));
            assertEquals(List.of(Map.of("name", "item 25", "updated_at", OffsetDateTime.of(2024, 1, 2, 1, 0, 0, 0, ZoneOffset.UTC))),
                    example.project().query("SELECT name, updated_at FROM tester.item WHERE id = 25"));
        }
    }

    @Test
    void sessionTokenLogsInAgainWhenTheSessionExpires() {
        try (Example example = Example.of("patterns/authentication/session_token")) {
            Project.Result result = example.sync();
            assertTrue(result.err().contains("the session expired: logging in again"), result::toString);
            assertEquals((long) ExampleApi.ITEMS, example.project().value("SELECT count(*) FROM tester.item"));
        }
    }

    @Test
    void oauth2KeepsTheRotatedRefreshTokenInStateForTheNextSync() throws Exception {
        try (Example example = Example.of("patterns/authentication/oauth2_with_token_refresh")) {
            Project project = example.project();
            example.sync();
            assertEquals("rt-2", state(project).get("oauth2_refresh_token").asText());
            Project.Result second = example.sync();
            assertEquals("rt-4", state(project).get("oauth2_refresh_token").asText(), "the second sync refreshed from rt-2: " + second);
            assertEquals((long) ExampleApi.ITEMS, project.value("SELECT count(*) FROM tester.item"));
        }
    }

    @Test
    void keysetResumesAfterTheLastIdInState() throws Exception {
        try (Example example = Example.of("patterns/pagination/keyset")) {
            Project project = example.project();
            example.sync();
            assertEquals(25, state(project).get("last_id").asInt());
            Project.Result second = example.sync();
            assertTrue(second.err().contains("reading items after id 25"), second::toString);
            assertTrue(second.out().contains("Upserts         | 0"), second::toString);
            assertEquals((long) ExampleApi.ITEMS, project.value("SELECT count(*) FROM tester.item"));
        }
    }

    @Test
    void githubStyleApiWaitsOutRateLimitsFollowsLinksAndSyncsIncrementally() throws Exception {
        try (Example example = Example.of("connectors/rest_api_github_style")) {
            Project project = example.project();
            Project.Result first = example.sync();
            assertTrue(first.err().contains("429; retrying"), first::toString);
            assertTrue(first.err().contains("403; retrying"), first::toString);
            assertEquals("2024-01-03T12:00:00Z", state(project).get("since").asText());
            assertEquals(List.of(Map.of("n", (long) ExampleApi.GITHUB_ISSUES, "octocat", 15L, "bugs", 10L)), project.query(
                    "SELECT count(*) AS n, count(*) FILTER (user->>'login' = 'octocat') AS octocat, "
                            + "count(*) FILTER (labels->0->>'name' = 'bug') AS bugs FROM tester.issue"));
            Project.Result second = example.sync();
            assertTrue(second.out().contains("Upserts         | 1"), "only the issue updated at 'since' again: " + second);
        }
    }

    @Test
    void errorHandlingRetriesAFlakyApiAndStopsCallingOneThatIsDown() {
        try (Example example = Example.of("patterns/complex_error_handling_multithreading")) {
            Project.Result result = example.sync();
            assertTrue(result.err().contains("503; retrying"), result::toString);
            assertTrue(result.err().contains("failed: 500 after 3 attempts: {\"error\":\"internal error\"} (the circuit breaker is open)"),
                    result::toString);
            assertEquals(4, result.err().split("not sent: the circuit breaker is open", -1).length - 1, result::toString);
            assertEquals((long) ExampleApi.ITEMS, example.project().value("SELECT count(*) FROM tester.orders"));
        }
    }
}
