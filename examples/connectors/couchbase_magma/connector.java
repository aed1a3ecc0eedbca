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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The documents of a collection of a self-managed Couchbase Server bucket (Magma storage), read with the Couchbase Java
 * SDK by SQL++ into table airline_table, incrementally on their created_at field.
 *
 * Each sync asks, a page at a time, for the documents after the (created_at, document key) position saved in state, in
 * that order, and checkpoints the page's rows with the position of its last document. created_at is compared as the
 * instant it names (STR_TO_MILLIS), not as text, so values written with other offsets sort by time; the document key
 * breaks ties, so documents of the same millisecond are neither skipped at a page boundary nor read twice.
 * The client wrapper, the page queries' options, the rows' unwrapping and the error messages are shared with
 * couchbase_capella in ../CouchbaseCollection.java.
 */
class connector {
    static final String TABLE = "airline_table";
    static final String DEFAULT_CURSOR = "1970-01-01T00:00:00Z";
    static final CouchbaseCollection.Advice ADVICE = new CouchbaseCollection.Advice(
            "the configuration keys 'endpoint' and 'use_tls', and that the cluster's ports are reachable from here",
            collection -> "create an index for it: CREATE INDEX ON `" + collection + "`(STR_TO_MILLIS(created_at), META().id)");

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named(TABLE).primaryKey("id")
                .column("id", DataType.INT)
                .column("created_at", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) {
        try (CouchbaseCollection.Source source = CouchbaseCollection.CouchbaseSource.open(configuration,
                connector::connectionString, connector::clusterOptions, 5, ADVICE)) {
            sync(source, configuration, state);
        }
    }

    /** Reads the documents after the position in state from {@code source}, a page at a time, each page checkpointed. */
    static void sync(CouchbaseCollection.Source source, Configuration configuration, State state) {
        String collection = CouchbaseCollection.collection(configuration);
        int pageSize = CouchbaseCollection.pageSize(configuration);
        long afterMillis = millis(state.getString("last_created_at", DEFAULT_CURSOR), "the state's last_created_at");
        String afterKey = state.getString("last_document_key", "");
        String start = Instant.ofEpochMilli(afterMillis) + (afterKey.isEmpty() ? "" : " (document " + afterKey + ")");
        String statement = statement(collection);

        long documents = 0;
        int pages = 0;
        while (true) {
            List<CouchbaseCollection.Document> page = CouchbaseCollection.page(source, configuration, ADVICE, statement,
                    Map.of("after_millis", afterMillis, "after_key", afterKey), pageSize);
            pages++;
            for (CouchbaseCollection.Document document : page) {
                Object createdAtMillis = document.fields().remove("__created_at_millis");
                if (!(createdAtMillis instanceof Number number)) {
                    throw new IllegalStateException("Couchbase returned document " + document.key() + " without its created_at position");
                }
                afterMillis = number.longValue();
                afterKey = document.key();
                document.fields().put("created_at", instant(document.fields().get("created_at"), afterMillis));
                CouchbaseCollection.upsert(TABLE, document);
                documents++;
            }
            if (!page.isEmpty() || pages == 1) {
                if (!page.isEmpty()) {
                    state.put("last_created_at", Instant.ofEpochMilli(afterMillis).toString());
                    state.put("last_document_key", afterKey);
                }
                Operations.checkpoint(state);
            }
            if (page.size() < pageSize) {
                break;
            }
        }
        Logging.info(TABLE + ": " + CouchbaseCollection.count(documents, "document") + " of collection " + collection
                + " created after " + start + " read in " + CouchbaseCollection.count(pages, "page")
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

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
