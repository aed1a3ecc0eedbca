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
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The documents of a collection of a Couchbase Capella bucket, read with the Couchbase Java SDK by SQL++ into table
 * airline_table, every document at every sync.
 *
 * A sync is one pass over the collection in document-key order, a page at a time: it begins by truncating the table,
 * then upserts each page and checkpoints it with the key of its last document, so that an interrupted pass resumes after
 * the last committed page rather than from the start. When the pass is done the state is emptied, and the next sync makes
 * a new pass: a document deleted in Couchbase is not read again, so its row stays marked deleted by the truncate.
 */
class connector {
    static final String TABLE = "airline_table";
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
        return List.of(Table.named(TABLE).primaryKey("id").column("id", DataType.INT));
    }

    static void update(Configuration configuration, State state) {
        try (Source source = CouchbaseSource.open(configuration)) {
            sync(source, configuration, state);
        }
    }

    /** One pass over the collection from {@code source}, or the rest of the pass an earlier sync left in state. */
    static void sync(Source source, Configuration configuration, State state) {
        String collection = collection(configuration);
        int pageSize = configuration.getInt("page_size", 1000);
        if (pageSize < 1) {
            throw new IllegalArgumentException("configuration value of 'page_size' must be at least 1");
        }
        String afterKey = state.getString("after_document_key", null);
        if (afterKey == null) {
            afterKey = "";
            // A new pass: every row not read again by its end is gone from the collection.
            Operations.truncate(TABLE);
        } else {
            Logging.info(TABLE + ": resuming the pass over collection " + collection + " after document " + afterKey);
        }
        String statement = statement(collection);

        long documents = 0;
        int pages = 0;
        while (true) {
            Map<String, Object> parameters = new LinkedHashMap<>();
            parameters.put("after_key", afterKey);
            parameters.put("page_size", pageSize);
            List<Map<String, Object>> rows = query(source, configuration, statement, parameters);
            pages++;
            for (Map<String, Object> row : rows) {
                Map<String, Object> document = new LinkedHashMap<>(row);
                afterKey = String.valueOf(document.remove("__document_key"));
                if (document.get("id") == null) {
                    Logging.warning(TABLE + ": document " + afterKey + " has no id field, the table's primary key; skipped");
                } else {
                    Operations.upsert(TABLE, document);
                }
                documents++;
            }
            if (rows.size() < pageSize) {
                break;
            }
            state.put("after_document_key", afterKey);
            Operations.checkpoint(state);
        }
        state.remove("after_document_key");
        Operations.checkpoint(state);
        Logging.info(TABLE + ": " + documents + (documents == 1 ? " document" : " documents") + " of collection " + collection
                + " read in " + pages + (pages == 1 ? " page" : " pages") + "; the pass is complete");
    }

    /** The page query: the documents after a key, in key order (Couchbase answers it from the primary index). */
    static String statement(String collection) {
        return "SELECT META(d).id AS __document_key, d.* FROM `" + collection + "` AS d"
                + " WHERE META(d).id > $after_key ORDER BY META(d).id LIMIT $page_size";
    }

    /** The options of every page query: the named parameters, read-only, without metrics (as upstream). */
    static QueryOptions queryOptions(Map<String, Object> namedParameters) {
        return QueryOptions.queryOptions().parameters(JsonObject.from(namedParameters)).readonly(true).metrics(false);
    }

    /** {@code couchbases://endpoint}: Capella accepts TLS connections only. */
    static String connectionString(Configuration configuration) {
        String endpoint = configuration.require("endpoint").trim();
        if (endpoint.startsWith("couchbases://")) {
            endpoint = endpoint.substring("couchbases://".length()); // as the Capella console shows it
        }
        if (endpoint.contains("://")) {
            throw new IllegalArgumentException("configuration key 'endpoint' must be the Capella host name (cb.<id>.cloud.couchbase.com),"
                    + " with couchbases:// or without a scheme");
        }
        return "couchbases://" + endpoint;
    }

    /**
     * The login, and the client's wan-development profile, as upstream: longer timeouts for a cluster reached over the
     * internet. The client trusts Capella's certificate authority by default.
     */
    static ClusterOptions clusterOptions(Configuration configuration) {
        return ClusterOptions.clusterOptions(configuration.require("username"), configuration.require("password"))
                .environment(environment -> environment.applyProfile("wan-development"));
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
            message = where + " did not answer in time; check the configuration key 'endpoint', and that this machine's address is"
                    + " allowed in the cluster's Capella settings";
        } else if (e instanceof IndexFailureException || e instanceof PlanningFailureException) {
            message = "Couchbase cannot run the query on " + keyspace + " (configuration keys 'bucket_name', 'scope' and 'collection');"
                    + " if the collection exists, create its primary index: CREATE PRIMARY INDEX ON `" + configuration.get("collection", "?") + "`";
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

        static CouchbaseSource open(Configuration configuration) {
            String bucketName = configuration.require("bucket_name");
            String scopeName = configuration.require("scope");
            collection(configuration);
            int wait = configuration.getInt("wait_until_ready_seconds", 10);
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
