/**
 * Internal to the SDK: the connector's command line (debug, reset, inspect, query, version), a thin layer of picocli
 * commands over {@link fivetran.connector.sdk.engine.SyncEngine}; package and deploy run in the SDK's tools. Not an
 * API; it changes without notice.
 */
package fivetran.connector.sdk.cli;
