package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.demo.ExampleApi;
import fivetran.connector.sdk.testing.Project;
import fivetran.connector.sdk.warehouse.Values;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The HTTP examples, run through JBang from a copy of their folder, each against the example API it starts. */
class ApiExamplesTest {
    private static Project.Result sync(Project project) {
        Project.Result result = project.jbang("debug");
        assertEquals(0, result.exit(), result::toString);
        assertTrue(result.out().contains("SYNC SUCCEEDED"), result::toString);
        assertTrue(result.err().contains("base_url is not set: syncing from the example API at "), result::toString);
        return result;
    }

    private static JsonNode state(Project project) throws Exception {
        return Values.JSON.readTree(project.state());
    }

    @ParameterizedTest
    @ValueSource(strings = {"api_key", "http_basic", "http_bearer", "certificate", "page_number", "offset", "next_page_url", "link_header",
            "scroll_token"})
    void syncsEveryItem(String example) {
        Project project = Project.example(example);
        sync(project);
        assertEquals(List.of(Map.of("n", (long) ExampleApi.ITEMS, "ids", (long) ExampleApi.ITEMS * (ExampleApi.ITEMS + 1) / 2)),
                project.query("SELECT count(*) AS n, sum(id)::BIGINT AS ids FROM tester.item WHERE NOT _fivetran_deleted"));
        assertEquals(List.of(Map.of("name", "item 25", "updated_at", OffsetDateTime.of(2024, 1, 2, 1, 0, 0, 0, ZoneOffset.UTC))),
                project.query("SELECT name, updated_at FROM tester.item WHERE id = 25"));
    }

    @Test
    void sessionTokenLogsInAgainWhenTheSessionExpires() {
        Project project = Project.example("session_token");
        Project.Result result = sync(project);
        assertTrue(result.err().contains("the session expired: logging in again"), result::toString);
        assertEquals((long) ExampleApi.ITEMS, project.value("SELECT count(*) FROM tester.item"));
    }

    @Test
    void oauth2KeepsTheRotatedRefreshTokenInStateForTheNextSync() throws Exception {
        Project project = Project.example("oauth2_with_token_refresh");
        sync(project);
        assertEquals("rt-2", state(project).get("oauth2_refresh_token").asText());
        Project.Result second = sync(project);
        assertEquals("rt-4", state(project).get("oauth2_refresh_token").asText(), "the second sync refreshed from rt-2: " + second);
        assertEquals((long) ExampleApi.ITEMS, project.value("SELECT count(*) FROM tester.item"));
    }

    @Test
    void keysetResumesAfterTheLastIdInState() throws Exception {
        Project project = Project.example("keyset");
        sync(project);
        assertEquals(25, state(project).get("last_id").asInt());
        Project.Result second = sync(project);
        assertTrue(second.err().contains("reading items after id 25"), second::toString);
        assertTrue(second.out().contains("Upserts         | 0"), second::toString);
        assertEquals((long) ExampleApi.ITEMS, project.value("SELECT count(*) FROM tester.item"));
    }

    @Test
    void githubStyleApiWaitsOutRateLimitsFollowsLinksAndSyncsIncrementally() throws Exception {
        Project project = Project.example("rest_api_github_style");
        Project.Result first = sync(project);
        assertTrue(first.err().contains("429; retrying"), first::toString);
        assertTrue(first.err().contains("403; retrying"), first::toString);
        assertEquals("2024-01-03T12:00:00Z", state(project).get("since").asText());
        assertEquals(List.of(Map.of("n", (long) ExampleApi.GITHUB_ISSUES, "octocat", 15L, "bugs", 10L)), project.query(
                "SELECT count(*) AS n, count(*) FILTER (user->>'login' = 'octocat') AS octocat, "
                        + "count(*) FILTER (labels->0->>'name' = 'bug') AS bugs FROM tester.issue"));
        Project.Result second = sync(project);
        assertTrue(second.out().contains("Upserts         | 1"), "only the issue updated at 'since' again: " + second);
    }

    @Test
    void errorHandlingRetriesAFlakyApiAndStopsCallingOneThatIsDown() {
        Project project = Project.example("error_handling");
        Project.Result result = sync(project);
        assertTrue(result.err().contains("503; retrying"), result::toString);
        assertTrue(result.err().contains("failed: 500 after 3 attempts: {\"error\":\"internal error\"} (the circuit breaker is open)"), result::toString);
        assertEquals(4, result.err().split("not sent: the circuit breaker is open", -1).length - 1, result::toString);
        assertEquals((long) ExampleApi.ITEMS, project.value("SELECT count(*) FROM tester.orders"));
    }
}
