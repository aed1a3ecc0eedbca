///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS ../../../lib/s3.java

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.s3.S3Clients;
import fivetran.connector.sdk.s3.S3NewObjects;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * CSV files under a prefix of an S3 bucket, fetched in parallel: each new or changed file (one table per file name) is
 * read on a pool of {@code parallelism} threads, which upsert its rows themselves (Operations is safe from any thread).
 * The main thread waits for the files in (LastModified, key) order and checkpoints the cursor past a file only when
 * it and every file before it are done, so a failed sync resumes without a gap.
 */
class connector {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvMapper CSV = new CsvMapper();

    static List<Table> schema(Configuration configuration) {
        List<Table> tables = new ArrayList<>();
        primaryKeys(configuration).forEach((table, key) -> {
            Table declared = Table.named(table).primaryKey(key.toArray(String[]::new));
            key.forEach(column -> declared.column(column, DataType.STRING));
            tables.add(declared);
        });
        return tables;
    }

    static void update(Configuration configuration, State state) throws Exception {
        String bucket = configuration.require("bucket_name");
        String prefix = configuration.get("prefix", "");
        int parallelism = configuration.getInt("parallelism", 4);
        Map<String, List<String>> primaryKeys = primaryKeys(configuration);
        try (S3Client s3 = S3Clients.fromConfiguration(configuration)) {
            S3NewObjects cursor = S3NewObjects.list(s3, bucket, prefix, ".csv", state);
            List<S3Object> files = cursor.objects();
            Logging.info(files.size() + " new or changed CSV files under s3://" + bucket + "/" + prefix + ", " + parallelism + " at a time");
            AtomicInteger threads = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(parallelism, task -> new Thread(task, "s3-reader-" + threads.incrementAndGet()));
            List<Future<?>> reads = new ArrayList<>();
            int next = 0;
            try {
                for (S3Object file : files) {
                    reads.add(pool.submit(() -> read(s3, bucket, file, primaryKeys)));
                }
                while (next < files.size()) {
                    reads.get(next).get();                      // the oldest file not done yet; rethrows its failure
                    cursor.done(files.get(next++), state);
                    if (next == files.size() || !reads.get(next).isDone()) {
                        Operations.checkpoint(state);           // every file up to the cursor is done
                    }
                }
            } catch (ExecutionException e) {
                Operations.checkpoint(state);                   // the files before the failed one are done: keep them
                throw new IllegalStateException("reading s3://" + bucket + "/" + files.get(next).key() + " failed: "
                        + e.getCause().getMessage(), e.getCause());
            } finally {
                pool.shutdownNow();                             // after a failure: the other files stop, before the client closes
                pool.awaitTermination(1, TimeUnit.MINUTES);
            }
        }
    }

    /** One file, on a pool thread: its rows into the table named after it; a {...} value is parsed as JSON. */
    private static Long read(S3Client s3, String bucket, S3Object file, Map<String, List<String>> primaryKeys) throws Exception {
        String name = file.key().substring(file.key().lastIndexOf('/') + 1);
        String table = name.substring(0, name.length() - ".csv".length());
        if (!primaryKeys.containsKey(table)) {
            Logging.warning(table + " has no primary key in 'primary_keys': Fivetran keys its rows by a hash of all columns");
        }
        long rows = 0;
        try (InputStream body = s3.getObject(get -> get.bucket(bucket).key(file.key()));
             MappingIterator<Map<String, String>> records = CSV.readerForMapOf(String.class)
                     .with(CsvSchema.emptySchema().withHeader()).readValues(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            while (records.hasNextValue()) {
                Map<String, Object> row = new LinkedHashMap<>(records.nextValue());
                row.replaceAll((column, value) -> json(value));
                Operations.upsert(table, row);
                rows++;
            }
        }
        Logging.info("read " + file.key() + " into " + table + ": " + rows + " rows (" + Thread.currentThread().getName() + ")");
        return rows;
    }

    /** Upstream's rule: a value in braces that parses as JSON is a JSON object; anything else stays text. */
    private static Object json(Object value) {
        if (value instanceof String text && text.startsWith("{") && text.endsWith("}")) {
            try {
                return JSON.readTree(text);
            } catch (Exception e) {
                return text;
            }
        }
        return value;
    }

    /** {@code primary_keys}: a JSON object from table (file name without .csv) to its key column(s), comma-separated. */
    static Map<String, List<String>> primaryKeys(Configuration configuration) {
        Map<String, List<String>> keys = new TreeMap<>();
        if (configuration.get("primary_keys", null) != null) {
            for (Map.Entry<String, JsonNode> table : configuration.getJson("primary_keys").properties()) {
                keys.put(table.getKey(), Arrays.stream(table.getValue().asText().split(",")).map(String::strip)
                        .filter(column -> !column.isEmpty()).toList());
            }
        }
        return keys;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
