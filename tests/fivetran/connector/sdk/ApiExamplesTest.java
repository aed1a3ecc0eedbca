package fivetran.connector.sdk;

import fivetran.connector.sdk.internal.Jackson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.demo.ExampleApi;
import fivetran.connector.sdk.testing.ExampleApiRun;
import fivetran.connector.sdk.testing.Project;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The stateful HTTP examples, run through JBang from a copy of their folder against the example API the test starts, as
 * {@code jbang example-api} runs them: {@code base_url} in the copy's configuration points at the API, whose emulation
 * keeps state (sessions that expire, refresh tokens that rotate, rate-limit budgets, a flaky endpoint). Each example's
 * own {@code connectorTest.java} replays a recording of the same syncs offline; every HTTP example's rows are tested there.
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
