//DEPS ../../../connector-sdk.java
// Operations tried by hand against a scratch warehouse: jbang scratch.jsh runs this file in JShell
// (or type the same lines into the SDK launcher's shell command).
import fivetran.connector.sdk.*;
import fivetran.connector.sdk.engine.Scratch;
import java.util.Map;

var scratch = Scratch.open();
scratch.declare(Table.named("orders").primaryKey("id").column("id", DataType.INT).decimal("amount", 10, 2));
Operations.upsert("orders", Map.of("id", 1, "status", "new", "amount", "19.99"));
Operations.upsert("orders", Map.of("id", 2, "status", "new", "amount", "5.00"));
Operations.update("orders", Map.of("id", 1, "status", "paid"));
Operations.checkpoint(Map.of("cursor", 2));
scratch.print("orders");
scratch.query("select status, sum(amount) as total from orders group by status order by status");
scratch.close();
/exit
