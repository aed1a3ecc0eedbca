import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.HttpException;
import fivetran.connector.sdk.http.auth.Auth;
import fivetran.connector.sdk.http.paging.Pages;
import fivetran.connector.sdk.http.paging.Pagination;
import java.util.Map;

/** The client of the NPS API (https://developer.nps.gov/api/v1): the API key in the X-Api-Key header, pages by start and limit. */
class NpsClient {
    static final String API = "https://developer.nps.gov/api/v1";

    private final Http http;
    private final int limit;

    NpsClient(Configuration configuration) {
        this.http = Http.builder(API).auth(Auth.apiKeyHeader("X-Api-Key", configuration.require("api_key"))).build();
        this.limit = configuration.getInt("limit", 50);
    }

    /**
     * Every record of an endpoint, page by page: {@code ?start=0&limit=n}, then start + the records read, until the
     * endpoint's {@code total} (a text in NPS's answers) is read or a page is empty.
     */
    Iterable<JsonNode> records(String path) {
        Pagination untilTotal = page -> {
            long read = Long.parseLong(page.request().query().get("start").toString()) + page.items().size();
            long total = page.body().path("total").asLong(Long.MAX_VALUE);
            return page.items().isEmpty() || read >= total ? null : page.request().with("start", read);
        };
        return Pages.of(http, "/" + path, Map.of("start", 0, "limit", limit), "/data", untilTotal).items();
    }

    /** An api.data.gov refusal (403 API_KEY_INVALID / API_KEY_MISSING) as a message naming the configuration key. */
    static RuntimeException refused(HttpException e) {
        if (e.status() == 401 || e.status() == 403) {
            return new IllegalStateException("the NPS API refused the api_key (" + e.status() + "): check configuration 'api_key'"
                    + " (a key from https://www.nps.gov/subjects/developer/get-started.htm). " + e.getMessage(), e);
        }
        return e;
    }
}
