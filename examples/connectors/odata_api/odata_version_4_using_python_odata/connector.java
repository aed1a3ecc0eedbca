///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java
//DEPS org.apache.olingo:odata-client-core:4.10.0
// Olingo's client reads $metadata with jackson-dataformat-xml, which must be of the SDK's Jackson version (the SDK
// names its Jackson, SLF4J and Logback versions, so that Olingo's older ones do not replace them)
//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-xml:2.20.2

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.util.InclusiveCursor;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.http.client.HttpClient;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.message.BasicHeader;
import org.apache.olingo.client.api.EdmEnabledODataClient;
import org.apache.olingo.client.api.communication.ODataClientErrorException;
import org.apache.olingo.client.api.communication.ODataServerErrorException;
import org.apache.olingo.client.api.communication.request.retrieve.ODataEntitySetRequest;
import org.apache.olingo.client.api.domain.ClientEntity;
import org.apache.olingo.client.api.domain.ClientEntitySet;
import org.apache.olingo.client.api.domain.ClientProperty;
import org.apache.olingo.client.api.domain.ClientValue;
import org.apache.olingo.client.api.http.HttpClientException;
import org.apache.olingo.client.api.http.HttpClientFactory;
import org.apache.olingo.client.api.uri.URIBuilder;
import org.apache.olingo.client.core.ODataClientFactory;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeException;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.EdmProperty;
import org.apache.olingo.commons.api.edm.constants.EdmTypeKind;
import org.apache.olingo.commons.api.http.HttpMethod;

/**
 * Entity sets of an OData V4 service, read with Apache Olingo's OData client (odata-client-core): an EDM-enabled
 * client reads the service's {@code $metadata}, which gives every entity set's key and its properties' types (the
 * table's columns and how each value is read), and builds the requests ({@code $select}, {@code $filter},
 * {@code $orderby}); it follows the service's {@code @odata.nextLink} page by page, with a checkpoint after each.
 * Incremental syncs filter on a modified-time property, the cursor in state; an entity set without one is re-read in
 * full every sync, and the rows that are gone from it are marked deleted.
 */
class connector {
    /** One entity set to sync, from the configuration's {@code entity_sets} JSON array; as in README.md. */
    record EntitySet(String name, String table, List<String> select, String cursor, List<String> key, String filter) {
        String tableName() {
            return table == null || table.isBlank() ? name : table;
        }
    }

