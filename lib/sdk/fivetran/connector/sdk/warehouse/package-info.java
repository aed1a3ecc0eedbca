/**
 * Internal to the SDK: the local tester's DuckDB warehouse: staging, set-wise merges, naming, types and values, and
 * the state committed with the rows. Connectors reach it through {@link fivetran.connector.sdk.Operations}; tests and
 * tools through {@link fivetran.connector.sdk.engine.SyncEngine}. Not an API; it changes without notice.
 */
package fivetran.connector.sdk.warehouse;
