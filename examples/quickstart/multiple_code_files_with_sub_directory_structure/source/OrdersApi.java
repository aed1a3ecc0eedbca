import fivetran.connector.sdk.sample.SampleSource;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The client of the (emulated) source: one page of orders after an id. */
class OrdersApi {
    record Order(long id, String customer, BigDecimal amount, Instant createdAt) {
    }

    private final SampleSource source = SampleSource.of("orders", Duration.ofMinutes(10));
    private final int pageSize;

    OrdersApi(int pageSize) {
        this.pageSize = pageSize;
    }

    List<Order> ordersAfter(long lastId) {
        return source.range(lastId + 1, pageSize)
                .map(record -> new Order(record.id(), record.customer(), record.amount(), record.createdAt()))
                .toList();
    }
}
