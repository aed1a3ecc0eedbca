///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS com.couchbase.client:java-client:3.12.2

import com.couchbase.client.core.error.AuthenticationFailureException;
import com.couchbase.client.core.error.BucketNotFoundException;
import com.couchbase.client.core.error.CouchbaseException;
import com.couchbase.client.core.error.IndexFailureException;
import com.couchbase.client.core.error.PlanningFailureException;
import com.couchbase.client.core.error.ScopeNotFoundException;
import com.couchbase.client.core.error.TimeoutException;
import com.couchbase.client.java.Bucket;
import com.couchbase.client.java.Cluster;
import com.couchbase.client.java.ClusterOptions;
import com.couchbase.client.java.Scope;
import com.couchbase.client.java.json.JsonObject;
import com.couchbase.client.java.query.QueryOptions;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The documents of a collection of a self-managed Couchbase Server bucket (Magma storage), read with the Couchbase Java
 * SDK by SQL++ into table airline_table, incrementally on their created_at field.
 *
 * Each sync asks, a page at a time, for the documents after the (created_at, document key) position saved in state, in
 * that order, and checkpoints the page's rows with the position of its last document. created_at is compared as the
 * instant it names (STR_TO_MILLIS), not as text, so values written with other offsets sort by time; the document key
 * breaks ties, so documents of the same millisecond are neither skipped at a page boundary nor read twice.
 */
