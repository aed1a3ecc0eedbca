//DEPS ../../../connector-sdk.java
// Operations tried by hand against a scratch warehouse: jbang scratch.jsh runs this file in JShell
// (or type the same lines into the SDK launcher's shell command).
// JBang starts JShell with every module of the JDK, and the incubator ones print a warning: this limits them to those
// a connector uses (on JDKs before 22, jdk.crypto.cryptoki brings jdk.crypto.ec, the elliptic curves of TLS).
//RUNTIME_OPTIONS --limit-modules=java.se,jdk.jshell,jdk.crypto.cryptoki,jdk.localedata,jdk.charsets,jdk.zipfs
import fivetran.connector.sdk.*;
import fivetran.connector.sdk.engine.Scratch;
import java.util.List;
import java.util.Map;

var scratch = Scratch.open();
scratch.declare(Table.named("orders").primaryKey("id").column("id", DataType.INT).decimal("amount", 10, 2));
Operations.upsert("orders", Map.of("id", 1, "status", "new", "amount", "19.99"));
Operations.upsert("orders", Map.of("id", 2, "status", "new", "amount", "5.00"));
Operations.update("orders", Map.of("id", 1, "status", "paid"));
Operations.checkpoint(Map.of("cursor", 2));
scratch.print("orders");
scratch.query("select status, sum(amount) as total from orders group by status order by status");

// A connector's schema() and update(), called by hand with a configuration and a state made from maps. In the shell
// command with a connector (shell path/to/connector.java), import its class instead: import com.acme.connector;
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("shipments").primaryKey("id"));
    }

    static void update(Configuration configuration, State state) {
        long cursor = state.getLong("cursor", 0);
        for (long id = cursor + 1; id <= cursor + configuration.getInt("batch_size", 1); id++) {
            Operations.upsert("shipments", Map.of("id", id, "carrier", "post"));
            state.put("cursor", id);
            Operations.checkpoint(state);
        }
    }
}
var configuration = Configuration.of(Map.of("batch_size", "2"));
var state = State.of(Map.of("cursor", 2));
scratch.declare(connector.schema(configuration));
connector.update(configuration, state);
scratch.print("shipments");
System.out.println(state);
scratch.close();
/exit
