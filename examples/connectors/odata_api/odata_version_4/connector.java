///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
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
import fivetran.connector.sdk.http.paging.PageRequest;
import fivetran.connector.sdk.http.paging.Pages;
import fivetran.connector.sdk.http.paging.Pagination;
import fivetran.connector.sdk.util.InclusiveCursor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Entity sets of an OData V4 service, read with the SDK's HTTP client: server-driven paging by {@code @odata.nextLink}
 * (the SDK's {@code Pagination.nextUrl}), {@code $select}, {@code $orderby}, and incremental syncs by {@code $filter} on
 * a modified-time property, the cursor in state and a checkpoint after every page. Keys and column types come from
 * the service's {@code $metadata} (CSDL XML), unless configured. An entity set with {@code track_changes} is read by
 * OData's delta links ({@code Prefer: odata.track-changes}, then {@code @odata.deltaLink}), its deletions included; one
 * with neither is re-read in full every sync, and the rows that are gone from it are marked deleted.
 */
class connector {
    /**
     * One entity set to sync, from the configuration's {@code entity_sets} JSON array. Only {@code name} is required:
     * {@code table} defaults to it, {@code select} to every property, {@code key} to the entity type's key;
     * {@code cursor} is the property of a modified time (DateTimeOffset, Date or a number) for incremental syncs, and
     * {@code filter} a condition of the service's own that every request adds. {@code track_changes} reads the set
     * by OData's delta links instead (deletes included), for a service that offers them.
     */
    record EntitySet(String name, String table, List<String> select, String cursor, List<String> key, String filter,
                     @JsonProperty("track_changes") Boolean trackChanges) {
        String tableName() {
            return table == null || table.isBlank() ? name : table;
        }

        boolean tracksChanges() {
            return Boolean.TRUE.equals(trackChanges);
        }
    }

    /** A property of an entity type in {@code $metadata}: its EDM type ({@code Edm.Int32}, {@code Collection(…)}) and facets. */
    record Property(String name, String type, Integer precision, Integer scale) {
    }

    /** An entity set's entity type: its key and properties, base types' included. */
    record EntityType(List<String> key, Map<String, Property> properties) {
    }

    static List<EntitySet> entitySets(Configuration configuration) {
        List<EntitySet> sets = List.of(configuration.getJson("entity_sets", EntitySet[].class));
        if (sets.isEmpty()) {
            throw new IllegalArgumentException("configuration key 'entity_sets' lists no entity set");
        }
        for (EntitySet set : sets) {
            if (set.tracksChanges() && set.cursor() != null) {
                throw new IllegalArgumentException(set.name() + ": give either \"cursor\" or \"track_changes\", not both");
            }
        }
        return sets;
    }

    static List<Table> schema(Configuration configuration) {
        Map<String, EntityType> metadata = metadata(configuration);
        List<Table> tables = new ArrayList<>();
        for (EntitySet set : entitySets(configuration)) {
            EntityType type = entityType(metadata, set);
            Table table = Table.named(set.tableName()).primaryKey(key(set, type).toArray(String[]::new));
            for (String name : columns(set, type)) {
                Property property = type.properties().get(name);
                DataType dataType = dataType(property.type());
                if (dataType == DataType.DECIMAL) {
                    if (property.precision() != null && property.scale() != null) {
                        table.decimal(name, property.precision(), property.scale());
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
        Map<String, EntityType> metadata = metadata(configuration);
        for (EntitySet set : entitySets(configuration)) {
            if (set.tracksChanges()) {
                syncChanges(api(configuration, true), set, entityType(metadata, set), state);
            } else {
                sync(api(configuration, false), set, entityType(metadata, set), state);
            }
        }
    }

    /** The SDK's client for the service: its credentials, OData 4.0's JSON, and the preferences (page size, change tracking). */
    static Http api(Configuration configuration, boolean trackChanges) {
        Http.Builder builder = Http.builder(configuration.require("service_url")).header("OData-MaxVersion", "4.0");
        Auth auth = auth(configuration);
        if (auth != null) {
            builder.auth(auth);
        }
        List<String> preferences = new ArrayList<>();
        String maxPageSize = configuration.get("max_page_size", null);
        if (maxPageSize != null) {
            preferences.add("odata.maxpagesize=" + Integer.parseInt(maxPageSize.trim()));
        }
        if (trackChanges) {
            preferences.add("odata.track-changes");
        }
        if (!preferences.isEmpty()) {
            builder.header("Prefer", String.join(", ", preferences));
        }
        return builder.build();
    }

    /**
     * Reads one entity set by delta links: the first sync reads every entity asking the service to track changes
     * ({@code Prefer: odata.track-changes}), and the last page gives a delta link; each next sync GETs that link, which
     * returns the entities added or changed since and the deleted ones, and a new delta link. The state holds the next
     * page's link while a read is under way, so a sync that stops resumes at the page after the last checkpoint, and
     * the delta link after it. A service that answers with no delta link is read in full again next time.
     */
    private static void syncChanges(Http api, EntitySet set, EntityType type, State state) {
        List<String> key = key(set, type);
        Map<?, ?> saved = state.get(set.tableName()) instanceof Map<?, ?> map ? map : Map.of();
        String link = saved.get("next_link") != null ? saved.get("next_link").toString()
                : saved.get("delta_link") != null ? saved.get("delta_link").toString() : null;
        String first;
        Map<String, Object> query = new LinkedHashMap<>();
        if (link != null) {
            first = link;
            Logging.info(set.name() + ": reading the changes by " + (saved.get("next_link") != null ? "the next link of the read under way" : "the delta link"));
        } else {
            if (set.select() != null && !set.select().isEmpty()) {
                query.put("$select", String.join(",", columns(set, type)));
            }
            if (set.filter() != null && !set.filter().isBlank()) {
                query.put("$filter", set.filter());
            }
            first = set.name();
            Logging.info(set.name() + ": no delta link yet, reading every entity with change tracking");
            Operations.truncate(set.tableName());   // a full read: the rows it does not see again are gone
        }
        long upserts = 0;
        long deletes = 0;
        for (Page page : Pages.of(api, first, query, "/value", page -> {
            String next = annotation(page.body(), "nextLink");
            return next == null ? null : new PageRequest(next, Map.of());
        })) {
            for (JsonNode entity : page.items()) {
                if (isDeleted(entity)) {
                    Operations.delete(set.tableName(), deletedKey(entity, set, type, key));
                    deletes++;
                } else {
                    Operations.upsert(set.tableName(), row(entity, type));
                    upserts++;
                }
            }
            String next = annotation(page.body(), "nextLink");
            String delta = annotation(page.body(), "deltaLink");
            if (next != null) {
                state.put(set.tableName(), Map.of("next_link", next));
            } else if (delta != null) {
                state.put(set.tableName(), Map.of("delta_link", delta));
            } else {
                Logging.warning(set.name() + ": the service sent no delta link (it does not track changes of this set); the next sync reads it in full");
                state.remove(set.tableName());
            }
            Operations.checkpoint(state);
        }
        Logging.info(set.name() + ": " + upserts + " entities upserted, " + deletes + " deleted");
    }

    /** A control annotation of a response, in OData 4.0's spelling ({@code @odata.nextLink}) or 4.01's ({@code @nextLink}). */
    static String annotation(JsonNode node, String name) {
        JsonNode value = node.has("@odata." + name) ? node.get("@odata." + name) : node.get("@" + name);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    /** Whether a delta response's entry is a deleted entity: 4.0's {@code $deletedEntity} context, or 4.01's {@code @removed}. */
    static boolean isDeleted(JsonNode entry) {
        String context = annotation(entry, "context");
        return (context != null && context.contains("$deletedEntity")) || entry.has("@removed") || entry.has("@odata.removed");
    }

    /**
     * The key of a deleted entity: its key properties when the entry has them (4.01 may send them), else parsed from
     * its entity-id, {@code Products(5)} or {@code …/OrderLines(OrderID=1,LineNumber=2)}, the default form of an id.
     */
    static Map<String, Object> deletedKey(JsonNode entry, EntitySet set, EntityType type, List<String> key) {
        Map<String, Object> keys = new LinkedHashMap<>();
        if (key.stream().allMatch(entry::has)) {
            key.forEach(k -> keys.put(k, value(entry.get(k), type.properties().get(k).type())));
            return keys;
        }
        String id = entry.has("id") ? entry.get("id").asText() : annotation(entry, "id");
        int open = id == null ? -1 : id.indexOf('(', id.lastIndexOf('/') + 1);
        if (open < 0 || !id.endsWith(")")) {
            throw new IllegalStateException(set.name() + ": a deleted entity without its key or an id of the form Set(key): " + entry);
        }
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        String predicate = URLDecoder.decode(id.substring(open + 1, id.length() - 1).replace("+", "%2B"), StandardCharsets.UTF_8);
        for (char c : predicate.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;   // '' inside a quoted string toggles twice
            }
            if (c == ',' && !quoted) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        for (String text : parts) {
            int equals = text.indexOf('=');
            boolean named = equals > 0 && text.substring(0, equals).matches("[A-Za-z_][A-Za-z0-9_]*");
            String name = named ? text.substring(0, equals) : key.get(0);
            String literal = named ? text.substring(equals + 1) : text;
            if (literal.startsWith("'") && literal.endsWith("'")) {
                literal = literal.substring(1, literal.length() - 1).replace("''", "'");
            }
            Property property = type.properties().get(name);
            if (property == null) {
                throw new IllegalStateException(set.name() + ": the id " + id + " names no property of the key " + key);
            }
            keys.put(name, value(TextNode.valueOf(literal), property.type()));
        }
        if (!keys.keySet().containsAll(key)) {
            throw new IllegalStateException(set.name() + ": the id " + id + " does not give the key " + key);
        }
        return keys;
    }

    /** Reads one entity set: the entities changed since the cursor in state, or all of them when it has no cursor. */
    private static void sync(Http api, EntitySet set, EntityType type, State state) {
        List<String> key = key(set, type);
        List<String> columns = columns(set, type);
        Map<String, Object> query = new LinkedHashMap<>();
        if (set.select() != null && !set.select().isEmpty()) {
            query.put("$select", String.join(",", columns));
        }
        List<String> orderBy = new ArrayList<>();
        InclusiveCursor<Comparable<Object>> cursor = null;
        String cursorType = set.cursor() == null ? null : type.properties().get(set.cursor()).type();
        String filter = set.filter() == null || set.filter().isBlank() ? null : "(" + set.filter() + ")";
        if (set.cursor() != null) {
            cursor = InclusiveCursor.fromState(state.get(set.tableName()), text -> cursorValue(cursorType, text));
            if (cursor.value() != null) {
                String condition = set.cursor() + " ge " + literal(cursorType, cursor.text());
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
        for (Page page : Pages.of(api, set.name(), query, "/value", Pagination.nextUrl("/@odata.nextLink"))) {
            for (JsonNode entity : page.items()) {
                Map<String, Object> row = row(entity, type);
                Object rowValue = cursor == null ? null : row.get(set.cursor());
                if (rowValue != null && !cursor.advance(cursorValue(cursorType, text(rowValue)), key.stream().map(row::get).toList())) {
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

    /** A cursor value, typed as its property so that two compare as the service orders them. */
    @SuppressWarnings("unchecked")
    static Comparable<Object> cursorValue(String type, String text) {
        return (Comparable<Object>) (Comparable<?>) switch (type) {
            case "Edm.DateTimeOffset" -> Instant.parse(text);
            case "Edm.Date" -> LocalDate.parse(text);
            case "Edm.String", "Edm.Guid" -> text;
            default -> new BigDecimal(text);
        };
    }

    /** A row's value as the cursor's text: a date-time as its UTC instant. */
    private static String text(Object value) {
        return value instanceof OffsetDateTime time ? time.toInstant().toString() : value.toString();
    }

    /** A value as a literal of OData V4's URL conventions. */
    static String literal(String type, String value) {
        return switch (type) {
            case "Edm.String" -> "'" + value.replace("'", "''") + "'";
            default -> value;   // DateTimeOffset, Date, Guid and numbers are written bare
        };
    }

    /** An entity of the JSON format as a row: each property converted by its EDM type; annotations left out. */
    static Map<String, Object> row(JsonNode entity, EntityType type) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : entity.properties()) {
            Property property = type.properties().get(field.getKey());
            if (field.getKey().contains("@") || property == null) {
                continue;   // @odata.etag, @odata.id, an instance annotation, or a navigation property
            }
            row.put(field.getKey(), value(field.getValue(), property.type()));
        }
        return row;
    }

    static Object value(JsonNode node, String type) {
        if (node == null || node.isNull()) {
            return null;
        }
        return switch (type) {
            case "Edm.Boolean" -> node.asBoolean();
            case "Edm.Byte", "Edm.SByte", "Edm.Int16", "Edm.Int32" -> node.isNumber() ? node.intValue() : Integer.parseInt(node.asText());
            case "Edm.Int64" -> node.isNumber() ? node.longValue() : Long.parseLong(node.asText());
            case "Edm.Decimal" -> node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText());
            case "Edm.Double", "Edm.Single" -> node.isNumber() ? node.doubleValue() : switch (node.asText()) {
                case "INF" -> Double.POSITIVE_INFINITY;
                case "-INF" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(node.asText());
            };
            case "Edm.DateTimeOffset" -> OffsetDateTime.parse(node.asText());
            case "Edm.Date", "Edm.String", "Edm.Guid", "Edm.TimeOfDay", "Edm.Duration" -> node.asText();
            case "Edm.Binary" -> Base64.getUrlDecoder().decode(node.asText().replace('+', '-').replace('/', '_'));
            default -> node.isValueNode() ? node.asText() : node;   // enums as text; complex types and collections as JSON
        };
    }

    /** The column type of an EDM type; null to leave it to the values (a Decimal's facets are handled by the caller). */
    static DataType dataType(String type) {
        return switch (type) {
            case "Edm.Boolean" -> DataType.BOOLEAN;
            case "Edm.Byte", "Edm.SByte", "Edm.Int16" -> DataType.SHORT;
            case "Edm.Int32" -> DataType.INT;
            case "Edm.Int64" -> DataType.LONG;
            case "Edm.Decimal" -> DataType.DECIMAL;
            case "Edm.Single" -> DataType.FLOAT;
            case "Edm.Double" -> DataType.DOUBLE;
            case "Edm.Date" -> DataType.NAIVE_DATE;
            case "Edm.DateTimeOffset" -> DataType.UTC_DATETIME;
            case "Edm.Binary" -> DataType.BINARY;
            case "Edm.String", "Edm.Guid", "Edm.TimeOfDay", "Edm.Duration" -> DataType.STRING;
            default -> type.startsWith("Collection(") || !type.startsWith("Edm.") ? DataType.JSON : null;
        };
    }

    static List<String> key(EntitySet set, EntityType type) {
        List<String> key = set.key() != null && !set.key().isEmpty() ? set.key() : type.key();
        if (key.isEmpty()) {
            throw new IllegalArgumentException(set.name() + ": the entity type has no key in $metadata; configure \"key\"");
        }
        return key;
    }

    /** The properties read: the configured selection with the key and the cursor, or every property. */
    static List<String> columns(EntitySet set, EntityType type) {
        LinkedHashSet<String> columns = new LinkedHashSet<>();
        if (set.select() == null || set.select().isEmpty()) {
            columns.addAll(type.properties().keySet());
        } else {
            columns.addAll(key(set, type));
            if (set.cursor() != null) {
                columns.add(set.cursor());
            }
            columns.addAll(set.select());
        }
        for (String column : columns) {
            if (!type.properties().containsKey(column)) {
                throw new IllegalArgumentException(set.name() + ": its entity type has no property '" + column + "'");
            }
        }
        return List.copyOf(columns);
    }

    static EntityType entityType(Map<String, EntityType> metadata, EntitySet set) {
        EntityType type = metadata.get(set.name());
        if (type == null) {
            throw new IllegalArgumentException("the service has no entity set '" + set.name() + "'; its entity sets: " + metadata.keySet());
        }
        return type;
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
     * The entity types of the service's entity sets, by entity set name, from {@code $metadata} (CSDL XML, which every
     * V4 service serves; the SDK's client reads JSON only, so this request is the JDK's own, with the same credentials).
     */
    static Map<String, EntityType> metadata(Configuration configuration) {
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
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return entityTypes(factory.newDocumentBuilder().parse(new ByteArrayInputStream(body)));
        } catch (Exception e) {
            throw new IllegalStateException(uri + " is not CSDL XML: " + e.getMessage(), e);
        }
    }

    static Map<String, EntityType> entityTypes(Document document) {
        Map<String, Element> types = new HashMap<>();   // by qualified name, and by alias-qualified name
        List<Element> sets = new ArrayList<>();
        Map<String, String> entitySetTypes = new LinkedHashMap<>();
        for (Element schema : children(document.getDocumentElement(), "Schema")) {
            String namespace = schema.getAttribute("Namespace");
            String alias = schema.getAttribute("Alias");
            for (Element type : children(schema, "EntityType")) {
                types.put(namespace + "." + type.getAttribute("Name"), type);
                if (!alias.isEmpty()) {
                    types.put(alias + "." + type.getAttribute("Name"), type);
                }
            }
            for (Element container : children(schema, "EntityContainer")) {
                sets.addAll(children(container, "EntitySet"));
            }
        }
        sets.forEach(set -> entitySetTypes.put(set.getAttribute("Name"), set.getAttribute("EntityType")));
        Map<String, EntityType> result = new LinkedHashMap<>();
        entitySetTypes.forEach((set, typeName) -> result.put(set, entityType(types, typeName)));
        return result;
    }

    private static EntityType entityType(Map<String, Element> types, String typeName) {
        List<String> key = new ArrayList<>();
        Map<String, Property> properties = new LinkedHashMap<>();
        List<Element> chain = new ArrayList<>();
        for (Element type = types.get(typeName); type != null; type = types.get(type.getAttribute("BaseType"))) {
            chain.add(0, type);   // base types first, as their properties come first
        }
        for (Element type : chain) {
            for (Element keys : children(type, "Key")) {
                children(keys, "PropertyRef").forEach(ref -> key.add(ref.getAttribute("Name")));
            }
            for (Element property : children(type, "Property")) {
                properties.put(property.getAttribute("Name"), new Property(property.getAttribute("Name"), property.getAttribute("Type"),
                        number(property.getAttribute("Precision")), number(property.getAttribute("Scale"))));
            }
        }
        return new EntityType(key, properties);
    }

    private static Integer number(String facet) {
        return facet.matches("\\d+") ? Integer.valueOf(facet) : null;   // absent, or Scale="variable"/"floating"
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getElementsByTagNameNS("*", localName);
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node.getParentNode() == parent || localName.equals("Schema")) {
                found.add((Element) node);
            }
        }
        return found;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
