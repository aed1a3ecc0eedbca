package fivetran.connector.sdk.internal;

import java.util.Map;

/**
 * Where {@link fivetran.connector.sdk.Operations} sends its calls: the local tester's sync, or a scratch
 * warehouse opened from JShell. Internal to the SDK; connectors call {@code Operations}.
 */
public interface OperationSink {
    void upsert(String table, Map<String, ?> data);

    void update(String table, Map<String, ?> modified);

    void delete(String table, Map<String, ?> keys);

    void truncate(String table);

    void checkpoint(Map<String, ?> state);
}
