///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS org.neo4j.driver:neo4j-java-driver:5.28.5
// 5.28.5 is the last driver on Netty 4.1, the line the Neo4j 5.26 server (and so the test's in-process server) runs
// on; from 5.28.7 the driver needs Netty 4.2.

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Value;

/**
 * A Twitter-like Neo4j graph (the shape of Neo4j's Twitter sample) as two tables:
 * - user: one row per (:User) node, keyed by its screen_name;
 * - tweet_hashtag: one row per (:Tweet)-[:TAGS]->(:Hashtag) pair, keyed by (tweet id, hashtag name).
 * Each table is read in pages of batch_size rows, in key order, each page starting after the last key of the one
 * before (keyset paging), and checkpointed per page with that key in state.
 * With updated_at_property set, pages are ordered by that node property first (the tweet's for tweet_hashtag) and
 * the position is kept between syncs: each sync reads only the nodes changed since the last one. Without it, every
 * sync is a full pass. A pass from the beginning (every full sync, the first incremental one) starts with a truncate,
 * so that the rows it does not read again, of users and tags gone from the graph, are marked deleted.
 */
class connector {
    /** Cypher property names are quoted into the queries, so only plain identifiers are accepted. */
    private static final Pattern PROPERTY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** What a table is read from: a MATCH pattern, its columns (name to Cypher expression), its key columns. */
    private record Source(String table, String match, String changedNode, Map<String, String> columns, List<String> keys) {
    }

    private static final Source USERS = new Source("user", "(u:User)", "u", columns(
            "username", "u.screen_name",
            "name", "u.name",
            "followers_count", "u.followers",
            "following_count", "u.following",
            "location", "u.location",
            "profile_image_url", "u.profile_image_url",
            "url", "u.url",
            "betweenness", "u.betweenness"), List.of("username"));

    private static final Source TWEET_HASHTAGS = new Source("tweet_hashtag", "(t:Tweet)-[:TAGS]->(h:Hashtag)", "t", columns(
            "tweet_id", "t.id",
            "hashtag_name", "h.name"), List.of("tweet_id", "hashtag_name"));

    static List<Table> schema(Configuration configuration) {
        return List.of(
                Table.named("user").primaryKey("username")
                        .column("username", DataType.STRING)
                        .column("name", DataType.STRING)
                        .column("followers_count", DataType.LONG)
                        .column("following_count", DataType.LONG)
                        .column("location", DataType.STRING)
                        .column("profile_image_url", DataType.STRING)
                        .column("url", DataType.STRING)
                        .column("betweenness", DataType.DOUBLE),
                // The tweet's id is a number in the sample graph, a string in others: STRING holds both.
                Table.named("tweet_hashtag").primaryKey("tweet_id", "hashtag_name")
                        .column("tweet_id", DataType.STRING)
                        .column("hashtag_name", DataType.STRING));
    }

