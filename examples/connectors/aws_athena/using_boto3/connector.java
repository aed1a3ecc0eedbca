///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java
//DEPS software.amazon.awssdk:athena:2.57.8

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.AsyncJob;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.AthenaClientBuilder;
import software.amazon.awssdk.services.athena.model.AthenaException;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.QueryExecutionStatus;
import software.amazon.awssdk.services.athena.model.Row;
import software.amazon.awssdk.services.athena.model.StartQueryExecutionRequest;

/**
 * The rows of an Athena table into {@code customers}, with the AWS SDK for Java v2's Athena client: StartQueryExecution,
 * GetQueryExecution polled until the query is done ({@link AsyncJob}), then GetQueryResults page by page (NextToken).
 * Values are converted by the result's column types. With {@code cursor_column} set, each sync reads only the rows at
 * or after the largest value the last one saw, in that column's order, checkpointing after each page; without it, each
 * sync reads the whole table and rows that are no longer there are marked deleted.
 */
class connector {
    static final String TABLE = "customers";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<String> AUTH_ERRORS = Set.of("UnrecognizedClientException", "InvalidSignatureException",
            "AccessDeniedException", "ExpiredTokenException", "InvalidClientTokenId", "SignatureDoesNotMatch");
    /** Athena's text for a timestamp: {@code 2024-03-01 10:00:00.000} (fraction optional). */
    private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter();

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named(TABLE).primaryKey("customer_id").column("customer_id", DataType.STRING));
    }

    static void update(Configuration configuration, State state) {
        String database = identifier(configuration, "database_name", null);
        String table = identifier(configuration, "table_name", "test_rows");
        String cursorColumn = configuration.get("cursor_column", null) == null ? null : identifier(configuration, "cursor_column", null);
        int pageSize = configuration.getInt("page_size", 1000);
        if (pageSize < 1 || pageSize > 1000) {
            throw new IllegalArgumentException("configuration 'page_size' must be between 1 and 1000 (GetQueryResults' MaxResults)");
        }
        Duration poll = Duration.ofMillis(Math.round(configuration.getDouble("poll_interval_seconds", 5) * 1000));
        if (poll.isZero() || poll.isNegative()) {
            throw new IllegalArgumentException("configuration 'poll_interval_seconds' must be positive");
        }
        Duration timeout = Duration.ofMinutes(configuration.getLong("query_timeout_minutes", 60));

        String cursor = cursorColumn == null ? null : state.getString("cursor", null);
        String sql = "SELECT * FROM \"" + table + "\"";
        if (cursor != null) {
            // >= rather than >: rows that share the last value may have been added since; upserting one again is harmless
            sql += " WHERE \"" + cursorColumn + "\" >= " + literal(cursor, state.getString("cursor_type", "varchar"));
        }
        if (cursorColumn != null) {
            sql += " ORDER BY \"" + cursorColumn + "\"";
        }

        try (AthenaClient athena = client(configuration)) {
            StartQueryExecutionRequest.Builder start = StartQueryExecutionRequest.builder().queryString(sql)
                    .queryExecutionContext(context -> context.database(database));
            String staging = configuration.get("s3_staging_dir", null);
            String workgroup = configuration.get("workgroup", null);
            if (staging == null && workgroup == null) {
                throw new IllegalArgumentException("configuration is missing required key 's3_staging_dir' (or a 'workgroup' with an output location)");
            }
            if (staging != null) {
                start.resultConfiguration(result -> result.outputLocation(staging));
            }
            if (workgroup != null) {
                start.workGroup(workgroup);
            }
            String id = call("StartQueryExecution", () -> athena.startQueryExecution(start.build())).queryExecutionId();
            Logging.info("Athena query " + id + " started: " + (cursor == null ? "all rows" : "rows from the cursor on"));

            AsyncJob.every(poll).timeout(timeout).await("Athena query " + id,
                    () -> call("GetQueryExecution", () -> athena.getQueryExecution(request -> request.queryExecutionId(id))).queryExecution().status(),
                    connector::status);

            if (cursorColumn == null) {
                Operations.truncate(TABLE);   // a full read: what is not read again is marked deleted
            }
            String nextToken = null;
            boolean firstPage = true;
            long rows = 0;
            do {
                GetQueryResultsRequest.Builder page = GetQueryResultsRequest.builder().queryExecutionId(id).maxResults(pageSize);
                if (nextToken != null) {
                    page.nextToken(nextToken);
                }
                GetQueryResultsResponse results = call("GetQueryResults", () -> athena.getQueryResults(page.build()));
                List<ColumnInfo> columns = results.resultSet().resultSetMetadata().columnInfo();
                List<Row> data = results.resultSet().rows();
                // a SELECT's column names come as the first row of the first page only
                int from = firstPage && !data.isEmpty() && isHeader(data.get(0), columns) ? 1 : 0;
                for (Row row : data.subList(from, data.size())) {
                    Map<String, Object> values = row(row, columns);
                    if (values.get("customer_id") == null) {
                        throw new IllegalStateException("Athena query " + id + ": a row without customer_id, the primary key of " + TABLE);
                    }
                    Operations.upsert(TABLE, values);
                    if (cursorColumn != null) {
                        advance(state, row, columns, cursorColumn);
                    }
                    rows++;
                }
                if (cursorColumn != null) {
                    Operations.checkpoint(state);
                }
                firstPage = false;
                nextToken = results.nextToken();
            } while (nextToken != null);
            if (cursorColumn == null) {
                Operations.checkpoint(state);   // the truncate and every row in one commit
            }
            Logging.info("Athena query " + id + ": " + rows + " rows synced");
        }
    }

    static AthenaClient client(Configuration configuration) {
        AthenaClientBuilder builder = AthenaClient.builder().region(Region.of(configuration.require("region_name")))
                .credentialsProvider(credentials(configuration));
        String endpoint = configuration.get("endpoint_url", null);
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));   // a VPC endpoint, a FIPS endpoint
        }
        return builder.build();
    }

    /** The keys of the configuration, with a session token for temporary credentials; without keys, AWS's default chain. */
    private static AwsCredentialsProvider credentials(Configuration configuration) {
        String accessKey = configuration.get("aws_access_key_id", null);
        if (accessKey == null) {
            return DefaultCredentialsProvider.builder().build();
        }
        String secret = configuration.require("aws_secret_access_key");
        String session = configuration.get("aws_session_token", null);
        return StaticCredentialsProvider.create(session == null ? AwsBasicCredentials.create(accessKey, secret)
                : AwsSessionCredentials.create(accessKey, secret, session));
    }

    /** An Athena call; a refusal of the credentials is named as such. */
    private static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (AthenaException e) {
            String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? e.getMessage() + body(e)
                    : e.awsErrorDetails().errorMessage();
            if (code != null && AUTH_ERRORS.contains(code)) {
                throw new IllegalStateException("Athena refused the credentials (" + operation + ": " + code + ": " + message
                        + "); check aws_access_key_id, aws_secret_access_key and aws_session_token, and that the user may run Athena queries", e);
            }
            throw new IllegalStateException("Athena " + operation + " failed: " + (code == null ? "" : code + ": ") + message, e);
        }
    }

    /** The start of an error answer that has no message (not Athena's JSON: a proxy's page). */
    private static String body(AthenaException e) {
        if (e.awsErrorDetails() == null || e.awsErrorDetails().rawResponse() == null) {
            return "";
        }
        String text = e.awsErrorDetails().rawResponse().asUtf8String().replaceAll("\\s+", " ").strip();
        return text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }

    private static AsyncJob.Status status(QueryExecutionStatus status) {
        return switch (status.stateAsString()) {
            case "SUCCEEDED" -> AsyncJob.Status.SUCCEEDED;
            case "FAILED", "CANCELLED" -> AsyncJob.Status.FAILED;
            default -> AsyncJob.Status.RUNNING;   // QUEUED, RUNNING
        };
    }

    private static boolean isHeader(Row row, List<ColumnInfo> columns) {
        if (row.data().size() != columns.size()) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            if (!columns.get(i).name().equals(row.data().get(i).varCharValue())) {
                return false;
            }
        }
        return true;
    }

    /** A result row by column name, each value converted by its column's Athena type; a missing value is null. */
    static Map<String, Object> row(Row row, List<ColumnInfo> columns) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            Datum datum = i < row.data().size() ? row.data().get(i) : null;
            values.put(columns.get(i).name(), datum == null ? null : value(datum.varCharValue(), columns.get(i).type()));
        }
        return values;
    }

    /** Athena returns every value as text; its column type says what it is. Complex types (array, map, row) stay text. */
    static Object value(String text, String type) {
        if (text == null) {
            return null;
        }
        String base = type.toLowerCase(Locale.ROOT).replaceAll("\\(.*", "").strip();
        return switch (base) {
            case "boolean" -> Boolean.parseBoolean(text);
            case "tinyint", "smallint", "integer", "int" -> Integer.parseInt(text);
            case "bigint" -> Long.parseLong(text);
            case "double", "float", "real" -> Double.parseDouble(text);
            case "decimal" -> new BigDecimal(text);
            case "date" -> LocalDate.parse(text);
            case "timestamp" -> LocalDateTime.parse(text, TIMESTAMP);
            default -> text;
        };
    }

    /** The cursor: the cursor column's value of the row (rows come in its order), with its type for the next query's literal. */
    private static void advance(State state, Row row, List<ColumnInfo> columns, String cursorColumn) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(cursorColumn)) {
                String value = i < row.data().size() ? row.data().get(i).varCharValue() : null;
                if (value != null) {
                    state.put("cursor", value);
                    state.put("cursor_type", columns.get(i).type().toLowerCase(Locale.ROOT));
                }
                return;
            }
        }
        throw new IllegalStateException("configuration 'cursor_column': the query's result has no column " + cursorColumn);
    }

    /** The saved cursor as a SQL literal of its column's type. */
    static String literal(String value, String type) {
        String base = type.replaceAll("\\(.*", "").strip();
        return switch (base) {
            case "tinyint", "smallint", "integer", "int", "bigint", "double", "float", "real", "decimal" -> new BigDecimal(value).toPlainString();
            case "date" -> "DATE '" + LocalDate.parse(value) + "'";
            case "timestamp" -> {
                LocalDateTime.parse(value, TIMESTAMP);   // a saved cursor that is not a timestamp fails here, not in Athena's SQL
                yield "TIMESTAMP '" + value + "'";       // as Athena wrote it, with its fraction
            }
            default -> "'" + value.replace("'", "''") + "'";
        };
    }

    private static String identifier(Configuration configuration, String key, String fallback) {
        String value = fallback == null ? configuration.require(key) : configuration.get(key, fallback);
        if (!IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException("configuration '" + key + "' must be a plain Athena name (letters, digits, underscores)");
        }
        return value;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
