//DEPS org.apache.tomcat.embed:tomcat-embed-core:9.0.113
//DEPS org.apache.olingo:odata-server-core:4.10.0
//DEPS org.apache.olingo:odata-commons-core:4.10.0
//DEPS org.apache.olingo:olingo-odata2-core:2.0.13
//DEPS org.apache.olingo:olingo-odata2-api:2.0.13

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Comparator;
import java.util.GregorianCalendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.stream.Collectors;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.olingo.commons.api.data.ContextURL;
import org.apache.olingo.commons.api.data.Entity;
import org.apache.olingo.commons.api.data.ValueType;
import org.apache.olingo.commons.api.edm.EdmEntitySet;
import org.apache.olingo.commons.api.edm.EdmPrimitiveType;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.apache.olingo.commons.api.edm.provider.CsdlAbstractEdmProvider;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityContainer;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityContainerInfo;
import org.apache.olingo.commons.api.edm.provider.CsdlEntitySet;
import org.apache.olingo.commons.api.edm.provider.CsdlEntityType;
import org.apache.olingo.commons.api.edm.provider.CsdlProperty;
import org.apache.olingo.commons.api.edm.provider.CsdlPropertyRef;
import org.apache.olingo.commons.api.edm.provider.CsdlSchema;
import org.apache.olingo.commons.api.format.ContentType;
import org.apache.olingo.commons.api.http.HttpHeader;
import org.apache.olingo.commons.api.http.HttpStatusCode;
import org.apache.olingo.odata2.api.ODataService;
import org.apache.olingo.odata2.api.ODataServiceFactory;
import org.apache.olingo.odata2.api.edm.EdmLiteralKind;
import org.apache.olingo.odata2.api.edm.EdmSimpleType;
import org.apache.olingo.odata2.api.edm.EdmSimpleTypeKind;
import org.apache.olingo.odata2.api.edm.provider.EdmProvider;
import org.apache.olingo.odata2.api.edm.provider.Facets;
import org.apache.olingo.odata2.api.edm.provider.Key;
import org.apache.olingo.odata2.api.edm.provider.PropertyRef;
import org.apache.olingo.odata2.api.edm.provider.SimpleProperty;
import org.apache.olingo.odata2.api.ep.EntityProvider;
import org.apache.olingo.odata2.api.ep.EntityProviderWriteProperties;
import org.apache.olingo.odata2.api.exception.ODataException;
import org.apache.olingo.odata2.api.exception.ODataNotImplementedException;
import org.apache.olingo.odata2.api.processor.ODataContext;
import org.apache.olingo.odata2.api.processor.ODataSingleProcessor;
import org.apache.olingo.odata2.api.uri.UriParser;
import org.apache.olingo.odata2.api.uri.expression.BinaryExpression;
import org.apache.olingo.odata2.api.uri.expression.CommonExpression;
import org.apache.olingo.odata2.api.uri.expression.LiteralExpression;
import org.apache.olingo.odata2.api.uri.expression.OrderExpression;
import org.apache.olingo.odata2.api.uri.expression.PropertyExpression;
import org.apache.olingo.odata2.api.uri.expression.SortOrder;
import org.apache.olingo.odata2.api.uri.info.GetEntitySetUriInfo;
import org.apache.olingo.odata2.core.servlet.ODataServlet;
import org.apache.olingo.server.api.OData;
import org.apache.olingo.server.api.ODataApplicationException;
import org.apache.olingo.server.api.ODataHttpHandler;
import org.apache.olingo.server.api.ODataRequest;
import org.apache.olingo.server.api.ODataResponse;
import org.apache.olingo.server.api.ServiceMetadata;
import org.apache.olingo.server.api.prefer.PreferencesApplied;
import org.apache.olingo.server.api.processor.EntityCollectionProcessor;
import org.apache.olingo.server.api.serializer.EntityCollectionSerializerOptions;
import org.apache.olingo.server.api.uri.UriInfo;
import org.apache.olingo.server.api.uri.UriResourceEntitySet;
import org.apache.olingo.server.api.uri.UriResourcePrimitiveProperty;
import org.apache.olingo.server.api.uri.queryoption.OrderByItem;
import org.apache.olingo.server.api.uri.queryoption.expression.Binary;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;
import org.apache.olingo.server.api.uri.queryoption.expression.Literal;
import org.apache.olingo.server.api.uri.queryoption.expression.Member;

