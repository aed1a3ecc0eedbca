package fivetran.connector.sdk.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** A ZIP archive of CSV files, as an export API returns it, read by the helpers. */
class ZipAndCsvTest {
    private static byte[] zip(Map<String, String> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("exports/"));
            for (var file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void eachFileOfAZipIsReadInOrderAndItsCsvRowsAreMapsWithQuotedFieldsAndEmptyAsNull() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("exports/posts.csv", "id,title,body\n1,Hello,\"a, b\n\"\"quoted\"\"\"\n2,,x\n");
        files.put("exports/clicks.csv", "post_id;clicks\n1;7\n");
        List<String> names = new ArrayList<>();
        Map<String, List<Map<String, String>>> rows = new LinkedHashMap<>();
        Zip.forEachEntry(zip(files), (name, content) -> {
            names.add(name);
            List<Map<String, String>> read = new ArrayList<>();
            Csv.rows(content, name.contains("clicks") ? ';' : ',').forEachRemaining(read::add);
            rows.put(name, read);
        });
        assertEquals(List.of("exports/posts.csv", "exports/clicks.csv"), names, "the folder entry is skipped");
        assertEquals("a, b\n\"quoted\"", rows.get("exports/posts.csv").get(0).get("body"));
        assertEquals(null, rows.get("exports/posts.csv").get(1).get("title"));
        assertTrue(rows.get("exports/posts.csv").get(1).containsKey("title"));
        assertEquals(List.of(Map.of("post_id", "1", "clicks", "7")), rows.get("exports/clicks.csv"));
    }

    @Test
    void aBodyThatIsNotAZipIsRefusedWithItsStartAndABrokenCsvNamesItsRow() {
        byte[] json = "{\"error\": \"export expired\"}".getBytes(StandardCharsets.UTF_8);
        UncheckedIOException notZip = assertThrows(UncheckedIOException.class, () -> Zip.forEachEntry(json, (name, content) -> { }));
        assertEquals("the ZIP archive cannot be read: it is not a ZIP archive: it starts with \"{\"er\"", notZip.getMessage());

        byte[] cut;
        try {
            byte[] whole = zip(Map.of("a.csv", "id\n" + "1\n".repeat(5000)));
            cut = Arrays.copyOf(whole, whole.length / 2);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        UncheckedIOException truncated = assertThrows(UncheckedIOException.class, () -> Zip.forEachEntry(cut, (name, content) -> content.readAllBytes()));
        assertTrue(truncated.getMessage().startsWith("the ZIP archive cannot be read"), truncated.getMessage());

        UncheckedIOException badCsv = assertThrows(UncheckedIOException.class, () -> Csv.rows("id,name\n1,a\n2,\"b\n"));
        assertTrue(badCsv.getMessage().startsWith("the CSV cannot be read at row 2 after the header: "), badCsv.getMessage());
        Iterator<Map<String, String>> streamed = Csv.rows(new java.io.ByteArrayInputStream("id,name\n1,a\n2,\"b\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(Map.of("id", "1", "name", "a"), streamed.next());
        assertThrows(UncheckedIOException.class, () -> {
            while (streamed.hasNext()) {
                streamed.next();
            }
        });
        assertFalse(Csv.rows("id\n").iterator().hasNext(), "a header alone is no row");
    }
}
