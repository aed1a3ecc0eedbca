///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.HttpException;
import fivetran.connector.sdk.http.auth.OAuth2;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Companies, invoices, payments, prospects, jobs and staff of an Accelo deployment (REST API v0), with a service
 * application's client-credentials token. Each entity is read incrementally, ordered by its date field and filtered
 * on it ({@code _filters=date_modified_after(<unix>)}), a batch of pages at a time: the pages of a batch are fetched
 * and upserted on worker threads at once, under the client's call-rate limit, then the batch is checkpointed.
 */
class connector {
    /** An entity: its endpoint (also the table), the date field it is read by, its state key, and its fields with their types. */
    record Entity(String name, String dateField, String stateKey, Map<String, DataType> fields) {
    }

    static final List<Entity> ENTITIES = List.of(
            new Entity("companies", "date_modified", "last_company_sync", fields(
                    "id", DataType.INT, "name", DataType.STRING, "website", DataType.STRING, "phone", DataType.STRING,
                    "date_created", DataType.UTC_DATETIME, "date_modified", DataType.UTC_DATETIME, "date_last_interacted", DataType.UTC_DATETIME,
                    "comments", DataType.STRING, "standing", DataType.STRING, "status", DataType.INT, "postal_address", DataType.INT,
                    "default_affiliation", DataType.INT)),
            new Entity("invoices", "date_modified", "last_invoice_sync", fields(
                    "id", DataType.INT, "subject", DataType.STRING, "amount", DataType.DOUBLE, "against_type", DataType.STRING,
                    "against_id", DataType.INT, "notes", DataType.STRING, "invoice_number", DataType.INT, "currency_id", DataType.INT,
                    "owner_id", DataType.INT, "tax", DataType.DOUBLE, "outstanding", DataType.DOUBLE, "modified_by", DataType.INT,
                    "date_raised", DataType.UTC_DATETIME, "date_due", DataType.UTC_DATETIME, "date_modified", DataType.UTC_DATETIME)),
            new Entity("payments", "date_created", "last_payment_sync", fields(
                    "id", DataType.INT, "receipt_id", DataType.INT, "amount", DataType.DOUBLE, "currency_id", DataType.INT,
                    "method_id", DataType.INT, "against_id", DataType.INT, "against_type", DataType.STRING, "date_created", DataType.UTC_DATETIME,
                    "created_by_staff_id", DataType.INT, "direction", DataType.STRING, "payment_currency", DataType.INT,
                    "payment_method", DataType.INT, "payment_receipt", DataType.INT)),
            new Entity("prospects", "date_modified", "last_prospect_sync", fields(
                    "id", DataType.INT, "title", DataType.STRING, "date_created", DataType.UTC_DATETIME, "date_actioned", DataType.UTC_DATETIME,
                    "date_due", DataType.UTC_DATETIME, "date_last_interacted", DataType.UTC_DATETIME, "date_modified", DataType.UTC_DATETIME,
                    "weighting", DataType.INT, "value", DataType.DOUBLE, "success", DataType.BOOLEAN, "comments", DataType.STRING,
                    "progress", DataType.DOUBLE, "value_weighted", DataType.INT, "won_by_id", DataType.INT, "cancelled_by_id", DataType.INT,
                    "abandoned_by_id", DataType.INT, "contact", DataType.INT, "manager", DataType.INT, "prospect_type", DataType.INT,
                    "status", DataType.INT, "standing", DataType.STRING, "prospect_probability", DataType.INT, "affiliation", DataType.INT)),
            new Entity("jobs", "date_modified", "last_job_sync", fields(
                    "id", DataType.INT, "title", DataType.STRING, "status", DataType.INT, "standing", DataType.STRING,
                    "date_created", DataType.UTC_DATETIME, "date_started", DataType.UTC_DATETIME, "date_due", DataType.UTC_DATETIME,
                    "date_completed", DataType.UTC_DATETIME, "date_modified", DataType.UTC_DATETIME, "manager", DataType.INT,
                    "company", DataType.INT, "contact", DataType.INT, "description", DataType.STRING, "value", DataType.DOUBLE)),
            new Entity("staff", "date_modified", "last_staff_sync", fields(
                    "id", DataType.INT, "firstname", DataType.STRING, "surname", DataType.STRING, "email", DataType.STRING,
                    "position", DataType.STRING, "title", DataType.STRING, "date_created", DataType.UTC_DATETIME,
                    "date_modified", DataType.UTC_DATETIME, "status", DataType.INT)));

