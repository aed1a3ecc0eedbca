package fivetran.connector.sdk.util;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Rows of a CSV file with a header line (RFC 4180: quoted fields may hold separators, quotes and line breaks), read by
 * Jackson's CSV module, as maps from column name to text; an empty field is null. For typed rows, read the file into
 * records with Jackson's {@code CsvMapper} instead (see {@code examples/patterns/export/csv}).
 *
 * <pre>{@code
 * for (Map<String, String> row : Csv.rows(api.getText("/export", Map.of(), "text/csv"))) {
 *     operations.upsert("contact", row);
 * }
 * }</pre>
 */
public final class Csv {
    private static final CsvMapper MAPPER = CsvMapper.builder().enable(CsvParser.Feature.EMPTY_STRING_AS_NULL).build();

    private Csv() {
    }

    /** Every row of {@code text}, separated by commas. */
    public static List<Map<String, String>> rows(String text) {
        return rows(text, ',');
    }

    /** Every row of {@code text}, separated by {@code separator} ({@code ';'}, {@code '\t'}...). */
    public static List<Map<String, String>> rows(String text, char separator) {
        List<Map<String, String>> rows = new ArrayList<>();
        try (MappingIterator<Map<String, String>> values = reader(separator).readValues(text)) {
            values.forEachRemaining(rows::add);
        } catch (IOException | RuntimeException e) {
            throw failure(rows.size(), e);
        }
        return rows;
    }

    /** The rows of {@code content}, separated by commas, read as they are consumed: for a file larger than memory. */
    public static Iterator<Map<String, String>> rows(InputStream content) {
        return rows(content, ',');
    }

    /** The rows of {@code content}, separated by {@code separator}, read as they are consumed. */
    public static Iterator<Map<String, String>> rows(InputStream content, char separator) {
        MappingIterator<Map<String, String>> values;
        try {
            values = reader(separator).readValues(content);
        } catch (IOException e) {
            throw failure(0, e);
        }
        return new Iterator<>() {
            private int read;

            @Override
            public boolean hasNext() {
                try {
                    return values.hasNextValue();
                } catch (IOException | RuntimeException e) {
                    throw failure(read, e);
                }
            }

            @Override
            public Map<String, String> next() {
                try {
                    Map<String, String> row = values.nextValue();
                    read++;
                    return row;
                } catch (IOException | RuntimeException e) {
                    throw failure(read, e);
                }
            }
        };
    }

    private static ObjectReader reader(char separator) {
        return MAPPER.readerForMapOf(String.class).with(CsvSchema.emptySchema().withHeader().withColumnSeparator(separator));
    }

    private static UncheckedIOException failure(int rowsRead, Exception e) {
        String message = "the CSV cannot be read at row " + (rowsRead + 1) + " after the header: " + e.getMessage();
        return new UncheckedIOException(message, e instanceof IOException io ? io : new IOException(e.getMessage(), e));
    }
}