    static List<EntitySet> entitySets(Configuration configuration) {
        List<EntitySet> sets = List.of(configuration.getJson("entity_sets", EntitySet[].class));
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("configuration key 'entity_sets' lists no entity set");
        }
        return sets;
    }

    static List<Table> schema(Configuration configuration) {
        Edm edm = retrying("GET $metadata", client(configuration)::getCachedEdm);
        List<Table> tables = new ArrayList<>();
        for (EntitySet set : entitySets(configuration)) {
            EdmEntityType type = entityType(edm, set).getEntityType();
            Table table = Table.named(set.tableName()).primaryKey(key(set, type).toArray(String[]::new));
            for (String name : columns(set, type)) {
                EdmProperty property = type.getStructuralProperty(name);
                DataType dataType = dataType(property);
                if (dataType == DataType.DECIMAL) {
                    if (property.getPrecision() != null && property.getScale() != null) {
                        table.decimal(name, property.getPrecision(), property.getScale());
                    }
                } else if (dataType != null) {
                    table.column(name, dataType);
                }
            }
            tables.add(table);
        }
        return tables;
    }

    static void update(Configuration configuration, State state) {
        EdmEnabledODataClient client = client(configuration);
        Edm edm = retrying("GET $metadata", client::getCachedEdm);
        for (EntitySet set : entitySets(configuration)) {
            sync(client, configuration, entityType(edm, set), set, state);
        }
    }

    /**
     * The client: EDM-enabled (it reads $metadata once, on first use), with timeouts, and the credentials on each of its
     * requests (Olingo's default HTTP client has neither).
     */
    static EdmEnabledODataClient client(Configuration configuration) {
        EdmEnabledODataClient client = ODataClientFactory.getEdmEnabledClient(serviceUrl(configuration));
        String authorization = authorization(configuration);
        RequestConfig timeouts = RequestConfig.custom().setConnectTimeout(30_000).setSocketTimeout(120_000).build();
        client.getConfiguration().setHttpClientFactory(new HttpClientFactory() {
            @Override
            public HttpClient create(HttpMethod method, URI uri) {
                HttpClientBuilder builder = HttpClients.custom().useSystemProperties().setDefaultRequestConfig(timeouts);
                if (authorization != null) {
                    builder.setDefaultHeaders(List.of(new BasicHeader("Authorization", authorization)));
                }
                return builder.build();
            }

            @Override
            public void close(HttpClient httpClient) {
                try {
                    ((CloseableHttpClient) httpClient).close();
                } catch (IOException e) {
                    Logging.warning("closing an HTTP client: " + e);
                }
            }
        });
        return client;
    }

    static String serviceUrl(Configuration configuration) {
        String url = configuration.require("service_url");
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static String authorization(Configuration configuration) {
        if (configuration.get("token", null) != null) {
            return "Bearer " + configuration.require("token");
        }
        if (configuration.get("username", null) != null) {
            String pair = configuration.require("username") + ":" + configuration.get("password", "");
            return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }

    /** Reads one entity set: the entities changed since the cursor in state, or all of them when it has no cursor. */
    private static void sync(EdmEnabledODataClient client, Configuration configuration, EdmEntitySet edmSet, EntitySet set, State state) {
        EdmEntityType type = edmSet.getEntityType();
        List<String> key = key(set, type);
        URIBuilder uri = client.newURIBuilder(serviceUrl(configuration)).appendEntitySetSegment(set.name());
        if (set.select() != null && !set.select().isEmpty()) {
            uri.select(columns(set, type).toArray(String[]::new));
        }
        List<String> filters = new ArrayList<>();
        if (set.filter() != null && !set.filter().isBlank()) {
            filters.add("(" + set.filter() + ")");
        }
        List<String> orderBy = new ArrayList<>();
        InclusiveCursor<Comparable<Object>> cursor = null;
        if (set.cursor() != null) {
            EdmProperty property = type.getStructuralProperty(set.cursor());
            cursor = InclusiveCursor.fromState(state.get(set.tableName()), text -> parse(property, text));
            if (cursor.value() != null) {
                filters.add(set.cursor() + " ge " + literal(property, cursor.value()));
            }
            orderBy.add(set.cursor());
            Logging.info(set.name() + ": reading the entities with " + set.cursor() + " from " + (cursor.value() == null ? "the start" : cursor.value()));
        } else {
            Logging.info(set.name() + ": no cursor property, reading every entity; those gone since the last sync are marked deleted");
            Operations.truncate(set.tableName());
        }
        orderBy.addAll(key);
        if (!filters.isEmpty()) {
            uri.filter(String.join(" and ", filters));
        }
        uri.orderBy(String.join(",", orderBy));
        String maxPageSize = configuration.get("max_page_size", null);

        long read = 0;
        for (URI next = uri.build(); next != null; ) {
            URI pageUri = next;
            ClientEntitySet page = retrying("GET " + pageUri, () -> {
                // a request of Olingo's runs once (its HTTP client is closed after it): a new one for each attempt
                ODataEntitySetRequest<ClientEntitySet> request = client.getRetrieveRequestFactory().getEntitySetRequest(pageUri);
                if (maxPageSize != null) {
                    request.setPrefer(client.newPreferences().maxPageSize(Integer.parseInt(maxPageSize.trim())));
                }
                return request.execute().getBody();
            });
            for (ClientEntity entity : page.getEntities()) {
                Map<String, Object> row = row(entity, type);
                if (cursor != null && !cursor.advance(comparable(row.get(set.cursor())), key.stream().map(row::get).toList())) {
                    continue;   // read by the last sync already: at the cursor, with the same key
                }
                Operations.upsert(set.tableName(), row);
                read++;
            }
            if (cursor != null) {
                state.put(set.tableName(), cursor.toState());
            }
            Operations.checkpoint(state);
            next = page.getNext();   // the service's @odata.nextLink, null after the last page
        }
        Logging.info(set.name() + ": " + read + " entities upserted");
    }

    /** The cursor as a literal of the URL conventions, as Olingo writes one of the property's type. */
    static String literal(EdmProperty property, Object value) {
        EdmPrimitiveType type = (EdmPrimitiveType) property.getType();
        Object typed = value instanceof Instant instant ? Timestamp.from(instant) : value;
        try {
            return type.toUriLiteral(type.valueToString(typed, true, null, property.getPrecision(), property.getScale(), true));
        } catch (EdmPrimitiveTypeException e) {
            throw new IllegalStateException(property.getName() + ": the cursor " + value + " is not a " + type.getName(), e);
        }
    }

    /** A saved cursor value, typed as its property. */
    static Comparable<Object> parse(EdmProperty property, String text) {
        return comparable(switch (kind(property)) {
            case DateTimeOffset -> Instant.parse(text);
            case Date -> LocalDate.parse(text);
            case Byte, SByte, Int16, Int32 -> Integer.valueOf(text);
            case Int64 -> Long.valueOf(text);
            case Decimal -> new BigDecimal(text);
            case Single, Double -> java.lang.Double.valueOf(text);
            default -> text;
        });
    }

    /** A cursor property's value, of one of the comparable types {@link #row} reads (the cursor compares two of one type). */
    @SuppressWarnings("unchecked")
    static Comparable<Object> comparable(Object value) {
        return (Comparable<Object>) value;
    }

    /** An entity as a row: each property read by its EDM type from $metadata; complex values and collections as JSON. */
    static Map<String, Object> row(ClientEntity entity, EdmEntityType type) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (ClientProperty clientProperty : entity.getProperties()) {
            EdmProperty property = type.getStructuralProperty(clientProperty.getName());
            if (property != null) {
                row.put(property.getName(), value(clientProperty.getValue(), property));
            }
        }
        return row;
    }

    static Object value(ClientValue value, EdmProperty property) {
        if (value == null || (value.isPrimitive() && value.asPrimitive().toValue() == null)) {
            return null;
        }
        if (!value.isPrimitive()) {
            return json(value);
        }
        EdmPrimitiveType type = (EdmPrimitiveType) property.getType();
        String text = value.asPrimitive().toString();
        try {
            return switch (kind(property)) {
                case Boolean -> type.valueOfString(text, true, null, null, null, true, Boolean.class);
                case Byte, SByte, Int16, Int32 -> type.valueOfString(text, true, null, null, null, true, Integer.class);
                case Int64 -> type.valueOfString(text, true, null, null, null, true, Long.class);
                case Decimal -> new BigDecimal(text);   // as written: Olingo's own parse would hold it to facets, absent ones too
                case Single, Double -> type.valueOfString(text, true, null, null, null, true, java.lang.Double.class);
                case Date -> type.valueOfString(text, true, null, null, null, true, LocalDate.class);
                case DateTimeOffset -> type.valueOfString(text, true, null, null, null, true, Timestamp.class).toInstant();
                case Binary -> type.valueOfString(text, true, null, null, null, true, byte[].class);
                default -> text;   // String, Guid, TimeOfDay, Duration, enumerations, geography
            };
        } catch (EdmPrimitiveTypeException e) {
            throw new IllegalStateException(property.getName() + ": '" + text + "' is not a " + type.getName(), e);
        }
    }

    /** A complex value, a collection or an enumeration as JSON: maps, lists and text. */
    static Object json(ClientValue value) {
        if (value.isPrimitive()) {
            return value.asPrimitive().toString();
        }
        if (value.isEnum()) {
            return value.asEnum().getValue();
        }
        if (value.isCollection()) {
            List<Object> items = new ArrayList<>();
            value.asCollection().forEach(item -> items.add(json(item)));
            return items;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        value.asComplex().forEach(field -> fields.put(field.getName(), field.getValue() == null ? null : json(field.getValue())));
        return fields;
    }

    private static EdmPrimitiveTypeKind kind(EdmProperty property) {
        return EdmPrimitiveTypeKind.valueOfFQN(property.getType().getFullQualifiedName());
    }

    /** The column type of a property; null to leave it to the values (a Decimal's facets are handled by the caller). */
    static DataType dataType(EdmProperty property) {
        if (property.isCollection() || property.getType().getKind() == EdmTypeKind.COMPLEX) {
            return DataType.JSON;
        }
        if (property.getType().getKind() != EdmTypeKind.PRIMITIVE) {
            return DataType.STRING;   // an enumeration's member name, or a type definition's text
        }
        return switch (kind(property)) {
            case Boolean -> DataType.BOOLEAN;
            case Byte, SByte, Int16 -> DataType.SHORT;
            case Int32 -> DataType.INT;
            case Int64 -> DataType.LONG;
            case Decimal -> DataType.DECIMAL;
            case Single -> DataType.FLOAT;
            case Double -> DataType.DOUBLE;
            case Date -> DataType.NAIVE_DATE;
            case DateTimeOffset -> DataType.UTC_DATETIME;
            case Binary -> DataType.BINARY;
            default -> DataType.STRING;
        };
    }

    static List<String> key(EntitySet set, EdmEntityType type) {
        List<String> key = set.key() != null && !set.key().isEmpty() ? set.key() : type.getKeyPredicateNames();
        if (key.isEmpty()) {
            throw new IllegalArgumentException(set.name() + ": the entity type has no key in $metadata; configure \"key\"");
        }
        return key;
    }

    /** The properties read: the configured selection with the key and the cursor, or every structural property. */
    static List<String> columns(EntitySet set, EdmEntityType type) {
        LinkedHashSet<String> columns = new LinkedHashSet<>();
        if (set.select() == null || set.select().isEmpty()) {
            columns.addAll(type.getPropertyNames());
        } else {
            columns.addAll(key(set, type));
            if (set.cursor() != null) {
                columns.add(set.cursor());
            }
            columns.addAll(set.select());
        }
        for (String column : columns) {
            if (type.getStructuralProperty(column) == null) {
                throw new IllegalArgumentException(set.name() + ": its entity type has no property '" + column + "'");
            }
        }
        return List.copyOf(columns);
    }

    static EdmEntitySet entityType(Edm edm, EntitySet set) {
        EdmEntitySet edmSet = edm.getEntityContainer().getEntitySet(set.name());
        if (edmSet == null) {
            throw new IllegalArgumentException("the service has no entity set '" + set.name() + "'; its entity sets: "
                    + edm.getEntityContainer().getEntitySets().stream().map(EdmEntitySet::getName).toList());
        }
        return edmSet;
    }

    private static final int ATTEMPTS = 5;

    /**
     * Runs a request of Olingo's client, which does not retry: again after a 429, a 5xx or an I/O error, waiting 1, 2,
     * 4 and 8 s; other errors (400, 401, 404…) at once.
     */
    static <T> T retrying(String what, Supplier<T> request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return request.get();
            } catch (ODataServerErrorException | HttpClientException e) {
                if (attempt == ATTEMPTS) {
                    throw new IllegalStateException(what + " failed after " + ATTEMPTS + " attempts: " + e.getMessage(), e);
                }
                pause(what, e.getMessage(), attempt);
            } catch (ODataClientErrorException e) {
                if (e.getStatusLine().getStatusCode() != 429 || attempt == ATTEMPTS) {
                    throw new IllegalStateException(what + " failed: " + e.getStatusLine() + ": " + e.getMessage(), e);
                }
                pause(what, e.getStatusLine().toString(), attempt);
            }
        }
    }

    private static void pause(String what, String why, int attempt) {
        long seconds = 1L << (attempt - 1);
        Logging.warning(what + ": " + why + "; retrying in " + seconds + " s (attempt " + (attempt + 1) + " of " + ATTEMPTS + ")");
        try {
            Thread.sleep(seconds * 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " was interrupted", e);
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