    /** A deployment is the first label of {@code <deployment>.api.accelo.com}. */
    private static final Pattern DEPLOYMENT = Pattern.compile("[A-Za-z0-9-]+");
    static final String EPOCH = "1970-01-01T00:00:00Z";

    static List<Table> schema(Configuration configuration) {
        List<Table> tables = new ArrayList<>();
        for (Entity entity : ENTITIES) {
            Table table = Table.named(entity.name()).primaryKey("id");
            entity.fields().forEach(table::column);
            tables.add(table);
        }
        return tables;
    }

    static void update(Configuration configuration, State state) throws Exception {
        String deployment = configuration.require("deployment");
        if (!DEPLOYMENT.matcher(deployment).matches()) {
            throw new IllegalArgumentException("configuration 'deployment' is not an Accelo deployment name (the first part of <deployment>.api.accelo.com)");
        }
        String host = "https://" + deployment + ".api.accelo.com";
        int threads = configuration.getInt("threads", 5);
        int pageSize = configuration.getInt("page_size", 100);
        if (threads < 1 || pageSize < 1 || pageSize > 100) {
            throw new IllegalArgumentException("configuration 'threads' must be at least 1 and 'page_size' from 1 to 100 (Accelo's largest page)");
        }
        // a service application's grant, its client credentials in the form as upstream sends them
        OAuth2 token = OAuth2.clientCredentials(host + "/oauth2/v0/token", configuration.require("client_id"), configuration.require("client_secret"))
                .scope("read(all)")
                .whenRefused("check configuration 'deployment', 'client_id' and 'client_secret' (a service application's)");
        Http api = Http.builder(host + "/api/v0/")
                .auth(token)
                .rateLimit(configuration.getInt("requests_per_hour", 5000), Duration.ofHours(1))
                .build();

        ExecutorService workers = Executors.newFixedThreadPool(threads);
        try {
            for (Entity entity : ENTITIES) {
                sync(api, workers, threads, pageSize, entity, state);
            }
        } finally {
            workers.shutdownNow();
        }
    }

