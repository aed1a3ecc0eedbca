///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS com.couchbase.client:java-client:3.12.2
//SOURCES ../CouchbaseCollection.java

import com.couchbase.client.java.ClusterOptions;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.util.List;
import java.util.Map;

/**
 * The documents of a collection of a Couchbase Capella bucket, read with the Couchbase Java SDK by SQL++ into table
 * airline_table, every document at every sync.
 *
 * A sync is one pass over the collection in document-key order, a page at a time: it begins by truncating the table,
 * then upserts each page and checkpoints it with the key of its last document, so that an interrupted pass resumes after
 * the last committed page rather than from the start. When the pass is done the state is emptied, and the next sync makes
 * a new pass: a document deleted in Couchbase is not read again, so its row stays marked deleted by the truncate.
 * The client wrapper, the page queries' options, the rows' unwrapping and the error messages are shared with
 * couchbase_magma in ../CouchbaseCollection.java.
 */
class connector {
    static final String TABLE = "airline_table";
    static final CouchbaseCollection.Advice ADVICE = new CouchbaseCollection.Advice(
            "the configuration key 'endpoint', and that this machine's address is allowed in the cluster's Capella settings",
            collection -> "create its primary index: CREATE PRIMARY INDEX ON `" + collection + "`");

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named(TABLE).primaryKey("id").column("id", DataType.INT));
    }

    static void update(Configuration configuration, State state) {
        try (CouchbaseCollection.Source source = CouchbaseCollection.CouchbaseSource.open(configuration,
                connector::connectionString, connector::clusterOptions, 10, ADVICE)) {
            sync(source, configuration, state);
        }
    }

    /** One pass over the collection from {@code source}, or the rest of the pass an earlier sync left in state. */
    static void sync(CouchbaseCollection.Source source, Configuration configuration, State state) {
        String collection = CouchbaseCollection.collection(configuration);
        int pageSize = CouchbaseCollection.pageSize(configuration);
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
            List<CouchbaseCollection.Document> page = CouchbaseCollection.page(source, configuration, ADVICE, statement,
                    Map.of("after_key", afterKey), pageSize);
            pages++;
            for (CouchbaseCollection.Document document : page) {
                afterKey = document.key();
                CouchbaseCollection.upsert(TABLE, document);
                documents++;
            }
            if (page.size() < pageSize) {
                break;
            }
            state.put("after_document_key", afterKey);
            Operations.checkpoint(state);
        }
        state.remove("after_document_key");
        Operations.checkpoint(state);
        Logging.info(TABLE + ": " + CouchbaseCollection.count(documents, "document") + " of collection " + collection
                + " read in " + CouchbaseCollection.count(pages, "page") + "; the pass is complete");
    }

    /** The page query: the documents after a key, in key order (Couchbase answers it from the primary index). */
    static String statement(String collection) {
        return "SELECT META(d).id AS __document_key, d.* FROM `" + collection + "` AS d"
                + " WHERE META(d).id > $after_key ORDER BY META(d).id LIMIT $page_size";
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

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
