///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.HttpException;
import fivetran.connector.sdk.http.auth.Auth;
import fivetran.connector.sdk.http.paging.Page;
import fivetran.connector.sdk.http.paging.PageRequest;
import fivetran.connector.sdk.http.paging.Pages;
import fivetran.connector.sdk.http.paging.Pagination;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * News articles about the configured topics from News API's /v2/everything, one time window per sync: from the end
 * of the last sync's window (the first sync: initial_sync_timestamp, else a day back) to now, newest first, page by
 * page up to the plan's result cap. The window's end is the state, saved once every topic is read.
 */
class connector {
    static final String API = "https://newsapi.org";
    static final String TABLE = "article";

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named(TABLE).primaryKey("topic", "url")
                .column("topic", DataType.STRING)
                .column("url", DataType.STRING)
                .column("published_at", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) {
        Http api = Http.builder(API).auth(Auth.apiKeyHeader("X-Api-Key", configuration.require("api_key"))).build();
        List<String> topics = topics(configuration);
        int pageSize = configuration.getInt("page_size", 100);
        int maxResults = configuration.getInt("max_results", 100);
        if (pageSize < 1 || pageSize > 100) {
            throw new IllegalArgumentException("configuration 'page_size' must be between 1 and 100");
        }
        Instant to = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant from = state.containsKey("to_ts") ? instant(state.getString("to_ts", null), "state 'to_ts'")
                : configuration.getInstant("initial_sync_timestamp", to.minus(Duration.ofDays(1))).truncatedTo(ChronoUnit.SECONDS);
        Logging.info("newsapi: articles published from " + from + " to " + to + " about " + topics.size() + " topics");

        for (String topic : topics) {
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("q", topic);
            query.put("from", utc(from));
            query.put("to", utc(to));
            query.put("language", configuration.get("language", "en"));
            query.put("sortBy", "publishedAt");
            query.put("pageSize", pageSize);
            query.put("page", 1);
            try {
                for (Page page : Pages.of(api, "/v2/everything", query, "/articles", upTo(maxResults))) {
                    for (JsonNode article : page.items()) {
                        Operations.upsert(TABLE, row(topic, article));
                    }
                    Operations.checkpoint(state);   // the rows only: the window ends once every topic is read
                }
            } catch (HttpException e) {
                if (e.status() == 401) {
                    throw new IllegalStateException("News API refused the api_key (401): check configuration 'api_key'. " + e.getMessage(), e);
                }
                throw e;
            }
        }
        state.put("to_ts", to.toString());
        Operations.checkpoint(state);
    }

    /**
     * Page after page while the pages are full, until totalResults or maxResults have been read: News API refuses a
     * page beyond the plan's cap (the Developer plan's is 100 results) rather than returning it empty.
     */
    static Pagination upTo(int maxResults) {
        Pagination pageNumber = Pagination.pageNumber("page", "pageSize");
        return page -> {
            PageRequest next = pageNumber.next(page);
            long read = Long.parseLong(page.request().query().get("page").toString()) * Long.parseLong(page.request().query().get("pageSize").toString());
            long total = page.body().path("totalResults").asLong();
            if (next != null && read >= maxResults && total > maxResults) {
                Logging.warning("newsapi: " + total + " articles about '" + page.request().query().get("q") + "' in the window, "
                        + maxResults + " read (max_results, the plan's cap); sync more often to read them all");
            }
            return next == null || read >= total || read >= maxResults ? null : next;
        };
    }

    static Map<String, Object> row(String topic, JsonNode article) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("topic", topic);
        row.put("url", article.path("url").asText());
        row.put("source_id", article.path("source").path("id").asText(null));
        row.put("source_name", article.path("source").path("name").asText(null));
        row.put("author", article.path("author").asText(null));
        row.put("title", article.path("title").asText(null));
        row.put("description", article.path("description").asText(null));
        row.put("url_to_image", article.path("urlToImage").asText(null));
        row.put("published_at", article.path("publishedAt").asText(null));
        row.put("content", article.path("content").asText(null));
        return row;
    }

    /** The topics, a JSON array of strings as upstream ({@code ["Artificial Intelligence", "Michigan"]}). */
    static List<String> topics(Configuration configuration) {
        String key = "topics";
        JsonNode topics = configuration.getJson(key);
        List<String> result = new ArrayList<>();
        if (topics == null || !topics.isArray()) {
            throw new IllegalArgumentException("configuration '" + key + "' must be a JSON array of topics, e.g. [\"Artificial Intelligence\", \"Michigan\"]");
        }
        topics.forEach(topic -> {
            if (!topic.isTextual() || topic.asText().isBlank()) {
                throw new IllegalArgumentException("configuration '" + key + "' holds a topic that is not a non-empty string");
            }
            result.add(topic.asText().strip());
        });
        if (result.isEmpty()) {
            throw new IllegalArgumentException("configuration '" + key + "' is an empty list");
        }
        return result;
    }

    private static Instant instant(String value, String where) {
        try {
            return Instant.parse(value.strip()).truncatedTo(ChronoUnit.SECONDS);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + " is not an ISO 8601 UTC timestamp such as 2024-03-01T00:00:00Z");
        }
    }

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    /** An instant as News API's from/to take it: ISO 8601 without an offset, which News API reads as UTC. */
    private static String utc(Instant instant) {
        return SECONDS.format(instant.atOffset(ZoneOffset.UTC));
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
