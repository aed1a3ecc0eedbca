import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Table;
import java.util.Map;

/** The destination table and how an order becomes one of its rows. */
final class OrderRows {
    static final String TABLE_NAME = "orders";
    static final Table TABLE = Table.named(TABLE_NAME)
            .primaryKey("id")
            .column("id", DataType.LONG)
            .decimal("amount_usd", 12, 2)
            .column("created_at", DataType.UTC_DATETIME);

    private OrderRows() {
    }

    static Map<String, Object> row(OrdersApi.Order order) {
        return Map.of("id", order.id(), "customer", order.customer().toUpperCase(), "amount_usd", order.amount(),
                "created_at", order.createdAt());
    }
}
