///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS software.amazon.awssdk:bom:2.57.8@pom
//DEPS software.amazon.awssdk:dynamodb
//DEPS software.amazon.awssdk:sts

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.StsClientBuilder;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.StsException;

/**
 * Every DynamoDB table of an account and region (or those named in TABLES), read with an IAM role: the configured
 * access keys only call STS AssumeRole (session name sdkSession), and the role's temporary credentials, refreshed
 * before they expire, sign the DynamoDB calls. Each sync is a full copy: a parallel Scan of each table (TOTAL_SEGMENTS
 * segments, a thread each up to 16, each paged by LastEvaluatedKey), after a truncate, so that items gone from DynamoDB end up
 * marked deleted, with one checkpoint per table. The state stays empty.
 */
class connector {
    /** The session name upstream gives AssumeRole; it shows in CloudTrail and in the assumed role's ARN. */
    static final String SESSION_NAME = "sdkSession";
    private static final int DEFAULT_SEGMENTS = 4;
    /** Segments beyond this many are scanned as threads come free. */
    private static final int MAX_THREADS = 16;
    private static final int DEFAULT_PAGE_SIZE = 1000;
    private static final int DECIMALS = 9;

    static List<Table> schema(Configuration configuration) {
        try (Aws aws = Aws.connect(configuration)) {
            List<Table> tables = new ArrayList<>();
            for (TableDescription description : tables(aws.dynamo(), configuration)) {
                tables.add(table(description));
            }
            return tables;
        }
    }

    static void update(Configuration configuration, State state) throws Exception {
        int segments = positive(configuration, "TOTAL_SEGMENTS", DEFAULT_SEGMENTS);
        int pageSize = positive(configuration, "SCAN_PAGE_SIZE", DEFAULT_PAGE_SIZE);
        boolean consistentRead = configuration.getBoolean("CONSISTENT_READ", true);
        try (Aws aws = Aws.connect(configuration)) {
            List<TableDescription> tables = tables(aws.dynamo(), configuration);
            Logging.info(tables.size() + " DynamoDB tables to sync");
            for (TableDescription table : tables) {
                scan(aws.dynamo(), table, segments, pageSize, consistentRead);
                Operations.checkpoint(state);
            }
        }
    }

    /** The table with its key (hash, then range attribute), the key columns typed by their attribute definitions. */
    static Table table(TableDescription description) {
        List<String> key = description.keySchema().stream().map(KeySchemaElement::attributeName).toList();
        Table table = Table.named(description.tableName()).primaryKey(key.toArray(String[]::new));
        for (AttributeDefinition attribute : description.attributeDefinitions()) {
            if (key.contains(attribute.attributeName())) {
                switch (attribute.attributeTypeAsString()) {
                    case "S" -> table.column(attribute.attributeName(), DataType.STRING);
                    case "B" -> table.column(attribute.attributeName(), DataType.BINARY);
                    // N: typed by its values, LONG or DECIMAL(38,9) (see number())
                    default -> {
                    }
                }
            }
        }
        return table;
    }

    /** The tables named in TABLES, else every table of the region (ListTables, every page), described. */
    static List<TableDescription> tables(DynamoDbClient dynamo, Configuration configuration) {
        List<String> names = configuration.getList("TABLES");
        if (names.isEmpty()) {
            names = dynamo.listTablesPaginator().tableNames().stream().toList();
        }
        List<TableDescription> tables = new ArrayList<>();
        for (String name : names) {
            try {
                tables.add(dynamo.describeTable(describe -> describe.tableName(name)).table());
            } catch (ResourceNotFoundException e) {
                throw new IllegalArgumentException("table '" + name + "' of configuration key 'TABLES' does not exist in the"
                        + " configured REGION (DescribeTable: " + e.awsErrorDetails().errorMessage() + ")", e);
            }
        }
        return tables;
    }

