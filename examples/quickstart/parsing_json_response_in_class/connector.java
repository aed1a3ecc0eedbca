///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//FILES response.json

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A JSON response parsed into Java records with Jackson, and the records upserted as they are: their components
 * are the columns, a nested record or list becomes a JSON column.
 */
class connector {
    record Response(List<Order> orders) {
    }

    record Order(long id, String customer, BigDecimal total, Instant createdAt, Address shipTo, List<Line> lines) {
    }

    record Address(String city, String country) {
    }

    record Line(String sku, int quantity) {
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)       // created_at -> createdAt
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)         // ignore fields not in the records
            .build();

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("orders").primaryKey("id"));
    }

    static void update(Configuration configuration, State state) throws IOException {
        Response response;
        try (InputStream body = connector.class.getResourceAsStream("/response.json")) {
            response = JSON.readValue(body, Response.class);
        }
        response.orders().forEach(order -> Operations.upsert("orders", order));
        Operations.checkpoint(state);
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
