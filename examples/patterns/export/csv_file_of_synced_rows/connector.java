///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.sample.SampleSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;

/**
 * The rows of each sync also written to a CSV file with Jackson's CSV module, as they are synced (one row in
 * memory). For what the warehouse holds, use {@code jbang connector.java query --format csv "select ..."}.
 */
class connector {
    private static final SampleSource ORDERS = SampleSource.of("orders", Duration.ofMinutes(10));
    private static final CsvMapper CSV = CsvMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)       // Instant as 2024-01-01T00:00:00Z
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)         // columns in the record's order
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)   // createdAt as created_at
            .build();

    static void update(Configuration configuration, State state) throws IOException {
        long lastId = state.getLong("last_id", 0);
        long count = configuration.getLong("orders_per_sync", 5);
        Path csvFile = Path.of(configuration.get("csv_file", "files/orders.csv"));
        Files.createDirectories(csvFile.toAbsolutePath().getParent());
        try (SequenceWriter csv = CSV.writer(CSV.schemaFor(SampleSource.Record.class).withHeader()).writeValues(csvFile.toFile())) {
            for (Iterator<SampleSource.Record> orders = ORDERS.range(lastId + 1, count).iterator(); orders.hasNext(); ) {
                SampleSource.Record order = orders.next();
                Operations.upsert("orders", order);
                csv.write(order);
                state.put("last_id", order.id());
            }
        }
        Operations.checkpoint(state);
    }

    public static void main(String[] args) {
        new Connector(connector::update).run(args);
    }
}
