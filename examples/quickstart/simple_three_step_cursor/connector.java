///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.util.List;
import java.util.Map;

/**
 * An incremental cursor: each sync writes the next three rows after the cursor kept in state, checkpointing
 * after each one, so a sync that stops halfway resumes exactly where it stopped.
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("step").primaryKey("id").column("id", DataType.LONG).column("message", DataType.STRING));
    }

    static void update(Configuration configuration, State state) {
        long cursor = state.getLong("cursor", 0);
        Logging.info("resuming after cursor " + cursor);
        for (long id = cursor + 1; id <= cursor + 3; id++) {
            Operations.upsert("step", Map.of("id", id, "message", "step " + id));
            state.put("cursor", id);
            Operations.checkpoint(state);
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