    /**
     * One full pass over a table: a truncate, then a parallel Scan, each segment on its own thread writing its items
     * as it reads them. The rows the pass does not write again (items deleted in DynamoDB) stay marked deleted when
     * the checkpoint after it commits.
     */
    static void scan(DynamoDbClient dynamo, TableDescription table, int segments, int pageSize, boolean consistentRead) throws Exception {
        String name = table.tableName();
        Operations.truncate(name);
        AtomicLong items = new AtomicLong();
        AtomicLong pages = new AtomicLong();
        ExecutorService threads = Executors.newFixedThreadPool(Math.min(segments, MAX_THREADS), runnable -> {
            Thread thread = new Thread(runnable, "scan-" + name);
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int segment = 0; segment < segments; segment++) {
                ScanRequest request = ScanRequest.builder().tableName(name).segment(segment).totalSegments(segments)
                        .limit(pageSize).consistentRead(consistentRead).build();
                running.add(threads.submit(() -> {
                    Map<String, AttributeValue> startKey = null;
                    do {
                        ScanResponse page = dynamo.scan(startKey == null ? request : request.toBuilder().exclusiveStartKey(startKey).build());
                        for (Map<String, AttributeValue> item : page.items()) {
                            Operations.upsert(name, row(item));
                        }
                        items.addAndGet(page.count());
                        pages.incrementAndGet();
                        startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
                    } while (startKey != null);
                    return null;
                }));
            }
            for (Future<?> segment : running) {
                try {
                    segment.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception cause ? cause : e;
                }
            }
        } finally {
            threads.shutdownNow();
        }
        Logging.info(name + ": " + items + " items in " + pages + " pages from " + segments + " segments");
    }

    /** An item as a row: one column per attribute, its value unwrapped from DynamoDB's typed form. */
    static Map<String, Object> row(Map<String, AttributeValue> item) {
        Map<String, Object> row = new LinkedHashMap<>();
        item.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(attribute -> row.put(attribute.getKey(), value(attribute.getValue())));
        return row;
    }

    /**
     * S as text, N as {@link #number}, BOOL, NULL as null, B as bytes (a BINARY column); M and L as JSON, the sets
     * (SS, NS, BS) as JSON arrays, sorted (DynamoDB keeps no order in a set). Inside JSON, N is the exact number and B
     * base64 text.
     */
    static Object value(AttributeValue value) {
        return switch (value.type()) {
            case S -> value.s();
            case N -> number(value.n());
            case BOOL -> value.bool();
            case NUL -> null;
            case B -> value.b().asByteArray();
            case M -> json(value);
            case L -> json(value);
            case SS -> value.ss().stream().sorted().toList();
            case NS -> value.ns().stream().map(connector::exact).sorted().toList();
            case BS -> value.bs().stream().map(SdkBytes::asByteArray).sorted(Arrays::compareUnsigned)
                    .map(bytes -> Base64.getEncoder().encodeToString(bytes)).toList();
            case UNKNOWN_TO_SDK_VERSION -> throw new IllegalStateException("an attribute of a type this AWS SDK does not know: " + value);
        };
    }

    /** A value nested in M or L: as {@link #value}, but binary as base64 text, as JSON has no bytes. */
    private static Object json(AttributeValue value) {
        return switch (value.type()) {
            case M -> {
                Map<String, Object> map = new LinkedHashMap<>();
                value.m().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(entry -> map.put(entry.getKey(), json(entry.getValue())));
                yield map;
            }
            case L -> value.l().stream().map(connector::json).toList();
            case N -> exact(value.n());
            case B -> Base64.getEncoder().encodeToString(value.b().asByteArray());
            default -> value(value);
        };
    }

