///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.HttpException;
import fivetran.connector.sdk.http.auth.Auth;
import fivetran.connector.sdk.util.Csv;
import fivetran.connector.sdk.util.Zip;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Oktopost's BI exports: the list of exports and each active export's details (HTTP Basic with the account id and API
 * key), then the file of the export's last run, a ZIP of CSV files or one CSV file, downloaded from the link Oktopost
 * gives (without the credentials) and only when it is a new run. Each CSV file is a table.
 */
class connector {
    static final String BASE_URL = "https://api.oktopost.com/v2";

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("export_list_metadata").primaryKey("Id").column("Id", DataType.STRING),
                Table.named("active_export_metadata").primaryKey("Id").column("Id", DataType.STRING));
    }

    static void update(Configuration configuration, State state) {
        Http oktopost = Http.builder(configuration.get("base_url", BASE_URL))
                .auth(Auth.basic(configuration.require("account_id"), configuration.require("api_key"))).build();
        List<String> only = configuration.getList("export_ids");

        JsonNode list = oktopost.get("bi-export");
        if (list == null || !list.path("Result").asBoolean(false)) {
            throw new IllegalStateException("Oktopost did not list the BI exports: " + list);
        }
        List<String> active = new ArrayList<>();
        for (JsonNode export : list.path("Exports")) {
            Operations.upsert("export_list_metadata", export);
            String id = export.path("Id").asText("");
            if ("active".equalsIgnoreCase(export.path("Status").asText()) && (only.isEmpty() || only.contains(id))) {
                active.add(id);
            }
        }
        Operations.checkpoint(state);
        Logging.info(list.path("Exports").size() + " exports, " + active.size() + " active to sync");

        @SuppressWarnings("unchecked")
        Map<String, Object> synced = new LinkedHashMap<>((Map<String, Object>) state.getOrDefault("last_run_files", Map.of()));
        for (String id : active) {
            JsonNode detail = oktopost.get("bi-export/" + id).path("Export");
            String file = detail.path("LastRunFile").asText("");
            ObjectNode row = detail.isObject() ? ((ObjectNode) detail).deepCopy() : JsonNodeFactory.instance.objectNode();
            row.put("Id", id);
            row.put("source_filename", file.isEmpty() ? null : fileName(file));
            Operations.upsert("active_export_metadata", row);
            if (file.isEmpty() || file.equals(synced.get(id))) {
                Operations.checkpoint(state);
                Logging.info("export " + id + ": no new run file");
                continue;
            }
            try {
                int rows = download(oktopost, id, file);
                Logging.info("export " + id + ": " + rows + " rows from " + fileName(file));
            } catch (HttpException | UncheckedIOException e) {
                // one export's file failing (after the retries, or unreadable) does not stop the others; it is tried again next time
                Logging.warning("export " + id + " skipped: " + e.getMessage());
                Operations.checkpoint(state);
                continue;
            }
            synced.put(id, file);
            state.put("last_run_files", synced);
            Operations.checkpoint(state);
        }
    }

    /** Upserts the rows of the run file: each CSV file of a ZIP, or the file itself, into the table named after it. */
    static int download(Http oktopost, String exportId, String url) {
        String name = fileName(url);
        // the file is on another host: Http sends it neither the account id nor the key
        byte[] body = oktopost.getBytes(url, Map.of(), "application/zip, text/csv");
        int[] rows = {0};
        if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
            Zip.forEachEntry(body, (member, content) -> {
                if (member.toLowerCase(Locale.ROOT).endsWith(".csv")) {
                    rows[0] += upsertCsv(exportId, fileName(member), content);
                }
            });
        } else {
            rows[0] += upsertCsv(exportId, name, new ByteArrayInputStream(body));
        }
        return rows[0];
    }

    static int upsertCsv(String exportId, String file, InputStream content) {
        String table = table(file);
        int rows = 0;
        for (Iterator<Map<String, String>> lines = Csv.rows(content); lines.hasNext(); rows++) {
            Map<String, Object> row = new LinkedHashMap<>(lines.next());
            row.put("export_id", exportId);
            row.put("source_filename", file);
            Operations.upsert(table, row);
        }
        return rows;
    }

    /** {@code 2024-03-10-Post-Analytics.csv} → {@code post_analytics}: no extension, no leading date, - as _, lower case. */
    static String table(String file) {
        String table = file.replaceFirst("\\.[^.]*$", "").replaceFirst("^\\d{4}-\\d{2}-\\d{2}-", "").replace('-', '_')
                .toLowerCase(Locale.ROOT).replaceAll("_+$", "");
        if (table.isEmpty()) {
            throw new IllegalStateException("the export file " + file + " does not name a table");
        }
        return table;
    }

    /** The last segment of a URL's or a ZIP member's path. */
    static String fileName(String path) {
        String plain = path.contains("://") ? URI.create(path).getPath() : path;
        return plain.substring(plain.lastIndexOf('/') + 1);
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
