package fivetran.connector.sdk;

import fivetran.connector.sdk.internal.Sinks;
import java.util.Map;

/**
 * What a connector's {@code update} writes. Every method may be called from many threads at once; the rows
 * written before a {@link #checkpoint(Map)} are committed together with its state, or not at all.
 *
 * <p>Column names are the map keys; values are Java objects as listed in {@link DataType}.
 */
public final class Operations {
    private Operations() {
    }

    /**
     * Inserts the row, or replaces the row with the same primary key entirely (columns left out become null).
     * In a table without a primary key, identical rows collapse into one.
     */
    public static void upsert(String table, Map<String, ?> data) {
        Sinks.current().upsert(table, data);
    }

    /**
     * Upserts a Java record, a bean through its getters, or a Jackson JSON object; component, property or field
     * names are the columns.
     */
    public static void upsert(String table, Object record) {
        Sinks.current().upsert(table, ObjectRows.toMap(table, record));
    }

    /** Changes only the given columns of the row with the given primary key; nothing happens if there is none. */
    public static void update(String table, Map<String, ?> modified) {
        Sinks.current().update(table, modified);
    }

    /** Marks the row with the given primary key deleted ({@code _fivetran_deleted = true}). */
    public static void delete(String table, Map<String, ?> keys) {
        Sinks.current().delete(table, keys);
    }

    /** Marks every row written to the table before this call deleted; rows written afterwards stay live. */
    public static void truncate(String table) {
        Sinks.current().truncate(table);
    }

    /**
     * Commits every row written so far together with {@code state}, which the next sync receives. The state must
     * serialize to a JSON object.
     */
    public static void checkpoint(Map<String, ?> state) {
        Sinks.current().checkpoint(state);
    }
}
