import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Table;
import java.util.LinkedHashMap;
import java.util.Map;

/** GET /parks: the national parks, monuments, historic sites… */
class ParksTable extends NpsTable {
    @Override
    String path() {
        return "parks";
    }

    @Override
    String key() {
        return "park_id";
    }

    @Override
    Table table() {
        return Table.named(path()).primaryKey(key()).column("park_id", DataType.STRING).column("park_code", DataType.STRING)
                .column("name", DataType.STRING).column("designation", DataType.STRING).column("description", DataType.STRING)
                .column("states", DataType.STRING).column("latitude", DataType.DOUBLE).column("longitude", DataType.DOUBLE)
                .column("activities", DataType.JSON).column("url", DataType.STRING);
    }

    @Override
    Map<String, Object> row(JsonNode park) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("park_id", text(park, "id"));
        row.put("park_code", text(park, "parkCode"));
        row.put("name", text(park, "fullName"));
        row.put("designation", text(park, "designation"));
        row.put("description", text(park, "description"));
        row.put("states", text(park, "states"));   // NPS gives the states as one text, "CA,NV"
        row.put("latitude", text(park, "latitude") == null ? null : Double.valueOf(text(park, "latitude")));
        row.put("longitude", text(park, "longitude") == null ? null : Double.valueOf(text(park, "longitude")));
        row.put("activities", each(park, "activities", "name"));
        row.put("url", text(park, "url"));
        return row;
    }
}
