///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.util.Hashing;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A source with no timestamp to sync by: every sync reads it whole and compares each record's hash with the
 * hash stored in state at the last sync. Only new and changed records are written; records no longer in the
 * source are deleted.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("employees").primaryKey("id"));
    }

    static void update(Configuration configuration, State state) {
        long sync = state.getLong("syncs", 0) + 1;
        @SuppressWarnings("unchecked")
        Map<String, String> previous = (Map<String, String>) state.getOrDefault("hashes", Map.of());
        Map<String, String> current = new HashMap<>();
        int written = 0;
        for (Map<String, Object> employee : readAll(sync)) {
            String id = employee.get("id").toString();
            String hash = Hashing.sha256(employee);
            current.put(id, hash);
            if (!hash.equals(previous.get(id))) {
                Operations.upsert("employees", employee);
                written++;
            }
        }
        for (String id : previous.keySet()) {
            if (!current.containsKey(id)) {
                Operations.delete("employees", Map.of("id", Long.parseLong(id)));
            }
        }
        Logging.info(written + " of " + current.size() + " records new or changed");
        state.put("syncs", sync);
        state.put("hashes", current);
        Operations.checkpoint(state);
    }

    /** The emulated source: every record, without timestamps; after the first sync one changes, one leaves, one joins. */
    private static List<Map<String, Object>> readAll(long sync) {
        return sync == 1
                ? List.of(Map.of("id", 1L, "name", "Ada", "team", "core"), Map.of("id", 2L, "name", "Linus", "team", "kernel"),
                        Map.of("id", 3L, "name", "Grace", "team", "compilers"))
                : List.of(Map.of("id", 1L, "name", "Ada", "team", "core"), Map.of("id", 2L, "name", "Linus", "team", "git"),
                        Map.of("id", 4L, "name", "Barbara", "team", "languages"));
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