    /**
     * A number of an attribute (DynamoDB's have up to 38 digits), typed as Fivetran's DynamoDB connector types them:
     * a whole number that fits a LONG as a Long; one with at most 9 decimals and 29 digits before the point as a
     * BigDecimal of scale 9, so that its column is DECIMAL(38,9) whichever value comes first (a column inferred from
     * a value of another scale would round later values to that scale); any other as its exact text, which turns its
     * column into STRING.
     */
    static Object number(String text) {
        BigDecimal number = new BigDecimal(text);
        BigDecimal whole = number.stripTrailingZeros();
        if (whole.scale() <= 0 && whole.precision() - whole.scale() <= 19) {
            try {
                return whole.longValueExact();
            } catch (ArithmeticException beyondLong) {
                // 19 digits above Long.MAX_VALUE: as a decimal below
            }
        }
        if (Math.max(whole.scale(), 0) <= DECIMALS && whole.precision() - whole.scale() <= 38 - DECIMALS) {
            return whole.setScale(DECIMALS);
        }
        return whole.scale() < 0 ? whole.setScale(0).toPlainString() : whole.toPlainString();
    }

    /** A number inside JSON (M, L, NS), exactly as DynamoDB holds it; 1E+2 as 100. */
    private static BigDecimal exact(String text) {
        BigDecimal number = new BigDecimal(text);
        return number.scale() < 0 ? number.setScale(0) : number;
    }

    private static int positive(Configuration configuration, String key, int fallback) {
        int value = configuration.getInt(key, fallback);
        if (value < 1) {
            throw new IllegalArgumentException("configuration key '" + key + "' must be a positive whole number");
        }
        return value;
    }

    /**
     * The DynamoDB client, signing with the role's temporary credentials, and the STS client that gets them with the
     * configured keys. The credentials provider assumes the role again before the credentials expire (an hour by
     * default), so a long sync keeps going.
     */
    record Aws(StsClient sts, StsAssumeRoleCredentialsProvider role, DynamoDbClient dynamo) implements AutoCloseable {
        static Aws connect(Configuration configuration) {
            Region region = Region.of(configuration.require("REGION"));
            String accessKeyId = configuration.require("AWS_ACCESS_KEY_ID");
            String secretAccessKey = configuration.require("AWS_SECRET_ACCESS_KEY");
            String roleArn = configuration.require("ROLE_ARN");
            Optional<URI> dynamoEndpoint = endpoint(configuration, "DYNAMODB_ENDPOINT");
            StsClientBuilder sts = StsClient.builder().region(region)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)));
            endpoint(configuration, "STS_ENDPOINT").ifPresent(sts::endpointOverride);
            StsClient stsClient = sts.build();
            StsAssumeRoleCredentialsProvider role = StsAssumeRoleCredentialsProvider.builder().stsClient(stsClient)
                    .refreshRequest(assume -> assume.roleArn(roleArn).roleSessionName(SESSION_NAME)
                            .externalId(configuration.get("EXTERNAL_ID", null)))
                    .build();
            try {
                role.resolveCredentials();       // now, so that a refused role fails here, with its message
            } catch (StsException e) {
                close(role, stsClient);
                throw new IllegalStateException("cannot assume the role of configuration key 'ROLE_ARN' with the keys of"
                        + " 'AWS_ACCESS_KEY_ID' and 'AWS_SECRET_ACCESS_KEY': AssumeRole answered " + e.statusCode() + " "
                        + e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage(), e);
            } catch (SdkException e) {
                close(role, stsClient);
                throw new IllegalStateException("cannot assume the role of configuration key 'ROLE_ARN': " + e.getMessage(), e);
            }
            DynamoDbClientBuilder dynamo = DynamoDbClient.builder().region(region).credentialsProvider(role);
            dynamoEndpoint.ifPresent(dynamo::endpointOverride);
            return new Aws(stsClient, role, dynamo.build());
        }

        private static Optional<URI> endpoint(Configuration configuration, String key) {
            String url = configuration.get(key, "").strip();
            if (url.isEmpty()) {
                return Optional.empty();
            }
            try {
                URI uri = URI.create(url);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException("no scheme or host");
                }
                return Optional.of(uri);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("configuration key '" + key + "' is not a URL such as https://host:port");
            }
        }

        private static void close(AutoCloseable... closeables) {
            for (AutoCloseable closeable : closeables) {
                try {
                    closeable.close();
                } catch (Exception ignored) {
                    // closing what failed to start
                }
            }
        }

        @Override
        public void close() {
            close(dynamo, role, sts);
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
