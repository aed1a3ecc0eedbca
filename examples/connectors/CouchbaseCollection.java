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
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the two Couchbase examples (couchbase_capella, couchbase_magma) share: the Couchbase Java SDK behind the
 * {@link Source} interface their syncs read, the configured collection and page size, the page queries' options, the
 * rows unwrapped into documents, and Couchbase's errors as a user should read them. Each example's connector.java has
 * its own connection (connection string, cluster options) and its own sync.
 */
final class CouchbaseCollection {
    private static final Pattern COLLECTION_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_%-]{0,250}");

    private CouchbaseCollection() {
    }

    /**
     * What a sync needs of Couchbase: one SQL++ statement run on the configured scope with named parameters, its rows
     * each a JSON object as a map. {@link CouchbaseSource} is the Couchbase Java SDK's.
     */
    interface Source extends AutoCloseable {
        List<Map<String, Object>> query(String statement, Map<String, Object> namedParameters);

        @Override
        void close();
    }

    /**
     * What an example tells the user, after "check ...", when the cluster does not answer ({@code timeout}), and after
     * "if the collection exists, ..." when Couchbase cannot plan the page query ({@code index}: of the collection's name,
     * the index to create).
     */
    record Advice(String timeout, Function<String, String> index) {
    }

    /** A row of a page query: the document's key (selected as {@code __document_key}) and its fields. */
    record Document(String key, Map<String, Object> fields) {
    }

    static String collection(Configuration configuration) {
        String collection = configuration.require("collection");
        if (!COLLECTION_NAME.matcher(collection).matches()) {
            throw new IllegalArgumentException("configuration key 'collection' is not a Couchbase collection name"
                    + " (letters, digits, _, - and %, not starting with _ or %)");
        }
        return collection;
    }

    static int pageSize(Configuration configuration) {
        int pageSize = configuration.getInt("page_size", 1000);
        if (pageSize < 1) {
            throw new IllegalArgumentException("configuration value of 'page_size' must be at least 1");
        }
        return pageSize;
    }

    /** The options of every page query: the named parameters, read-only, without metrics (as upstream). */
    static QueryOptions queryOptions(Map<String, Object> namedParameters) {
        return QueryOptions.queryOptions().parameters(JsonObject.from(namedParameters)).readonly(true).metrics(false);
    }

    /**
     * One page query on {@code source}: the statement with the position's named parameters and $page_size, its rows
     * as documents. A Couchbase error becomes {@link #failure}.
     */
    static List<Document> page(Source source, Configuration configuration, Advice advice, String statement,
            Map<String, Object> position, int pageSize) {
        Map<String, Object> parameters = new LinkedHashMap<>(position);
        parameters.put("page_size", pageSize);
        try {
            return source.query(statement, parameters).stream().map(CouchbaseCollection::document).toList();
        } catch (CouchbaseException e) {
            throw failure(e, configuration, advice);
        }
    }

    /** The row without its {@code __document_key}, which becomes the document's key. */
    private static Document document(Map<String, Object> row) {
        Map<String, Object> fields = new LinkedHashMap<>(row);
        return new Document(String.valueOf(fields.remove("__document_key")), fields);
    }

    /** Upserts the document into {@code table}, or skips it with a warning when it has no id, the table's primary key. */
    static void upsert(String table, Document document) {
        if (document.fields().get("id") == null) {
            Logging.warning(table + ": document " + document.key() + " has no id field, the table's primary key; skipped");
        } else {
            Operations.upsert(table, document.fields());
        }
    }

    /** "1 document", "2 documents". */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** A Couchbase error as a user should read it: what to check, by configuration key, and Couchbase's own message. */
    static RuntimeException failure(CouchbaseException e, Configuration configuration, Advice advice) {
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
            message = where + " did not answer in time; check " + advice.timeout();
        } else if (e instanceof IndexFailureException || e instanceof PlanningFailureException) {
            message = "Couchbase cannot run the query on " + keyspace + " (configuration keys 'bucket_name', 'scope' and 'collection');"
                    + " if the collection exists, " + advice.index().apply(configuration.get("collection", "?"));
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

    /** The Couchbase Java SDK: a cluster connection, the bucket waited for, and queries on the configured scope. */
    static final class CouchbaseSource implements Source {
        private final Cluster cluster;
        private final Scope scope;

        private CouchbaseSource(Cluster cluster, Scope scope) {
            this.cluster = cluster;
            this.scope = scope;
        }

        /**
         * Connects with the example's connection string and cluster options (read from the configuration after the
         * bucket, scope and collection keys are checked) and waits for the bucket, at most wait_until_ready_seconds.
         */
        static CouchbaseSource open(Configuration configuration, Function<Configuration, String> connectionString,
                Function<Configuration, ClusterOptions> clusterOptions, int defaultWaitSeconds, Advice advice) {
            String bucketName = configuration.require("bucket_name");
            String scopeName = configuration.require("scope");
            collection(configuration);
            int wait = configuration.getInt("wait_until_ready_seconds", defaultWaitSeconds);
            String connection = connectionString.apply(configuration);
            Cluster cluster = Cluster.connect(connection, clusterOptions.apply(configuration));
            try {
                Bucket bucket = cluster.bucket(bucketName);
                bucket.waitUntilReady(Duration.ofSeconds(wait));
                Logging.info("connected to bucket " + bucketName + " at " + connection);
                return new CouchbaseSource(cluster, bucket.scope(scopeName));
            } catch (CouchbaseException e) {
                cluster.disconnect();
                throw failure(e, configuration, advice);
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
}