class connector {
    static final String TABLE = "airline_table";
    static final String DEFAULT_CURSOR = "1970-01-01T00:00:00Z";
    private static final Pattern COLLECTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_%-]{0,250}");

    /**
     * What a sync needs of Couchbase: one SQL++ statement run on the configured scope with named parameters, its rows
     * each a JSON object as a map. {@link CouchbaseSource} is the Couchbase Java SDK's.
     */
    interface Source extends AutoCloseable {
        List<Map<String, Object>> query(String statement, Map<String, Object> namedParameters);

        @Override
        void close();
    }

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named(TABLE).primaryKey("id")
                .column("id", DataType.INT)
                .column("created_at", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) {
        try (Source source = CouchbaseSource.open(configuration)) {
            sync(source, configuration, state);
        }
    }

    /** Reads the documents after the position in state from {@code source}, a page at a time, each page checkpointed. */
    static void sync(Source source, Configuration configuration, State state) {
        String collection = collection(configuration);
        int pageSize = configuration.getInt("page_size", 1000);
        if (pageSize < 1) {
            throw new IllegalArgumentException("configuration value of 'page_size' must be at least 1");
        }
        long afterMillis = millis(state.getString("last_created_at", DEFAULT_CURSOR), "the state's last_created_at");
        String afterKey = state.getString("last_document_key", "");
        String start = Instant.ofEpochMilli(afterMillis) + (afterKey.isEmpty() ? "" : " (document " + afterKey + ")");
        String statement = statement(collection);

        long documents = 0;
        int pages = 0;
        while (true) {
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("after_millis", afterMillis);
            parameters.put("after_key", afterKey);
            parameters.put("page_size", pageSize);
            List<Map<String, Object>> rows = query(source, configuration, statement, parameters);
            pages++;
            for (Map<String, Object> row : rows) {
                Map<String, Object> document = new LinkedHashMap<>(row);
                String key = String.valueOf(document.remove("__document_key"));
                Object createdAtMillis = document.remove("__created_at_millis");
                if (!(createdAtMillis instanceof Number number)) {
                    throw new IllegalStateException("Couchbase returned document " + key + " without its created_at position");
                }
                afterMillis = number.longValue();
                afterKey = key;
                document.put("created_at", instant(document.get("created_at"), afterMillis));
                if (document.get("id") == null) {
                    Logging.warning(TABLE + ": document " + key + " has no id field, the table's primary key; skipped");
                } else {
                    Operations.upsert(TABLE, document);
                }
                documents++;
            }
            if (!rows.isEmpty() || pages == 1) {
                if (!rows.isEmpty()) {
                    state.put("last_created_at", Instant.ofEpochMilli(afterMillis).toString());
                    state.put("last_document_key", afterKey);
                }
                Operations.checkpoint(state);
            }
            if (rows.size() < pageSize) {
                break;
            }
        }
        Logging.info(TABLE + ": " + documents + (documents == 1 ? " document" : " documents") + " of collection " + collection
                + " created after " + start + " read in " + pages + (pages == 1 ? " page" : " pages")
                + "; position now " + state.getString("last_created_at", DEFAULT_CURSOR)
                + (state.containsKey("last_document_key") ? " (document " + state.getString("last_document_key", "") + ")" : ""));
    }

    /**
     * The page query. Documents whose created_at is missing or not an ISO-8601 date-time have no STR_TO_MILLIS and are
     * never read; an index on (STR_TO_MILLIS(created_at), META().id) lets Couchbase answer it without a primary scan.
     */
    static String statement(String collection) {
        String createdAt = "STR_TO_MILLIS(d.created_at)";
        return "SELECT META(d).id AS __document_key, " + createdAt + " AS __created_at_millis, d.*"
                + " FROM `" + collection + "` AS d"
                + " WHERE " + createdAt + " > $after_millis OR (" + createdAt + " = $after_millis AND META(d).id > $after_key)"
                + " ORDER BY " + createdAt + ", META(d).id"
                + " LIMIT $page_size";
    }

    /** The options of every page query: the named parameters, read-only, without metrics (as upstream). */
    static QueryOptions queryOptions(Map<String, Object> namedParameters) {
        return QueryOptions.queryOptions().parameters(JsonObject.from(namedParameters)).readonly(true).metrics(false);
    }

    /** {@code couchbase://endpoint}, or {@code couchbases://endpoint} when use_tls is true. */
    static String connectionString(Configuration configuration) {
        String endpoint = configuration.require("endpoint").trim();
        if (endpoint.contains("://")) {
            throw new IllegalArgumentException("configuration key 'endpoint' must be a host name, or host:port, without a scheme;"
                    + " the connector adds couchbase:// or couchbases:// (use_tls)");
        }
        return (useTls(configuration) ? "couchbases://" : "couchbase://") + endpoint;
    }

    /** The login, and with use_tls the server's certificate (cert_path) as the one trusted. */
    static ClusterOptions clusterOptions(Configuration configuration) {
        ClusterOptions options = ClusterOptions.clusterOptions(configuration.require("username"), configuration.require("password"));
        if (useTls(configuration)) {
            String certPath = configuration.get("cert_path", null);
            if (certPath == null) {
                throw new IllegalArgumentException("configuration key 'use_tls' is true, so 'cert_path' must name the server's certificate (a PEM file)");
            }
            Path certificate = Path.of(certPath);
            if (!Files.isReadable(certificate)) {
                throw new IllegalArgumentException("configuration key 'cert_path' names no readable file");
            }
            options.environment(environment -> environment.securityConfig(security -> security.enableTls(true).trustCertificate(certificate)));
        }
        return options;
    }

    private static boolean useTls(Configuration configuration) {
        return configuration.getBoolean("use_tls", false);
    }

    static String collection(Configuration configuration) {
        String collection = configuration.require("collection");
        if (!COLLECTION_NAME.matcher(collection).matches()) {
            throw new IllegalArgumentException("configuration key 'collection' is not a Couchbase collection name"
                    + " (letters, digits, _, - and %, not starting with _ or %)");
        }
        return collection;
    }

    private static List<Map<String, Object>> query(Source source, Configuration configuration, String statement, Map<String, Object> parameters) {
        try {
            return source.query(statement, parameters);
        } catch (CouchbaseException e) {
            throw failure(e, configuration);
        }
    }

    /** A Couchbase error as a user should read it: what to check, by configuration key, and Couchbase's own message. */
    static RuntimeException failure(CouchbaseException e, Configuration configuration) {
        String where = "Couchbase at " + configuration.get("endpoint", "?");
        String keyspace = "`" + configuration.get("bucket_name", "?") + "`.`" + configuration.get("scope", "?") + "`.`"
                + configuration.get("collection", "?") + "`";
        String message;
        if (e instanceof AuthenticationFailureException) {
            message = where + " refused the login; check the configuration keys 'username' and 'password'";
        } else if (e instanceof BucketNotFoundException) {
            message = "bucket " + configuration.get("bucket_name", "?") + " does not exist on " + where + " (configuration key 'bucket_name')";
        } else if (e instanceof ScopeNotFoundException) {
            message = "scope " + configuration.get("scope", "?") + " does not exist in the bucket (configuration key 'scope')";
        } else if (e instanceof TimeoutException) {
            message = where + " did not answer in time; check the configuration keys 'endpoint' and 'use_tls', and that the"
                    + " cluster's ports are reachable from here";
        } else if (e instanceof IndexFailureException || e instanceof PlanningFailureException) {
            message = "Couchbase cannot run the query on " + keyspace + " (configuration keys 'bucket_name', 'scope' and 'collection');"
                    + " if the collection exists, create an index for it: CREATE INDEX ON `" + configuration.get("collection", "?")
                    + "`(STR_TO_MILLIS(created_at), META().id)";
        } else {
            message = "the query on " + keyspace + " failed";
        }
        return new IllegalStateException(message + ": " + brief(e.getMessage()), e);
    }

    /** The client's message without the JSON context it appends (every endpoint's state, which can run to pages). */
    private static String brief(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        String line = end < 0 ? message : message.substring(0, end);
        int context = line.indexOf(" {\"");
        return context < 0 ? line : line.substring(0, context);
    }

    /** created_at as an instant: ISO-8601 with an offset, or without one as UTC (as upstream); else Couchbase's millis. */
    private static Instant instant(Object value, long millis) {
        if (value instanceof String text) {
            String iso = text.trim().replace(' ', 'T');
            try {
                return OffsetDateTime.parse(iso).toInstant();
            } catch (DateTimeParseException withoutOffset) {
                try {
                    return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    // STR_TO_MILLIS reads forms java.time does not (a date alone); Couchbase's reading is the cursor's.
                }
            }
        }
        return Instant.ofEpochMilli(millis);
    }

    private static long millis(String text, String what) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new IllegalStateException(what + " is not an ISO-8601 date-time: " + text);
            }
        }
    }

    /** The Couchbase Java SDK: a cluster connection, the bucket waited for, and queries on the configured scope. */
    static final class CouchbaseSource implements Source {
        private final Cluster cluster;
        private final Scope scope;

        private CouchbaseSource(Cluster cluster, Scope scope) {
            this.cluster = cluster;
            this.scope = scope;
        }

        static CouchbaseSource open(Configuration configuration) {
            String bucketName = configuration.require("bucket_name");
            String scopeName = configuration.require("scope");
            collection(configuration);
            int wait = configuration.getInt("wait_until_ready_seconds", 5);
            String connectionString = connectionString(configuration);
            Cluster cluster = Cluster.connect(connectionString, clusterOptions(configuration));
            try {
                Bucket bucket = cluster.bucket(bucketName);
                bucket.waitUntilReady(Duration.ofSeconds(wait));
                Logging.info("connected to bucket " + bucketName + " at " + connectionString);
                return new CouchbaseSource(cluster, bucket.scope(scopeName));
            } catch (CouchbaseException e) {
                cluster.disconnect();
                throw failure(e, configuration);
            } catch (RuntimeException e) {
                cluster.disconnect();
                throw e;
            }
        }

        @Override
        public List<Map<String, Object>> query(String statement, Map<String, Object> namedParameters) {
            return scope.query(statement, queryOptions(namedParameters)).rowsAsObject().stream().map(JsonObject::toMap).toList();
        }

        @Override
        public void close() {
            cluster.disconnect();
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