/**
 * The OData services of the odata_api connectors' tests: Apache Olingo's OData V4 server (odata-server-core) at
 * {@code /v4/} and Apache Olingo's OData V2 server (olingo-odata2-core, its ODataSingleProcessor) at {@code /v2/}, in an
 * embedded Tomcat 9 (javax.servlet, which both Olingo lines need) on a free port of 127.0.0.1. Both serve the same
 * in-memory entity sets, which a test declares, loads and changes; their {@code $metadata} is Olingo's, built from
 * the declaration. Each service answers {@code $select} (Olingo's serializers), {@code $filter} with comparisons joined
 * by {@code and} (eq, ne, gt, ge, lt, le of a property and a literal, which is what the connectors send),
 * {@code $orderby} on properties, and pages server-side: at most {@code pageSize} entities a page (V4: or the client's
 * {@code Prefer: odata.maxpagesize}), the rest behind a next link with {@code $skiptoken} ({@code @odata.nextLink} in
 * V4 JSON, {@code __next} in V2 JSON). V4 tracks changes too: asked with {@code Prefer: odata.track-changes}, the last
 * page carries an {@code @odata.deltaLink} ({@code $deltatoken} = the number of the last change), which returns the
 * entities changed since and the deleted ones, written by Olingo's delta serializer (OData 4.0's JSON when the client
 * sends {@code OData-MaxVersion: 4.0}, 4.01's otherwise). A test may have the next requests fail ({@link #failNext}).
 * No writes, $expand, $count or $batch: the tests change the data in memory.
 */
final class ODataTestServer implements AutoCloseable {
    static final String NAMESPACE = "Test";
    static final String CONTAINER = "Container";

    /** A property of an entity type: its EDM type is V4's ({@code Date} is V2's {@code DateTime}). */
    record Property(String name, String type, boolean nullable) {
        static Property of(String name, String type) {
            return new Property(name, type, true);
        }
    }

    /** An entity set, its entity type's key and properties, and its entities (mutable, by key). */
    static final class EntitySet {
        final String name;
        final List<String> key;
        final List<Property> properties;
        private final List<Map<String, Object>> entities = new CopyOnWriteArrayList<>();

        EntitySet(String name, List<String> key, List<Property> properties) {
            this.name = name;
            this.key = List.copyOf(key);
            this.properties = List.copyOf(properties);
        }

        String typeName() {
            return name + "Type";
        }

        Property property(String property) {
            return properties.stream().filter(p -> p.name().equals(property)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(name + " has no property " + property));
        }

        /** Adds the entity, or replaces the one with its key. Values: Integer, Long, String, BigDecimal, Boolean, LocalDate, Instant. */
        void put(Map<String, Object> entity) {
            List<Object> keys = keyOf(entity);
            entities.removeIf(existing -> keyOf(existing).equals(keys));
            entities.add(new LinkedHashMap<>(entity));
            versions.put(keys, CHANGES.incrementAndGet());
            removed.remove(keys);
        }

        /** Removes the entity with the key values of {@code keys}, and keeps its key for the delta links (deleted entities). */
        void remove(Map<String, Object> keys) {
            List<Object> removedKey = keyOf(keys);
            if (entities.removeIf(existing -> keyOf(existing).equals(removedKey))) {
                versions.remove(removedKey);
                removed.put(removedKey, CHANGES.incrementAndGet());
            }
        }

        List<Map<String, Object>> entities() {
            return List.copyOf(entities);
        }

        private List<Object> keyOf(Map<String, Object> entity) {
            return key.stream().map(entity::get).toList();
        }

        /** Whether the entity was added or changed after change number {@code token}. */
        boolean changedSince(Map<String, Object> entity, long token) {
            return versions.getOrDefault(keyOf(entity), 0L) > token;
        }

