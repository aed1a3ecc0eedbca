///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java
//DEPS org.apache.olingo:olingo-odata2-core:2.0.13
//DEPS org.apache.olingo:olingo-odata2-api:2.0.13

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.auth.Auth;
import fivetran.connector.sdk.http.paging.Page;
import fivetran.connector.sdk.http.paging.Pages;
import fivetran.connector.sdk.http.paging.Pagination;
import fivetran.connector.sdk.util.InclusiveCursor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.GregorianCalendar;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.apache.olingo.odata2.api.edm.Edm;
import org.apache.olingo.odata2.api.edm.EdmEntitySet;
import org.apache.olingo.odata2.api.edm.EdmEntityType;
import org.apache.olingo.odata2.api.edm.EdmException;
import org.apache.olingo.odata2.api.edm.EdmFacets;
import org.apache.olingo.odata2.api.edm.EdmLiteralKind;
import org.apache.olingo.odata2.api.edm.EdmProperty;
import org.apache.olingo.odata2.api.edm.EdmSimpleType;
import org.apache.olingo.odata2.api.edm.EdmSimpleTypeException;
import org.apache.olingo.odata2.api.edm.EdmTyped;
import org.apache.olingo.odata2.api.ep.EntityProvider;

/**
 * Entity sets of an OData V2 service. The service's {@code $metadata} is read with Apache Olingo's OData V2 library
 * (olingo-odata2), which gives every entity set's key and its properties' EDM types; the pages are read with the SDK's
 * HTTP client in V2's JSON format ({@code $format=json}: the entities in {@code d.results}, the next page's URL in
 * {@code d.__next}, followed with the SDK's {@code Pagination.nextUrl}), each value parsed by Olingo as the JSON literal
 * of its EDM type ({@code "\/Date(1706868000000)\/"}, Int64 and Decimal as strings). {@code $select}, {@code $orderby},
 * and incremental syncs by {@code $filter} on a modified-time property, the cursor in state and a checkpoint after
 * every page. An entity set without a cursor property is re-read in full every sync, and the rows that are gone from
 * it are marked deleted.
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
        Edm edm = metadata(configuration);
        List<Table> tables = new ArrayList<>();
        for (EntitySet set : entitySets(configuration)) {
            EdmEntityType type = entityType(edm, set);
            Table table = Table.named(set.tableName()).primaryKey(key(set, type).toArray(String[]::new));
            for (String name : columns(set, type)) {
                EdmProperty property = property(type, name);
                DataType dataType = dataType(property);
                EdmFacets facets = facets(property);
                if (dataType == DataType.DECIMAL) {
                    if (facets != null && facets.getPrecision() != null && facets.getScale() != null) {
                        table.decimal(name, facets.getPrecision(), facets.getScale());
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
        Edm edm = metadata(configuration);
        Http.Builder builder = Http.builder(configuration.require("service_url")).header("MaxDataServiceVersion", "2.0");
        Auth auth = auth(configuration);
        if (auth != null) {
            builder.auth(auth);
        }
        Http api = builder.build();
        for (EntitySet set : entitySets(configuration)) {
            sync(api, set, entityType(edm, set), state);
        }
    }

    /** Reads one entity set: the entities changed since the cursor in state, or all of them when it has no cursor. */
    private static void sync(Http api, EntitySet set, EdmEntityType type, State state) {
        List<String> key = key(set, type);
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("$format", "json");
        if (set.select() != null && !set.select().isEmpty()) {
            query.put("$select", String.join(",", columns(set, type)));
        }
        List<String> orderBy = new ArrayList<>();
        InclusiveCursor<Comparable<Object>> cursor = null;
        String filter = set.filter() == null || set.filter().isBlank() ? null : "(" + set.filter() + ")";
        if (set.cursor() != null) {
            EdmProperty property = property(type, set.cursor());
            cursor = InclusiveCursor.fromState(state.get(set.tableName()), text -> parse(property, text));
            if (cursor.value() != null) {
                String condition = set.cursor() + " ge " + literal(property, cursor.value());
                filter = filter == null ? condition : filter + " and " + condition;
            }
            orderBy.add(set.cursor());
            Logging.info(set.name() + ": reading the entities with " + set.cursor() + " from " + (cursor.value() == null ? "the start" : cursor.value()));
        } else {
            Logging.info(set.name() + ": no cursor property, reading every entity; those gone since the last sync are marked deleted");
            Operations.truncate(set.tableName());
        }
        orderBy.addAll(key);
        if (filter != null) {
            query.put("$filter", filter);
        }
        query.put("$orderby", String.join(",", orderBy));

        long read = 0;
        for (Page page : Pages.of(api, set.name(), query, "/d/results", Pagination.nextUrl("/d/__next"))) {
            for (JsonNode entity : page.items()) {
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
        }
        Logging.info(set.name() + ": " + read + " entities upserted");
    }

    /** The cursor as a URI literal of its EDM type, as Olingo writes it: {@code datetimeoffset'2024-02-05T10:00:00Z'}. */
    static String literal(EdmProperty property, Object value) {
        Object typed = value;
        if (value instanceof Instant instant) {
            typed = utc(instant.toEpochMilli());
        } else if (value instanceof LocalDateTime time) {
            typed = utc(time.toInstant(ZoneOffset.UTC).toEpochMilli());
        }
        try {
            return simpleType(property).valueToString(typed, EdmLiteralKind.URI, null);
        } catch (EdmSimpleTypeException e) {
            throw new IllegalStateException("the cursor " + value + " is not of its property's type", e);
        }
    }

    /** A saved cursor value, typed as its property. */
    static Comparable<Object> parse(EdmProperty property, String text) {
        return comparable(switch (edmType(property)) {
            case "DateTimeOffset" -> Instant.parse(text);
            case "DateTime" -> LocalDateTime.parse(text);
            case "Byte", "SByte", "Int16", "Int32" -> Integer.valueOf(text);
            case "Int64" -> Long.valueOf(text);
            case "Decimal" -> new BigDecimal(text);
            case "Single", "Double" -> Double.valueOf(text);
            default -> text;
        });
    }

    /** A cursor property's value, of one of the comparable types {@link #value} reads (the cursor compares two of one type). */
    @SuppressWarnings("unchecked")
    static Comparable<Object> comparable(Object value) {
        return (Comparable<Object>) value;
    }

    private static Calendar utc(long millis) {
        Calendar calendar = new GregorianCalendar(TimeZone.getTimeZone(ZoneOffset.UTC));
        calendar.setTimeInMillis(millis);
        return calendar;
    }

    /** An entity of V2's JSON format as a row: each property parsed by Olingo as its EDM type; __metadata and links left out. */
    static Map<String, Object> row(JsonNode entity, EdmEntityType type) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : entity.properties()) {
            EdmProperty property = field.getKey().startsWith("__") ? null : propertyOrNull(type, field.getKey());
            if (property != null) {
                row.put(field.getKey(), value(field.getValue(), property));
            }
        }
        return row;
    }

    static Object value(JsonNode node, EdmProperty property) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!property.isSimple()) {
            return node;   // a complex type: JSON
        }
        EdmSimpleType type = simpleType(property);
        EdmFacets facets = facets(property);
        String text = node.asText();
        try {
            return switch (edmType(property)) {
                case "DateTimeOffset" -> type.valueOfString(text, EdmLiteralKind.JSON, facets, Calendar.class).toInstant();
                case "DateTime" -> LocalDateTime.ofInstant(type.valueOfString(text, EdmLiteralKind.JSON, facets, Calendar.class).toInstant(), ZoneOffset.UTC);
                case "Byte", "SByte", "Int16", "Int32" -> type.valueOfString(text, EdmLiteralKind.JSON, facets, Integer.class);
                case "Int64" -> type.valueOfString(text, EdmLiteralKind.JSON, facets, Long.class);
                case "Decimal" -> new BigDecimal(text);   // as written: the facets need not hold for the value to be stored
                case "Single", "Double" -> type.valueOfString(text, EdmLiteralKind.JSON, facets, Double.class);
                case "Boolean" -> type.valueOfString(text, EdmLiteralKind.JSON, facets, Boolean.class);
                case "Binary" -> type.valueOfString(text, EdmLiteralKind.JSON, facets, byte[].class);
                default -> text;   // String, Guid, and Time (a duration, PT12H30M)
            };
        } catch (EdmSimpleTypeException e) {
            throw new IllegalStateException(propertyName(property) + ": '" + text + "' is not an Edm." + edmType(property), e);
        }
    }

    /** The column type of a property; null to leave it to the values (a Decimal's facets are handled by the caller). */
    static DataType dataType(EdmProperty property) {
        if (!property.isSimple()) {
            return DataType.JSON;
        }
        return switch (edmType(property)) {
            case "Boolean" -> DataType.BOOLEAN;
            case "Byte", "SByte", "Int16" -> DataType.SHORT;
            case "Int32" -> DataType.INT;
            case "Int64" -> DataType.LONG;
            case "Decimal" -> DataType.DECIMAL;
            case "Single" -> DataType.FLOAT;
            case "Double" -> DataType.DOUBLE;
            case "DateTime" -> DataType.NAIVE_DATETIME;
            case "DateTimeOffset" -> DataType.UTC_DATETIME;
            case "Binary" -> DataType.BINARY;
            default -> DataType.STRING;
        };
    }

    static List<String> key(EntitySet set, EdmEntityType type) {
        try {
            List<String> key = set.key() != null && !set.key().isEmpty() ? set.key() : type.getKeyPropertyNames();
            if (key.isEmpty()) {
                throw new IllegalArgumentException(set.name() + ": the entity type has no key in $metadata; configure \"key\"");
            }
            return key;
        } catch (EdmException e) {
            throw new IllegalStateException(set.name() + ": " + e.getMessage(), e);
        }
    }

    /** The properties read: the configured selection with the key and the cursor, or every property. */
    static List<String> columns(EntitySet set, EdmEntityType type) {
        LinkedHashSet<String> columns = new LinkedHashSet<>();
        try {
            if (set.select() == null || set.select().isEmpty()) {
                columns.addAll(type.getPropertyNames());
            } else {
                columns.addAll(key(set, type));
                if (set.cursor() != null) {
                    columns.add(set.cursor());
                }
                columns.addAll(set.select());
            }
        } catch (EdmException e) {
            throw new IllegalStateException(set.name() + ": " + e.getMessage(), e);
        }
        columns.forEach(column -> property(type, column));
        return List.copyOf(columns);
    }

    static EdmProperty property(EdmEntityType type, String name) {
        EdmProperty property = propertyOrNull(type, name);
        if (property == null) {
            throw new IllegalArgumentException("entity type " + typeName(type) + " has no property '" + name + "'");
        }
        return property;
    }

    private static EdmProperty propertyOrNull(EdmEntityType type, String name) {
        try {
            EdmTyped typed = type.getProperty(name);
            return typed instanceof EdmProperty property ? property : null;   // null too for a navigation property
        } catch (EdmException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static EdmSimpleType simpleType(EdmProperty property) {
        try {
            return (EdmSimpleType) property.getType();
        } catch (EdmException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** The name of the property's EDM type, without its namespace: {@code DateTimeOffset}. */
    private static String edmType(EdmProperty property) {
        try {
            return simpleType(property).getName();
        } catch (EdmException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static EdmFacets facets(EdmProperty property) {
        try {
            return property.getFacets();
        } catch (EdmException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static String propertyName(EdmProperty property) {
        try {
            return property.getName();
        } catch (EdmException e) {
            return "?";
        }
    }

    private static String typeName(EdmEntityType type) {
        try {
            return type.getNamespace() + "." + type.getName();
        } catch (EdmException e) {
            return "?";
        }
    }

    static EdmEntityType entityType(Edm edm, EntitySet set) {
        try {
            EdmEntitySet edmSet = edm.getDefaultEntityContainer().getEntitySet(set.name());
            if (edmSet == null) {
                List<String> names = new ArrayList<>();
                for (EdmEntitySet known : edm.getEntitySets()) {
                    names.add(known.getName());
                }
                throw new IllegalArgumentException("the service has no entity set '" + set.name() + "'; its entity sets: " + names);
            }
            return edmSet.getEntityType();
        } catch (EdmException e) {
            throw new IllegalStateException(set.name() + ": " + e.getMessage(), e);
        }
    }

    static Auth auth(Configuration configuration) {
        if (configuration.get("token", null) != null) {
            return Auth.bearer(configuration.require("token"));
        }
        if (configuration.get("username", null) != null) {
            return Auth.basic(configuration.require("username"), configuration.get("password", ""));
        }
        return null;
    }

    /**
     * The service's EDM, read by Olingo from {@code $metadata} (EDMX XML; the SDK's client reads JSON only, so this
     * request is the JDK's own, with the same credentials).
     */
    static Edm metadata(Configuration configuration) {
        String serviceUrl = configuration.require("service_url");
        URI uri = URI.create(serviceUrl.endsWith("/") ? serviceUrl : serviceUrl + "/").resolve("$metadata");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).header("Accept", "application/xml");
        Auth auth = auth(configuration);
        if (auth != null) {
            auth.headers().forEach(request::header);
        }
        byte[] body;
        try {
            HttpResponse<byte[]> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build()
                    .send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + uri + " failed: " + response.statusCode());
            }
            body = response.body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("GET " + uri + " was interrupted", e);
        }
        try {
            return EntityProvider.readMetadata(new ByteArrayInputStream(body), false);
        } catch (Exception e) {
            throw new IllegalStateException(uri + " is not OData V2 metadata: " + e.getMessage(), e);
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
