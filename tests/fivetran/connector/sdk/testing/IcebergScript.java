package fivetran.connector.sdk.testing;

/**
 * The sync that {@code run} and {@code debug} are compared on: one table with every Fivetran type (BINARY declared only:
 * a script's JSON has no bytes), upserts, a row upserted twice in a checkpoint, a partial update, a delete, a truncate,
 * two tables without a primary key, a column added, a promotion INT to LONG ({@code items.extra}), a change to STRING
 * that Iceberg cannot make in place ({@code logs.v}), three checkpoints; and the next sync's one new row.
 */
public final class IcebergScript {
    public static final String SCHEMA = """
            [{"table": "items", "primary_key": ["id"], "columns": {"id": "INT", "name": "STRING", "price": "DOUBLE", "meta": "JSON",
              "day": "NAIVE_DATE", "at": "UTC_DATETIME", "local": "NAIVE_DATETIME", "amount": {"type": "DECIMAL", "precision": 10, "scale": 2},
              "flag": "BOOLEAN", "small": "SHORT", "big": "LONG", "ratio": "FLOAT", "doc": "XML", "blob": "BINARY"}}]""";
    public static final String SCRIPT = """
            [{"op": "upsert", "table": "items", "data": {"id": 1, "name": "a", "price": 1.5, "meta": {"x": [1, 2]}, "day": "2024-01-02",
               "at": "2024-01-02T03:04:05Z", "local": "2024-01-02T03:04:05", "amount": "12.50", "flag": true, "small": 7, "big": 9007199254740993,
               "ratio": 0.5, "doc": "<a>1</a>"}},
             {"op": "upsert", "table": "items", "data": {"id": 2, "name": "b", "price": 2.5}},
             {"op": "upsert", "table": "items", "data": {"id": 2, "name": "b twice", "price": 2.75}},
             {"op": "upsert", "table": "items", "data": {"id": 3, "name": "c"}},
             {"op": "upsert", "table": "notes", "data": {"text": "hello", "n": 1}},
             {"op": "upsert", "table": "notes", "data": {"text": "bye", "n": 2}},
             {"op": "upsert", "table": "logs", "data": {"k": 1, "v": 10}},
             {"op": "upsert", "table": "logs", "data": {"k": 2, "v": 20}},
             {"op": "checkpoint", "state": {"cursor": 1}},
             {"op": "update", "table": "items", "data": {"id": 1, "name": "a1"}},
             {"op": "delete", "table": "items", "data": {"id": 2}},
             {"op": "upsert", "table": "items", "data": {"id": 4, "name": "d", "extra": 5}},
             {"op": "upsert", "table": "notes", "data": {"text": "hello", "n": 1}},
             {"op": "truncate", "table": "logs"},
             {"op": "upsert", "table": "logs", "data": {"k": 3, "v": 30}},
             {"op": "checkpoint", "state": {"cursor": 2}},
             {"op": "upsert", "table": "logs", "data": {"k": 4, "v": "forty"}},
             {"op": "update", "table": "items", "data": {"id": 3, "price": 3.25}},
             {"op": "upsert", "table": "items", "data": {"id": 5, "name": "e", "extra": 9007199254740993}},
             {"op": "checkpoint", "state": {"cursor": 3}}]""";
    /** One more row, id 6 of items, and the checkpoint {"cursor": 4}: the next sync after {@link #SCRIPT}. */
    public static final String NEXT_ROW = """
            [{"op": "upsert", "table": "items", "data": {"id": 6, "name": "f"}}, {"op": "checkpoint", "state": {"cursor": 4}}]""";

    private IcebergScript() {
    }
}
