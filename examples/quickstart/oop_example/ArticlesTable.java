import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Table;
import java.util.LinkedHashMap;
import java.util.Map;

/** GET /articles: articles about the parks, with the parks they relate to. */
class ArticlesTable extends NpsTable {
    @Override
    String path() {
        return "articles";
    }

    @Override
    String key() {
        return "article_id";
    }

    @Override
    Table table() {
        return Table.named(path()).primaryKey(key()).column("article_id", DataType.STRING).column("title", DataType.STRING)
                .column("url", DataType.STRING).column("listing_description", DataType.STRING)
                .column("park_codes", DataType.JSON).column("park_names", DataType.JSON).column("states", DataType.JSON);
    }

    @Override
    Map<String, Object> row(JsonNode article) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("article_id", text(article, "id"));
        row.put("title", text(article, "title"));
        row.put("url", text(article, "url"));
        row.put("listing_description", text(article, "listingDescription"));
        row.put("park_codes", each(article, "relatedParks", "parkCode"));
        row.put("park_names", each(article, "relatedParks", "fullName"));
        row.put("states", each(article, "relatedParks", "states"));
        return row;
    }
}
