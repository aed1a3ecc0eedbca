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
import fivetran.connector.sdk.http.AsyncJob;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.HttpException;
import fivetran.connector.sdk.http.auth.ClientCertificate;
import fivetran.connector.sdk.http.auth.OAuth2;
import fivetran.connector.sdk.util.Csv;
import fivetran.connector.sdk.util.Zip;
import java.io.ByteArrayInputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;

/**
 * Data extracts of ADP MasterTax, over mutual TLS: an OAuth2 client-credentials token (the token request also presents
 * the client certificate), then per extract layout a processing job submitted, polled with AsyncJob, and its output
 * downloaded as a ZIP of tab-separated files without a header line, whose columns the configuration names.
 */
class connector {
    static final String BASE_URL = "https://api.adp.com";
    static final String TOKEN_URL = BASE_URL + "/auth/oauth/v2/token";
    static final String JOBS = "/tax/v1/organization-tax-data";
    static final Map<String, String> DATA_EXTRACT = Map.of("processName", "DATA_EXTRACT");

    /** An extract layout of MasterTax: its filter, the columns of its files in order, and the key among them. */
    record Extract(String layout, String filter, List<String> columns, List<String> primaryKey, JsonNode filterConditions) {
        String table() {
            return layout.toLowerCase(Locale.ROOT);
        }
    }

    static List<Extract> extracts(Configuration configuration) {
        JsonNode definitions = configuration.getJson("extracts");
        if (!definitions.isArray() || definitions.isEmpty()) {
            throw new IllegalArgumentException("configuration 'extracts' must be a JSON array of extract layouts");
        }
        List<Extract> extracts = new ArrayList<>();
        for (JsonNode definition : definitions) {
            String layout = definition.path("layout").asText("");
            List<String> columns = new ArrayList<>();
            definition.path("columns").forEach(column -> columns.add(column.asText()));
            List<String> key = new ArrayList<>();
            definition.path("primary_key").forEach(column -> key.add(column.asText()));
            if (layout.isEmpty() || columns.isEmpty()) {
                throw new IllegalArgumentException("configuration 'extracts': each extract needs a layout and its columns, in file order");
            }
            if (!columns.containsAll(key)) {
                throw new IllegalArgumentException("configuration 'extracts': the primary_key of " + layout + " must be among its columns");
            }
            extracts.add(new Extract(layout, definition.path("filter").asText(null), columns, key.isEmpty() ? List.of(columns.get(0)) : key,
                    definition.path("filter_conditions")));
        }
        return extracts;
    }

    static List<Table> schema(Configuration configuration) {
        List<Table> tables = new ArrayList<>();
        for (Extract extract : extracts(configuration)) {
            Table table = Table.named(extract.table()).primaryKey(extract.primaryKey().toArray(String[]::new));
            extract.columns().forEach(column -> table.column(column, DataType.STRING));
            tables.add(table);
        }
        return tables;
    }

