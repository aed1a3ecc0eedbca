package fivetran.connector.sdk.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.List;

/** Query results as {@code query} and the scratch warehouse print them: an aligned table, CSV or JSON. Internal to the SDK. */
public final class ResultOutput {
    private ResultOutput() {
    }

    /** Prints an aligned table followed by the row count. */
    public static void table(List<String> columns, List<List<Object>> rows, PrintStream out) {
        TextTable table = new TextTable(columns);
        rows.forEach(row -> table.add(row.stream().map(ResultOutput::text).toList()));
        table.print(out);
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    /**
     * CSV as RFC 4180 says: a header line, a field quoted only when it holds a comma, a quote or a line break (the
     * quote doubled); NULL is an empty field.
     */
    private static final CsvMapper CSV = CsvMapper.builder().enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING).build();

    /** Prints CSV (see {@link #CSV}). */
    public static void csv(List<String> columns, List<List<Object>> rows, PrintStream out) throws Exception {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(schema::addColumn);
        List<List<String>> cells = rows.stream().map(row -> row.stream().map(v -> v == null ? null : text(v)).toList()).toList();
        out.print(CSV.writer(schema.build()).writeValueAsString(cells));
    }

    /** Prints a JSON array with one object per row. */
    public static void json(List<String> columns, List<List<Object>> rows, PrintStream out) throws Exception {
        ArrayNode array = Jackson.MAPPER.createArrayNode();
        for (List<Object> row : rows) {
            ObjectNode object = array.addObject();
            for (int i = 0; i < columns.size(); i++) {
                Object value = row.get(i);
                object.set(columns.get(i), value instanceof JsonNode node ? node : Jackson.MAPPER.valueToTree(value));
            }
        }
        out.println(Jackson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(array));
    }

    private static String text(Object value) {
        if (value == null) {
            return "NULL";
        }
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
    }
}
