import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Table;
import java.util.LinkedHashMap;
import java.util.Map;

/** GET /people: people significant to the parks' history. */
class PeopleTable extends NpsTable {
    @Override
    String path() {
        return "people";
    }

    @Override
    String key() {
        return "person_id";
    }

    @Override
    Table table() {
        return Table.named(path()).primaryKey(key()).column("person_id", DataType.STRING).column("name", DataType.STRING)
                .column("first_name", DataType.STRING).column("last_name", DataType.STRING).column("description", DataType.STRING)
                .column("url", DataType.STRING).column("related_parks", DataType.JSON);
    }

    @Override
    Map<String, Object> row(JsonNode person) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("person_id", text(person, "id"));
        row.put("name", text(person, "title"));
        row.put("first_name", text(person, "firstName"));
        row.put("last_name", text(person, "lastName"));
        row.put("description", text(person, "listingDescription"));
        row.put("url", text(person, "url"));
        row.put("related_parks", each(person, "relatedParks", "parkCode"));
        return row;
    }
}