    static void update(Configuration configuration, State state) {
        String property = configuration.get("updated_at_property", "").trim();
        if (!property.isEmpty() && (!PROPERTY.matcher(property).matches()
                || USERS.columns().containsKey(property) || TWEET_HASHTAGS.columns().containsKey(property))) {
            throw new IllegalArgumentException("updated_at_property must be a plain property name (letters, digits, _) other than"
                    + " the tables' column names; got '" + property + "'");
        }
        int batchSize = configuration.getInt("batch_size", 500);
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch_size must be at least 1; got " + batchSize);
        }
        String database = configuration.get("database", "").trim();
        SessionConfig.Builder session = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ);
        if (!database.isEmpty()) {
            session.withDatabase(database);
        }
        try (Driver driver = GraphDatabase.driver(configuration.require("neo4j_uri"),
                AuthTokens.basic(configuration.require("username"), configuration.require("password")))) {
            driver.verifyConnectivity();
            try (Session neo4j = driver.session(session.build())) {
                sync(neo4j, USERS, property, batchSize, state);
                sync(neo4j, TWEET_HASHTAGS, property, batchSize, state);
            }
        }
    }

    /** Reads one table page by page from the position in state, checkpointing the position after each page. */
    private static void sync(Session neo4j, Source source, String property, int batchSize, State state) {
        List<String> sortColumns = new ArrayList<>();
        if (!property.isEmpty()) {
            sortColumns.add(property);
        }
        sortColumns.addAll(source.keys());
        Map<String, String> expressions = new LinkedHashMap<>(source.columns());
        if (!property.isEmpty()) {
            expressions.put(property, source.changedNode() + ".`" + property + "`");
        }

        Map<String, Object> position = position(state.get(source.table()), sortColumns);
        if (position == null) {
            if (state.containsKey(source.table())) {
                Logging.info(source.table() + ": the position in state does not fit the configuration; reading it all again");
            }
            // A pass from the beginning: what it does not read again is gone from the graph.
            Operations.truncate(source.table());
            if (!property.isEmpty()) {
                warnAboutNodesWithoutProperty(neo4j, source, property);
            }
        }

        long rows = 0;
        int pages = 0;
        while (true) {
            String query = query(source, expressions, sortColumns, position != null);
            Map<String, Object> parameters = new HashMap<>();
            parameters.put("limit", batchSize);
            if (position != null) {
                for (int i = 0; i < sortColumns.size(); i++) {
                    parameters.put("after" + i, position.get(sortColumns.get(i)));
                }
            }
            List<Record> page = neo4j.executeRead(tx -> tx.run(query, parameters).list());
            for (Record record : page) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (String column : expressions.keySet()) {
                    row.put(column, plain(record.get(column)));
                }
                Operations.upsert(source.table(), row);
            }
            rows += page.size();
            pages++;
            if (!page.isEmpty()) {
                Record last = page.get(page.size() - 1);
                position = new LinkedHashMap<>();
                Map<String, Object> saved = new LinkedHashMap<>();
                for (String column : sortColumns) {
                    Value value = last.get(column);
                    position.put(column, value.asObject());
                    saved.put(column, cursorJson(source.table(), column, value));
                }
                state.put(source.table(), saved);
            }
            if (page.size() < batchSize) {
                break;
            }
            Operations.checkpoint(state);
        }
        if (property.isEmpty()) {
            // A full pass is done: the next sync starts another one from the beginning.
            state.remove(source.table());
        }
        Operations.checkpoint(state);
        Logging.info(source.table() + ": " + rows + " rows read in " + pages + (pages == 1 ? " page" : " pages")
                + (property.isEmpty() ? " (full pass)" : " changed since the last sync"));
    }

    /**
     * MATCH ... WHERE (keys and the updated-at property present) [AND after the position] RETURN DISTINCT ...
     * ORDER BY the sort columns LIMIT $limit. The position test is lexicographic, with the first sort column also as a
     * range (first >= $after0) that an index on it can serve.
     */
    private static String query(Source source, Map<String, String> expressions, List<String> sortColumns, boolean afterPosition) {
        List<String> conditions = new ArrayList<>();
        for (String column : sortColumns) {
            conditions.add(expressions.get(column) + " IS NOT NULL");
        }
        if (afterPosition) {
            List<String> alternatives = new ArrayList<>();
            for (int i = 0; i < sortColumns.size(); i++) {
                List<String> terms = new ArrayList<>();
                for (int j = 0; j < i; j++) {
                    terms.add(expressions.get(sortColumns.get(j)) + " = $after" + j);
                }
                terms.add(expressions.get(sortColumns.get(i)) + " > $after" + i);
                alternatives.add("(" + String.join(" AND ", terms) + ")");
            }
            conditions.add(expressions.get(sortColumns.get(0)) + " >= $after0");
            conditions.add("(" + String.join(" OR ", alternatives) + ")");
        }
        List<String> returns = new ArrayList<>();
        expressions.forEach((column, expression) -> returns.add(expression + " AS `" + column + "`"));
        List<String> order = sortColumns.stream().map(column -> "`" + column + "`").toList();
        return "MATCH " + source.match() + " WHERE " + String.join(" AND ", conditions)
                + " RETURN DISTINCT " + String.join(", ", returns)
                + " ORDER BY " + String.join(", ", order) + " LIMIT $limit";
    }

    private static void warnAboutNodesWithoutProperty(Session neo4j, Source source, String property) {
        String pattern = source.match().substring(0, source.match().indexOf(')') + 1);
        String query = "MATCH " + pattern + " WHERE " + source.changedNode() + ".`" + property + "` IS NULL RETURN count(*) AS missing";
        long missing = neo4j.executeRead(tx -> tx.run(query).single().get("missing").asLong());
        if (missing > 0) {
            Logging.warning(source.table() + ": " + missing + " " + pattern + " nodes have no " + property
                    + " property; incremental syncs cannot see them, so they are not synced");
        }
    }

    /**
     * A value of a sort column as state JSON: strings, integers, floats and booleans as they are; temporal values,
     * which JSON lacks, as {"DATE_TIME": "2024-01-02T10:30Z"} (the driver's type name and the ISO text), so that the
     * next sync binds a value of the property's own type (Neo4j compares values of different types as null).
     */
    private static Object cursorJson(String table, String column, Value value) {
        return switch (value.type().name()) {
            case "STRING", "INTEGER", "FLOAT", "BOOLEAN" -> value.asObject();
            case "DATE_TIME", "LOCAL_DATE_TIME", "DATE" -> Map.of(value.type().name(), value.asObject().toString());
            default -> throw new IllegalStateException(table + "." + column + ": a " + value.type().name()
                    + " value cannot be a sync position; use a string, number or date/datetime property");
        };
    }

    /** The position saved in state, as driver values in sort-column order, or null when there is none or it does not fit. */
    private static Map<String, Object> position(Object saved, List<String> sortColumns) {
        if (!(saved instanceof Map<?, ?> map) || !map.keySet().equals(Set.copyOf(sortColumns))) {
            return null;
        }
        Map<String, Object> position = new LinkedHashMap<>();
        for (String column : sortColumns) {
            Object value = map.get(column);
            if (value instanceof Map<?, ?> typed && typed.size() == 1) {
                var entry = typed.entrySet().iterator().next();
                String text = String.valueOf(entry.getValue());
                value = switch (String.valueOf(entry.getKey())) {
                    case "DATE_TIME" -> ZonedDateTime.parse(text);
                    case "LOCAL_DATE_TIME" -> LocalDateTime.parse(text);
                    case "DATE" -> LocalDate.parse(text);
                    default -> throw new IllegalStateException("unknown position type in state: " + entry.getKey());
                };
            } else if (value instanceof Integer number) {
                value = number.longValue();
            } else if (value == null) {
                return null;
            }
            position.put(column, value);
        }
        return position;
    }

    /** A property value as a value the SDK takes: durations, points and times of day as their text. */
    private static Object plain(Value value) {
        return switch (value.type().name()) {
            case "NULL" -> null;
            case "DURATION", "POINT", "TIME", "LOCAL_TIME" -> value.toString();
            case "LIST" -> value.asList(connector::plain);
            default -> value.asObject();
        };
    }

    private static Map<String, String> columns(String... namesAndExpressions) {
        Map<String, String> columns = new LinkedHashMap<>();
        for (int i = 0; i < namesAndExpressions.length; i += 2) {
            columns.put(namesAndExpressions[i], namesAndExpressions[i + 1]);
        }
        return columns;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