    /**
     * One entity: batches of {@code threads} pages from the saved page on, each page fetched and upserted by a worker;
     * after each batch a checkpoint saves the next page and the newest date seen. A batch with a short page is the last;
     * then the newest date becomes the entity's cursor.
     */
    static void sync(Http api, ExecutorService workers, int threads, int pageSize, Entity entity, State state) throws Exception {
        String since = state.getString(entity.stateKey(), EPOCH);
        String pageKey = entity.name() + "_page";
        String newestKey = entity.name() + "_newest";
        int page = (int) state.getLong(pageKey, 0);
        Instant newest = Instant.parse(state.getString(newestKey, since));
        // records modified in the cursor's own second are read again: "after" is strict and a second holds many changes
        long after = Math.max(0, Instant.parse(since).getEpochSecond() - 1);
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("_fields", String.join(",", new LinkedHashSet<>(entity.fields().keySet())));
        query.put("_filters", entity.dateField() + "_after(" + after + ")");
        query.put("_limit", pageSize);
        query.put("_order_by", entity.dateField());
        Logging.info(entity.name() + ": reading records with " + entity.dateField() + " from " + since + (page > 0 ? ", resuming at page " + page : ""));

        long synced = 0;
        boolean last = false;
        while (!last) {
            List<Future<Instant>> batch = new ArrayList<>();
            List<Integer> sizes = new ArrayList<>();
            for (int p = page; p < page + threads; p++) {
                Map<String, Object> pageQuery = new LinkedHashMap<>(query);
                pageQuery.put("_page", p);
                int index = sizes.size();
                sizes.add(0);
                batch.add(workers.submit(() -> {
                    List<Map<String, Object>> rows = fetch(api, entity, pageQuery);
                    rows.forEach(row -> Operations.upsert(entity.name(), row));
                    synchronized (sizes) {
                        sizes.set(index, rows.size());
                    }
                    return rows.stream().map(row -> (Instant) row.get(entity.dateField())).filter(date -> date != null)
                            .max(Instant::compareTo).orElse(null);
                }));
            }
            for (Future<Instant> pageDone : batch) {
                Instant pageNewest = result(pageDone);
                if (pageNewest != null && pageNewest.isAfter(newest)) {
                    newest = pageNewest;
                }
            }
            synchronized (sizes) {
                last = sizes.stream().anyMatch(size -> size < pageSize);
                synced += sizes.stream().mapToLong(Integer::longValue).sum();
            }
            page += threads;
            if (last) {
                state.remove(pageKey);
                state.remove(newestKey);
                state.put(entity.stateKey(), newest.toString());
            } else {
                state.put(pageKey, page);
                state.put(newestKey, newest.toString());
            }
            Operations.checkpoint(state);
        }
        Logging.info(entity.name() + ": " + synced + " records synced, newest " + entity.dateField() + " " + newest);
    }

    private static Instant result(Future<Instant> page) throws Exception {
        try {
            return page.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** One page: the records of {@code response}, each as a row of the entity's fields, converted to their types. */
    static List<Map<String, Object>> fetch(Http api, Entity entity, Map<String, Object> query) {
        JsonNode body;
        try {
            body = api.get(entity.name(), query);
        } catch (HttpException e) {
            if (e.status() == 401 || e.status() == 403) {
                throw new IllegalStateException("Accelo refused to list " + entity.name() + " (" + e.status() + "): the service application of"
                        + " configuration 'client_id' needs the scope read(all)", e);
            }
            throw e;
        }
        JsonNode records = body == null ? null : body.get("response");
        if (records == null || !records.isArray()) {
            throw new IllegalStateException("GET " + entity.name() + ": the answer has no 'response' list: " + (body == null ? "(empty)" : body.path("meta")));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode record : records) {
            Map<String, Object> row = new LinkedHashMap<>();
            entity.fields().forEach((field, type) -> row.put(field, convert(entity, field, type, record.get(field))));
            rows.add(row);
        }
        return rows;
    }

    /** Accelo sends every value as text: numbers as text, dates as Unix seconds, prospects' success as yes or no. */
    static Object convert(Entity entity, String field, DataType type, JsonNode value) {
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            return null;
        }
        String text = value.asText().strip();
        try {
            return switch (type) {
                case INT -> Integer.parseInt(text);
                case DOUBLE -> Double.parseDouble(text);
                case UTC_DATETIME -> text.contains("T") ? Instant.parse(text) : Instant.ofEpochSecond(Long.parseLong(text));
                case BOOLEAN -> switch (text.toLowerCase(Locale.ROOT)) {
                    case "yes", "true", "1" -> true;
                    case "no", "false", "0" -> false;
                    default -> throw new IllegalArgumentException("not yes or no");
                };
                default -> text;
            };
        } catch (IllegalArgumentException | DateTimeParseException e) {
            Logging.warning(entity.name() + "." + field + ": '" + text + "' is not a " + type + "; written as null");
            return null;
        }
    }

    private static Map<String, DataType> fields(Object... namesAndTypes) {
        Map<String, DataType> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            fields.put((String) namesAndTypes[i], (DataType) namesAndTypes[i + 1]);
        }
        return fields;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