        /** The key values of the entities removed after change number {@code token}. */
        List<List<Object>> removedSince(long token) {
            return removed.entrySet().stream().filter(e -> e.getValue() > token).map(Map.Entry::getKey).toList();
        }

        private final Map<List<Object>, Long> versions = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<List<Object>, Long> removed = new java.util.concurrent.ConcurrentHashMap<>();
    }

    /** The number of the last change to any entity set: what a delta link's $deltatoken holds. */
    private static final java.util.concurrent.atomic.AtomicLong CHANGES = new java.util.concurrent.atomic.AtomicLong();

    /** Kept: java.util.logging holds its loggers weakly, and a collected one forgets its level. */
    private static final java.util.logging.Logger TOMCAT_LOG = java.util.logging.Logger.getLogger("org.apache");
    private static final java.util.logging.Logger LEAK_CHECKS_LOG = java.util.logging.Logger.getLogger("org.apache.catalina.loader");
    private final Map<String, EntitySet> sets = new LinkedHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
    private volatile int failureStatus;
    private final int pageSize;
    private final Path baseDir;
    private final Tomcat tomcat;

    private ODataTestServer(int pageSize, List<EntitySet> entitySets) throws Exception {
        this.pageSize = pageSize;
        entitySets.forEach(set -> sets.put(set.name, set));
        TOMCAT_LOG.setLevel(Level.WARNING);
        LEAK_CHECKS_LOG.setLevel(Level.SEVERE);   // its warnings on stop about --add-opens flags
        baseDir = Files.createTempDirectory("odata-test-server-");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", baseDir.toString());
        OData odata = OData.newInstance();
        ServiceMetadata metadata = odata.createServiceMetadata(new V4Edm(), List.of());
        Tomcat.addServlet(context, "v4", new HttpServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                record(request);
                if (failed(request, response)) {
                    return;
                }
                ODataHttpHandler handler = odata.createHandler(metadata);
                handler.register(new V4EntityCollections());
                handler.process(request, response);
            }
        });
        context.addServletMappingDecoded("/v4/*", "v4");
        V2Factory factory = new V2Factory();
        Tomcat.addServlet(context, "v2", new ODataServlet() {
            @Override
            protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                record(request);
                if (!failed(request, response)) {
                    super.service(request, response);
                }
            }

            @Override
            protected ODataServiceFactory getServiceFactory(HttpServletRequest request) {
                return factory;
            }
        });
        context.addServletMappingDecoded("/v2/*", "v2");
        tomcat.start();
    }

    /** Starts the server with {@code entitySets}, {@code pageSize} entities a page. */
    static ODataTestServer start(int pageSize, EntitySet... entitySets) throws Exception {
        return new ODataTestServer(pageSize, List.of(entitySets));
    }

    EntitySet set(String name) {
        return sets.get(name);
    }

    /** The V4 service root, ending in a slash. */
    String v4Url() {
        return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/v4/";
    }

    /** The V2 service root, ending in a slash. */
    String v2Url() {
        return "http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/v2/";
    }

    /** Every request so far, {@code METHOD path?query} with the query decoded; cleared by {@link #clearRequests()}. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    void clearRequests() {
        requests.clear();
    }

    /** The next {@code count} requests to an entity set (not $metadata) are answered {@code status}, with an OData error. */
    void failNext(int count, int status) {
        failures.set(count);
        failureStatus = status;
    }

    /** Whether the request was answered with an injected failure. */
    private boolean failed(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getRequestURI().endsWith("$metadata") || failures.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
            return false;
        }
        response.setStatus(failureStatus);
        response.setContentType("application/json");
        String message = request.getRequestURI().startsWith("/v2/") ? "{\"lang\":\"en\",\"value\":\"injected by the test\"}" : "\"injected by the test\"";
        response.getWriter().write("{\"error\":{\"code\":\"" + failureStatus + "\",\"message\":" + message + "}}");
        return true;
    }

    private void record(HttpServletRequest request) {
        String query = request.getQueryString() == null ? "" : "?" + java.net.URLDecoder.decode(request.getQueryString(), java.nio.charset.StandardCharsets.UTF_8);
        requests.add(request.getMethod() + " " + request.getRequestURI() + query);
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        try (var files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    // ---- the query options both services evaluate, on the entities as Java values ----

    /** A comparison of a property with a value, the operator as OData spells it (eq, ne, gt, ge, lt, le). */
    record Comparison(String property, String operator, Object value) {
        boolean test(Map<String, Object> entity) {
            Object actual = entity.get(property);
            if (actual == null || value == null) {
                return switch (operator) {
                    case "eq" -> actual == value;
                    case "ne" -> actual != value;
                    default -> false;
                };
            }
            int order = compare(actual, value);
            return switch (operator) {
                case "eq" -> order == 0;
                case "ne" -> order != 0;
                case "gt" -> order > 0;
                case "ge" -> order >= 0;
                case "lt" -> order < 0;
                case "le" -> order <= 0;
                default -> throw new IllegalArgumentException("operator " + operator);
            };
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
        }
        return ((Comparable) a).compareTo(b);
    }

    /** One ordering term. */
    record Order(String property, boolean descending) {
    }

    /** The entities that pass every comparison, ordered, and the page at {@code skip}; null next when it is the last. */
    private record Selection(List<Map<String, Object>> page, Integer next) {
    }

    private static Selection select(EntitySet set, List<Comparison> filter, List<Order> orders, int skip, int size, Long changedSince) {
        Comparator<Map<String, Object>> ordering = (a, b) -> 0;
        for (Order order : orders) {
            Comparator<Map<String, Object>> term = (a, b) -> a.get(order.property()) == null ? (b.get(order.property()) == null ? 0 : -1)
                    : b.get(order.property()) == null ? 1 : compare(a.get(order.property()), b.get(order.property()));
            ordering = ordering.thenComparing(order.descending() ? term.reversed() : term);
        }
        for (String key : set.key) {
            ordering = ordering.thenComparing((a, b) -> compare(a.get(key), b.get(key)));
        }
        List<Map<String, Object>> all = set.entities().stream().filter(e -> filter.stream().allMatch(c -> c.test(e)))
                .filter(e -> changedSince == null || set.changedSince(e, changedSince)).sorted(ordering).toList();
        List<Map<String, Object>> page = all.subList(Math.min(skip, all.size()), Math.min(skip + size, all.size()));
        return new Selection(page, skip + size < all.size() ? skip + size : null);
    }

    /** The raw query without {@code parameter} (a system query option, $ or %24), then with it set to {@code value}. */
    private static String withParameter(String rawQuery, String parameter, Object value) {
        String others = withoutParameter(rawQuery, parameter);
        return (others.isEmpty() ? "" : others + "&") + parameter + "=" + value;
    }

    private static String withoutParameter(String rawQuery, String parameter) {
        return rawQuery == null ? "" : java.util.Arrays.stream(rawQuery.split("&"))
                .filter(p -> !p.startsWith(parameter + "=") && !p.startsWith("%24" + parameter.substring(1) + "=")).collect(Collectors.joining("&"));
    }

    // ---- OData V4: Olingo's odata-server-core ----

    private static EdmPrimitiveTypeKind v4Type(String type) {
        return EdmPrimitiveTypeKind.valueOf(type);
    }

    private final class V4Edm extends CsdlAbstractEdmProvider {
        @Override
        public CsdlEntityType getEntityType(FullQualifiedName name) {
            for (EntitySet set : sets.values()) {
                if (name.equals(new FullQualifiedName(NAMESPACE, set.typeName()))) {
                    List<CsdlProperty> properties = set.properties.stream().map(p -> {
                        CsdlProperty property = new CsdlProperty().setName(p.name()).setType(v4Type(p.type()).getFullQualifiedName())
                                .setNullable(p.nullable() && !set.key.contains(p.name()));
                        if (p.type().equals("Decimal")) {
                            property.setPrecision(10).setScale(2);
                        }
                        return property;
                    }).toList();
                    return new CsdlEntityType().setName(set.typeName()).setProperties(properties)
                            .setKey(set.key.stream().map(k -> new CsdlPropertyRef().setName(k)).toList());
                }
            }
            return null;
        }

        @Override
        public CsdlEntitySet getEntitySet(FullQualifiedName container, String name) {
            EntitySet set = sets.get(name);
            return set == null ? null : new CsdlEntitySet().setName(name).setType(new FullQualifiedName(NAMESPACE, set.typeName()));
        }

        @Override
        public CsdlEntityContainer getEntityContainer() {
            List<CsdlEntitySet> entitySets = new ArrayList<>();
            sets.keySet().forEach(name -> entitySets.add(getEntitySet(null, name)));
            return new CsdlEntityContainer().setName(CONTAINER).setEntitySets(entitySets);
        }

        @Override
        public CsdlEntityContainerInfo getEntityContainerInfo(FullQualifiedName name) {
            return new CsdlEntityContainerInfo().setContainerName(new FullQualifiedName(NAMESPACE, CONTAINER));
        }

        @Override
        public List<CsdlSchema> getSchemas() {
            List<CsdlEntityType> types = sets.values().stream().map(s -> getEntityType(new FullQualifiedName(NAMESPACE, s.typeName()))).toList();
            return List.of(new CsdlSchema().setNamespace(NAMESPACE).setEntityTypes(types).setEntityContainer(getEntityContainer()));
        }
    }

    private final class V4EntityCollections implements EntityCollectionProcessor {
        private OData odata;
        private ServiceMetadata metadata;

        @Override
        public void init(OData odata, ServiceMetadata metadata) {
            this.odata = odata;
            this.metadata = metadata;
        }

        @Override
        public void readEntityCollection(ODataRequest request, ODataResponse response, UriInfo uriInfo, ContentType format)
                throws ODataApplicationException, org.apache.olingo.server.api.serializer.SerializerException {
            EdmEntitySet edmSet = ((UriResourceEntitySet) uriInfo.getUriResourceParts().get(0)).getEntitySet();
            EntitySet set = sets.get(edmSet.getName());
            List<Comparison> filter = new ArrayList<>();
            if (uriInfo.getFilterOption() != null) {
                comparisons(set, uriInfo.getFilterOption().getExpression(), filter);
            }
            List<Order> orders = new ArrayList<>();
            if (uriInfo.getOrderByOption() != null) {
                for (OrderByItem item : uriInfo.getOrderByOption().getOrders()) {
                    orders.add(new Order(member(item.getExpression()), item.isDescending()));
                }
            }
            int skip = uriInfo.getSkipTokenOption() == null ? 0 : Integer.parseInt(uriInfo.getSkipTokenOption().getValue());
            var preferences = odata.createPreferences(request.getHeaders(HttpHeader.PREFER));
            Integer preferred = preferences.getMaxPageSize();
            int size = preferred != null ? preferred : pageSize;
            Long deltaToken = uriInfo.getDeltaTokenOption() == null ? null : Long.valueOf(uriInfo.getDeltaTokenOption().getValue());
            boolean tracking = deltaToken != null || preferences.hasTrackChanges();
            long version = CHANGES.get();
            Selection selection = select(set, filter, orders, skip, size, deltaToken);

            org.apache.olingo.commons.api.data.Delta collection = new org.apache.olingo.commons.api.data.Delta();
            for (Map<String, Object> values : selection.page()) {
                Entity entity = new Entity();
                for (Property p : set.properties) {
                    Object value = values.get(p.name());
                    if (value instanceof Instant instant) {
                        value = Timestamp.from(instant);
                    }
                    entity.addProperty(new org.apache.olingo.commons.api.data.Property(null, p.name(), ValueType.PRIMITIVE, value));
                }
                entity.setId(id(set, set.key.stream().map(values::get).toList()));
                collection.getEntities().add(entity);
            }
            if (selection.next() != null) {
                collection.setNext(URI.create(request.getRawBaseUri() + "/" + set.name + "?"
                        + withParameter(request.getRawQueryPath(), "$skiptoken", selection.next())));
            } else if (tracking) {
                if (deltaToken != null) {
                    for (List<Object> removedKey : set.removedSince(deltaToken)) {
                        org.apache.olingo.commons.api.data.DeletedEntity deleted = new org.apache.olingo.commons.api.data.DeletedEntity();
                        deleted.setId(id(set, removedKey));
                        deleted.setReason(org.apache.olingo.commons.api.data.DeletedEntity.Reason.deleted);
                        collection.getDeletedEntities().add(deleted);
                    }
                }
                collection.setDeltaLink(URI.create(request.getRawBaseUri() + "/" + set.name + "?"
                        + withParameter(withoutParameter(request.getRawQueryPath(), "$skiptoken"), "$deltatoken", version)));
            }
            ContextURL context = ContextURL.with().entitySet(edmSet)
                    .selectList(odata.createUriHelper().buildContextURLSelectList(edmSet.getEntityType(), null, uriInfo.getSelectOption())).build();
            var options = EntityCollectionSerializerOptions.with().contextURL(context).select(uriInfo.getSelectOption())
                    .id(request.getRawBaseUri() + "/" + set.name).build();
            var serialized = tracking
                    ? odata.createEdmDeltaSerializer(format, request.getHeaders(HttpHeader.ODATA_MAX_VERSION)).entityCollection(metadata, edmSet.getEntityType(), collection, options)
                    : odata.createSerializer(format).entityCollection(metadata, edmSet.getEntityType(), collection, options);
            response.setContent(serialized.getContent());
            response.setStatusCode(HttpStatusCode.OK.getStatusCode());
            response.setHeader(HttpHeader.CONTENT_TYPE, format.toContentTypeString());
            var applied = PreferencesApplied.with();
            if (preferred != null) {
                applied.maxPageSize(preferred);
            }
            if (tracking) {
                applied.trackChanges();
            }
            if (preferred != null || tracking) {
                response.setHeader(HttpHeader.PREFERENCE_APPLIED, applied.build().toValueString());
            }
        }

        /** The entity-id, {@code Products(5)} or {@code OrderLines(OrderID=1,LineNumber=2)}, relative to the service root. */
        private URI id(EntitySet set, List<Object> key) {
            String predicate = set.key.size() == 1 ? literal(key.get(0))
                    : java.util.stream.IntStream.range(0, key.size()).mapToObj(i -> set.key.get(i) + "=" + literal(key.get(i))).collect(Collectors.joining(","));
            return URI.create(set.name + "(" + java.net.URLEncoder.encode(predicate, java.nio.charset.StandardCharsets.UTF_8)
                    .replace("+", "%20").replace("%28", "(").replace("%29", ")").replace("%3D", "=").replace("%2C", ",").replace("%27", "'") + ")");
        }

        private static String literal(Object value) {
            return value instanceof String text ? "'" + text.replace("'", "''") + "'" : String.valueOf(value);
        }

        private void comparisons(EntitySet set, Expression expression, List<Comparison> into) throws ODataApplicationException {
            if (!(expression instanceof Binary binary)) {
                throw unsupported("filter " + expression);
            }
            String operator = binary.getOperator().name().toLowerCase();
            if (operator.equals("and")) {
                comparisons(set, binary.getLeftOperand(), into);
                comparisons(set, binary.getRightOperand(), into);
                return;
            }
            if (!(binary.getLeftOperand() instanceof Member) || !(binary.getRightOperand() instanceof Literal literal)) {
                throw unsupported("filter " + expression + ": only <property> <op> <literal>");
            }
            String property = member(binary.getLeftOperand());
            into.add(new Comparison(property, operator, value(set.property(property), literal)));
        }

        private Object value(Property property, Literal literal) throws ODataApplicationException {
            if (literal.getText().equals("null")) {
                return null;
            }
            EdmPrimitiveType type = odata.createPrimitiveTypeInstance(v4Type(property.type()));
            Class<?> javaType = switch (property.type()) {
                case "DateTimeOffset" -> Timestamp.class;
                case "Date" -> LocalDate.class;
                case "Decimal" -> BigDecimal.class;
                case "Int64" -> Long.class;
                case "Int32" -> Integer.class;
                case "Boolean" -> Boolean.class;
                default -> String.class;
            };
            try {
                Object value = type.valueOfString(type.fromUriLiteral(literal.getText()), true, null, 10, 2, true, javaType);
                return value instanceof Timestamp timestamp ? timestamp.toInstant() : value;
            } catch (Exception e) {
                throw new ODataApplicationException("literal " + literal.getText() + ": " + e.getMessage(), 400, java.util.Locale.ROOT);
            }
        }

        private static String member(Expression expression) throws ODataApplicationException {
            if (expression instanceof Member member
                    && member.getResourcePath().getUriResourceParts().get(0) instanceof UriResourcePrimitiveProperty property) {
                return property.getProperty().getName();
            }
            throw unsupported("expression " + expression);
        }

        private static ODataApplicationException unsupported(String what) {
            return new ODataApplicationException("not supported by the test server: " + what, HttpStatusCode.NOT_IMPLEMENTED.getStatusCode(),
                    java.util.Locale.ROOT);
        }
    }

    // ---- OData V2: Olingo's olingo-odata2-core with an ODataSingleProcessor ----

    private static EdmSimpleTypeKind v2Type(String type) {
        return type.equals("Date") ? EdmSimpleTypeKind.DateTime : EdmSimpleTypeKind.valueOf(type);
    }

    private final class V2Factory extends ODataServiceFactory {
        @Override
        public ODataService createService(ODataContext context) {
            return createODataSingleProcessorService(new V2Edm(), new V2Processor());
        }
    }

    private final class V2Edm extends EdmProvider {
        @Override
        public org.apache.olingo.odata2.api.edm.provider.EntityType getEntityType(org.apache.olingo.odata2.api.edm.FullQualifiedName name) {
            for (EntitySet set : sets.values()) {
                if (name.equals(new org.apache.olingo.odata2.api.edm.FullQualifiedName(NAMESPACE, set.typeName()))) {
                    List<org.apache.olingo.odata2.api.edm.provider.Property> properties = new ArrayList<>();
                    for (Property p : set.properties) {
                        Facets facets = new Facets().setNullable(p.nullable() && !set.key.contains(p.name()));
                        if (p.type().equals("Decimal")) {
                            facets.setPrecision(10).setScale(2);
                        }
                        properties.add(new SimpleProperty().setName(p.name()).setType(v2Type(p.type())).setFacets(facets));
                    }
                    List<PropertyRef> keys = set.key.stream().map(k -> new PropertyRef().setName(k)).toList();
                    return new org.apache.olingo.odata2.api.edm.provider.EntityType().setName(set.typeName())
                            .setProperties(properties).setKey(new Key().setKeys(keys));
                }
            }
            return null;
        }

        @Override
        public org.apache.olingo.odata2.api.edm.provider.EntitySet getEntitySet(String container, String name) {
            EntitySet set = sets.get(name);
            return set == null ? null : new org.apache.olingo.odata2.api.edm.provider.EntitySet().setName(name)
                    .setEntityType(new org.apache.olingo.odata2.api.edm.FullQualifiedName(NAMESPACE, set.typeName()));
        }

        @Override
        public org.apache.olingo.odata2.api.edm.provider.EntityContainerInfo getEntityContainerInfo(String name) {
            return name == null || name.equals(CONTAINER)
                    ? new org.apache.olingo.odata2.api.edm.provider.EntityContainerInfo().setName(CONTAINER).setDefaultEntityContainer(true)
                    : null;
        }

        @Override
        public List<org.apache.olingo.odata2.api.edm.provider.Schema> getSchemas() {
            List<org.apache.olingo.odata2.api.edm.provider.EntityType> types = sets.values().stream()
                    .map(s -> getEntityType(new org.apache.olingo.odata2.api.edm.FullQualifiedName(NAMESPACE, s.typeName()))).toList();
            List<org.apache.olingo.odata2.api.edm.provider.EntitySet> entitySets = sets.keySet().stream().map(n -> getEntitySet(CONTAINER, n)).toList();
            var container = new org.apache.olingo.odata2.api.edm.provider.EntityContainer().setName(CONTAINER)
                    .setDefaultEntityContainer(true).setEntitySets(entitySets);
            return List.of(new org.apache.olingo.odata2.api.edm.provider.Schema().setNamespace(NAMESPACE).setEntityTypes(types)
                    .setEntityContainers(List.of(container)));
        }
    }

    private final class V2Processor extends ODataSingleProcessor {
        @Override
        public org.apache.olingo.odata2.api.processor.ODataResponse readEntitySet(GetEntitySetUriInfo uriInfo, String contentType)
                throws ODataException {
            if (!uriInfo.getNavigationSegments().isEmpty()) {
                throw new ODataNotImplementedException();
            }
            var edmSet = uriInfo.getStartEntitySet();
            EntitySet set = sets.get(edmSet.getName());
            List<Comparison> filter = new ArrayList<>();
            if (uriInfo.getFilter() != null) {
                comparisons(uriInfo.getFilter().getExpression(), filter);
            }
            List<Order> orders = new ArrayList<>();
            if (uriInfo.getOrderBy() != null) {
                for (OrderExpression order : uriInfo.getOrderBy().getOrders()) {
                    if (!(order.getExpression() instanceof PropertyExpression property)) {
                        throw new ODataNotImplementedException();
                    }
                    orders.add(new Order(property.getPropertyName(), order.getSortOrder() == SortOrder.desc));
                }
            }
            int skip = uriInfo.getSkipToken() == null ? 0 : Integer.parseInt(uriInfo.getSkipToken());
            Selection selection = select(set, filter, orders, skip, pageSize, null);
            List<Map<String, Object>> data = new ArrayList<>();
            for (Map<String, Object> entity : selection.page()) {
                Map<String, Object> values = new LinkedHashMap<>();
                entity.forEach((name, value) -> values.put(name, v2Value(value)));
                data.add(values);
            }
            URI serviceRoot = getContext().getPathInfo().getServiceRoot();
            var properties = EntityProviderWriteProperties.serviceRoot(serviceRoot)
                    .expandSelectTree(UriParser.createExpandSelectTree(uriInfo.getSelect(), uriInfo.getExpand()));
            if (selection.next() != null) {
                properties.nextLink(serviceRoot + set.name + "?" + withParameter(getContext().getPathInfo().getRequestUri().getRawQuery(), "$skiptoken", selection.next()));
            }
            return EntityProvider.writeFeed(contentType, edmSet, data, properties.build());
        }

        private static Object v2Value(Object value) {
            if (value instanceof Instant instant) {
                Calendar calendar = new GregorianCalendar(TimeZone.getTimeZone(ZoneOffset.UTC));
                calendar.setTimeInMillis(instant.toEpochMilli());
                return calendar;
            }
            if (value instanceof LocalDate date) {
                Calendar calendar = new GregorianCalendar(TimeZone.getTimeZone(ZoneOffset.UTC));
                calendar.clear();
                calendar.set(date.getYear(), date.getMonthValue() - 1, date.getDayOfMonth());
                return calendar;
            }
            return value;
        }

        private void comparisons(CommonExpression expression, List<Comparison> into) throws ODataException {
            if (!(expression instanceof BinaryExpression binary)) {
                throw new ODataNotImplementedException();
            }
            String operator = binary.getOperator().toUriLiteral();
            if (operator.equals("and")) {
                comparisons(binary.getLeftOperand(), into);
                comparisons(binary.getRightOperand(), into);
                return;
            }
            if (!(binary.getLeftOperand() instanceof PropertyExpression property) || !(binary.getRightOperand() instanceof LiteralExpression literal)) {
                throw new ODataNotImplementedException();
            }
            EdmSimpleType type = (EdmSimpleType) literal.getEdmType();
            Object value;
            if (literal.getUriLiteral().equals("null")) {
                value = null;
            } else if (type.getDefaultType() == Calendar.class) {
                value = type.valueOfString(literal.getUriLiteral(), EdmLiteralKind.URI, null, Calendar.class).toInstant();
                if (property.getEdmProperty().getType().getName().equals("DateTime")) {
                    value = LocalDate.ofInstant((Instant) value, ZoneOffset.UTC);   // the store's Date values
                }
            } else {
                value = type.valueOfString(literal.getUriLiteral(), EdmLiteralKind.URI, null, type.getDefaultType());
            }
            into.add(new Comparison(property.getPropertyName(), operator, value));
        }
    }
}
