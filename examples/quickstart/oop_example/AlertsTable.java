import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Table;
import java.util.LinkedHashMap;
import java.util.Map;

/** GET /alerts: current closures, dangers and cautions; an alert that is lifted leaves the list and is deleted. */
class AlertsTable extends NpsTable {
    @Override
    String path() {
        return "alerts";
    }

    @Override
    String key() {
        return "alert_id";
    }

    @Override
    Table table() {
        return Table.named(path()).primaryKey(key()).column("alert_id", DataType.STRING).column("park_code", DataType.STRING)
                .column("title", DataType.STRING).column("description", DataType.STRING).column("category", DataType.STRING)
                .column("url", DataType.STRING).column("last_indexed_date", DataType.STRING);
    }

    @Override
    Map<String, Object> row(JsonNode alert) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("alert_id", text(alert, "id"));
        row.put("park_code", text(alert, "parkCode"));
        row.put("title", text(alert, "title"));
        row.put("description", text(alert, "description"));
        row.put("category", text(alert, "category"));
        row.put("url", text(alert, "url"));
        row.put("last_indexed_date", text(alert, "lastIndexedDate"));
        return row;
    }
}
