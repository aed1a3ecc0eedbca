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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * GitHub's repository traffic (views and clones per day, the top referrers and paths of the last 14 days) for the
 * configured repositories, checkpointed per repository. Views and clones are upserted from the last day synced on (its
 * counts grow until the day ends); referrers and paths are a snapshot per UTC day, and an entry that left today's top
 * list since the last sync is deleted from today's snapshot.
 */
class connector {
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9-]+/[A-Za-z0-9._-]+");

    static List<Table> schema(Configuration configuration) {
        return List.of(
                Table.named("repository_views").primaryKey("repository", "timestamp").column("repository", DataType.STRING)
                        .column("timestamp", DataType.UTC_DATETIME).column("count", DataType.INT).column("uniques", DataType.INT),
                Table.named("repository_clones").primaryKey("repository", "timestamp").column("repository", DataType.STRING)
                        .column("timestamp", DataType.UTC_DATETIME).column("count", DataType.INT).column("uniques", DataType.INT),
                Table.named("repository_referrers").primaryKey("repository", "referrer", "fetch_date").column("repository", DataType.STRING)
                        .column("referrer", DataType.STRING).column("fetch_date", DataType.NAIVE_DATE)
                        .column("count", DataType.INT).column("uniques", DataType.INT),
                Table.named("repository_paths").primaryKey("repository", "path", "fetch_date").column("repository", DataType.STRING)
                        .column("path", DataType.STRING).column("fetch_date", DataType.NAIVE_DATE).column("title", DataType.STRING)
                        .column("count", DataType.INT).column("uniques", DataType.INT));
    }

    static void update(Configuration configuration, State state) {
        List<String> repositories = repositories(configuration);
        Http github = Http.builder(configuration.get("base_url", "https://api.github.com"))
                .auth(Auth.bearer(configuration.require("personal_access_token")))
                .header("X-GitHub-Api-Version", "2022-11-28")
                .build();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (String repository : repositories) {
            try {
                sync(github, repository, today, state);
            } catch (HttpException e) {
                if (e.status() == 401) {
                    throw new IllegalStateException("GitHub refused the personal_access_token (401): check configuration 'personal_access_token'. "
                            + e.getMessage(), e);
                }
                if (e.status() == 403) {
                    // traffic needs push access; GitHub's rate limits (also 403) were retried by Http before this
                    Logging.warning("github_traffic: " + repository + " skipped: GitHub refused its traffic (403), the token needs push access"
                            + " to it (a fine-grained token: the Administration read permission). " + e.getMessage());
                    continue;
                }
                if (e.status() == 404) {
                    throw new IllegalStateException("GitHub has no repository " + repository + " that the token can see (404):"
                            + " check configuration 'repositories'. " + e.getMessage(), e);
                }
                throw e;
            }
            Operations.checkpoint(state);
        }
    }

    @SuppressWarnings("unchecked")
    static void sync(Http github, String repository, LocalDate today, State state) {
        String traffic = "/repos/" + repository + "/traffic";
        Map<String, Object> saved = state.get(repository) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        Map<String, Object> progress = new LinkedHashMap<>(saved);

        for (String kind : List.of("views", "clones")) {
            Instant since = saved.get(kind) == null ? Instant.EPOCH : Instant.parse((String) saved.get(kind));
            long written = 0;
            for (JsonNode day : github.get(traffic + "/" + kind, Map.of("per", "day")).path(kind)) {
                Instant timestamp = Instant.parse(day.path("timestamp").asText());
                if (timestamp.isBefore(since)) {
                    continue;   // a complete day synced already
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("repository", repository);
                row.put("timestamp", timestamp);
                row.put("count", day.path("count").asInt());
                row.put("uniques", day.path("uniques").asInt());
                Operations.upsert("repository_" + kind, row);
                progress.put(kind, timestamp.toString());
                written++;
            }
            Logging.info("github_traffic: " + repository + " " + kind + ", " + written + " days");
        }

        boolean sameDay = today.toString().equals(saved.get("fetch_date"));
        snapshot(github, repository, today, traffic + "/popular/referrers", "referrer", "repository_referrers",
                sameDay ? (List<String>) saved.getOrDefault("referrers", List.of()) : List.of(), progress);
        snapshot(github, repository, today, traffic + "/popular/paths", "path", "repository_paths",
                sameDay ? (List<String>) saved.getOrDefault("paths", List.of()) : List.of(), progress);
        progress.put("fetch_date", today.toString());
        state.put(repository, progress);
    }

    /** Today's top list upserted; an entry of today's earlier snapshot that is no longer in it, deleted. */
    private static void snapshot(Http github, String repository, LocalDate today, String path, String key, String table,
                                 List<String> earlierToday, Map<String, Object> progress) {
        List<String> keys = new ArrayList<>();
        for (JsonNode entry : github.get(path)) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("repository", repository);
            row.put(key, entry.path(key).asText());
            row.put("fetch_date", today);
            if (entry.has("title")) {
                row.put("title", entry.path("title").asText(null));
            }
            row.put("count", entry.path("count").asInt());
            row.put("uniques", entry.path("uniques").asInt());
            Operations.upsert(table, row);
            keys.add(entry.path(key).asText());
        }
        for (String gone : earlierToday) {
            if (!keys.contains(gone)) {
                Operations.delete(table, Map.of("repository", repository, key, gone, "fetch_date", today));
            }
        }
        progress.put(key + "s", keys);
    }

    static List<String> repositories(Configuration configuration) {
        List<String> repositories = configuration.getList("repositories");
        if (repositories.isEmpty()) {
            throw new IllegalArgumentException("configuration 'repositories' is required: owner/repo, comma-separated");
        }
        for (String repository : repositories) {
            if (!REPOSITORY.matcher(repository).matches()) {
                throw new IllegalArgumentException("configuration 'repositories': '" + repository + "' is not of the form owner/repo");
            }
        }
        return repositories.stream().distinct().toList();
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
