///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.auth.Auth;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A CSV export that an API returns: {@code GET /export/csv?updated_since=...} answers {@code text/csv} with a header
 * line ({@link Http#getText}: the SDK's retries, auth and record/replay), read through Jackson's CSV module into a
 * record with declared types, a row at a time. Incremental: the
 * largest {@code updatedAt} read is the next sync's {@code updated_since}, saved once the export has been read whole
 * (an export is not sorted, so a cursor taken half-way could skip rows); the rows read before are committed every
 * {@code batch_size} rows with the cursor unchanged.
 */
class connector {
    /** One line of the export, by header name; types as declared in {@link #schema}. Other columns are ignored. */
    record User(Long id, String name, String email, String address, String company, String job, Instant createdAt, Instant updatedAt) {
    }

    private static final CsvMapper CSV = CsvMapper.builder()
            .addModule(new JavaTimeModule())                                   // Instant from 2024-01-02T10:00:00Z
            .enable(CsvParser.Feature.EMPTY_STRING_AS_NULL)                    // an empty field is null, not ""
            .enable(CsvParser.Feature.TRIM_SPACES)                             // spaces around an unquoted field are dropped
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)       // a column the API adds does not stop the sync
            .build();
    private static final ObjectReader USERS = CSV.readerFor(User.class).with(CsvSchema.emptySchema().withHeader());

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("user").primaryKey("id")
                .column("id", DataType.LONG).column("name", DataType.STRING).column("email", DataType.STRING)
                .column("address", DataType.STRING).column("company", DataType.STRING).column("job", DataType.STRING)
                .column("createdAt", DataType.UTC_DATETIME).column("updatedAt", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) throws IOException {
        String since = state.getString("updated_since", configuration.get("initial_timestamp", "1970-01-01T00:00:00Z"));
        Instant cursor = Instant.parse(since);
        int batchSize = configuration.getInt("batch_size", 1_000);
        String key = configuration.get("api_key", "");
        Http api = Http.builder(configuration.require("base_url")).timeout(Duration.ofMinutes(10))
                .auth(key.isEmpty() ? null : Auth.bearer(key)).build();
        long rows = 0;
        Instant newest = cursor;
        try (MappingIterator<User> users = USERS.readValues(api.getText("/export/csv", Map.of("updated_since", since), "text/csv"))) {
            while (users.hasNextValue()) {
                User user = read(users);
                Operations.upsert("user", user);
                if (user.updatedAt().isAfter(newest)) {
                    newest = user.updatedAt();
                }
                if (++rows % batchSize == 0) {
                    Operations.checkpoint(state);   // commits the rows so far; the cursor moves only at the end
                }
            }
        }
        state.put("updated_since", newest.toString());
        Operations.checkpoint(state);
        Logging.info("export/csv: " + rows + " rows updated since " + since + (rows == 0 ? "" : "; next from " + newest));
    }

    /** The next line as a User, or a failure that names the line (1 is the header). */
    private static User read(MappingIterator<User> users) {
        long line = users.getCurrentLocation().getLineNr();
        User user;
        try {
            user = users.nextValue();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("export/csv, line " + line + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (user.id() == null || user.updatedAt() == null) {
            throw new IllegalStateException("export/csv, line " + line + ": id and updatedAt are required, got " + user);
        }
        return user;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
