package fivetran.connector.sdk.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A nested API record flattened into the columns of one row. */
class JsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void nestedObjectsBecomeColumnsJoinedByTheSeparatorAndArraysEmptyObjectsAndNamedFieldsStayWhole() throws Exception {
        JsonNode record = MAPPER.readTree("""
                {"id": 1, "vehicle": {"id": 7, "meter": {"value": 12.5, "unit": "km"}}, "labels": ["a", "b"],
                 "custom_fields": {"color": "red"}, "extra": {}, "note": null}""");
        assertEquals(MAPPER.readTree("""
                {"id": 1, "vehicle_id": 7, "vehicle_meter_value": 12.5, "vehicle_meter_unit": "km", "labels": ["a", "b"],
                 "custom_fields": {"color": "red"}, "extra": {}, "note": null}"""), Json.flatten(record, "_", Set.of("custom_fields")));
        assertEquals(MAPPER.readTree("{\"vehicle.meter.unit\": \"km\"}"),
                Json.flatten(MAPPER.readTree("{\"vehicle\": {\"meter\": {\"unit\": \"km\"}}}"), "."));
        assertEquals(MAPPER.createObjectNode(), Json.flatten(MAPPER.readTree("[1, 2]"), "_"));
    }
}