    static void update(Configuration configuration, State state) {
        List<Extract> extracts = extracts(configuration);
        SSLContext tls = ClientCertificate.sslContext(configuration.require("client_certificate"),
                configuration.require("client_certificate_password"), configuration.get("server_certificate", null));
        OAuth2 token = OAuth2.clientCredentials(TOKEN_URL, configuration.require("client_id"), configuration.require("client_secret"))
                .overMutualTls(tls);
        AsyncJob polling = AsyncJob.every(Duration.ofMillis((long) (configuration.getDouble("poll_interval_seconds", 30) * 1000)))
                .atMost(Duration.ofMinutes(2)).timeout(Duration.ofMinutes(configuration.getInt("job_timeout_minutes", 60)));
        long busyWait = (long) (configuration.getDouble("busy_retry_seconds", 300) * 1000);
        Http adp = Http.builder(BASE_URL).sslContext(tls).auth(token).build();

        for (Extract extract : extracts) {
            // one conversation id per extract, as ADP's support asks for when tracing a job
            String conversation = UUID.randomUUID().toString();
            Map<String, String> traced = Map.of("ADP-ConversationID", conversation);
            String job = submit(adp, traced, extract, busyWait);
            JsonNode done = polling.await("MasterTax job " + job + " (" + extract.layout() + ")",
                    () -> adp.send("GET", JOBS + "/processing-jobs/" + job + "/processing-status", DATA_EXTRACT, null, traced).body(),
                    status -> switch (status.path("processingJob").path("processingJobStatusCode").asText().toLowerCase(Locale.ROOT)) {
                        case "completed" -> AsyncJob.Status.SUCCEEDED;
                        case "failed", "error", "cancelled" -> AsyncJob.Status.FAILED;
                        default -> AsyncJob.Status.RUNNING;
                    });
            String output = done.path("processingJob").path("processOutputID").asText("");
            if (output.isEmpty()) {
                throw new IllegalStateException("MasterTax job " + job + " completed without a processOutputID: " + done);
            }
            byte[] zip = adp.getBytes(JOBS + "/processing-job-outputs/" + output + "/content", DATA_EXTRACT, "application/zip, application/octet-stream",
                    traced);
            // a full extract: what it no longer holds is marked deleted, in the same checkpoint as the new rows
            Operations.truncate(extract.table());
            int[] rows = {0};
            List<String> files = new ArrayList<>();
            List<String> read = new ArrayList<>();
            Zip.forEachEntry(zip, (name, content) -> {
                files.add(name);
                if (!name.contains(extract.layout())) {
                    return;
                }
                read.add(name);
                byte[] header = (String.join("\t", extract.columns()) + "\n").getBytes(StandardCharsets.UTF_8);
                for (Iterator<Map<String, String>> lines = Csv.rows(new SequenceInputStream(new ByteArrayInputStream(header), content), '\t');
                     lines.hasNext(); ) {
                    Operations.upsert(extract.table(), lines.next());
                    rows[0]++;
                }
            });
            if (read.isEmpty()) {
                // the truncate above is not committed: the table keeps what the last sync committed
                throw new IllegalStateException("the output of MasterTax job " + job + " holds no file named after " + extract.layout() + ": " + files);
            }
            Operations.checkpoint(state);
            Logging.info(extract.layout() + ": " + rows[0] + " rows from job " + job + " (conversation " + conversation + ")");
        }
    }

    /**
     * Submits the extract's job and returns its resource id. MasterTax answers 400 while another extract of the
     * account runs; the submit is repeated after {@code busy_retry_seconds}, three times at most. {@code headers} carry
     * the extract's conversation id.
     */
    static String submit(Http adp, Map<String, String> headers, Extract extract, long busyWaitMillis) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("processNameCode", Map.of("code", "DATA_EXTRACT"));
        List<Map<String, Object>> tags = new ArrayList<>();
        tags.add(Map.of("tagCode", "LAYOUT_NAME", "tagValues", List.of(extract.layout())));
        if (extract.filter() != null && !extract.filter().isEmpty()) {
            tags.add(Map.of("tagCode", "FILTER_NAME", "tagValues", List.of(extract.filter())));
        }
        request.put("processDefinitionTags", tags);
        if (extract.filterConditions().isArray()) {
            request.put("filterConditions", extract.filterConditions());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                JsonNode answer = adp.send("POST", JOBS + "/processing-jobs/actions/submit", Map.of(), request, headers).body();
                String id = answer == null ? "" : answer.path("_confirmMessage").path("messages").path(0).path("resourceID").asText("");
                if (id.isEmpty()) {
                    throw new IllegalStateException("MasterTax accepted the " + extract.layout() + " job without a resourceID: " + answer);
                }
                Logging.info("submitted " + extract.layout() + ": job " + id);
                return id;
            } catch (HttpException e) {
                if (e.status() != 400 || attempt > 3) {
                    throw e;
                }
                Logging.warning("MasterTax refused the " + extract.layout() + " job (400), waiting " + busyWaitMillis / 1000.0
                        + " s before submitting it again: " + e.getMessage());
                sleep(busyWaitMillis);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to submit again", e);
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
