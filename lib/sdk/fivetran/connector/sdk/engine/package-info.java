/**
 * The sync engine, callable in-process: {@link fivetran.connector.sdk.engine.SyncEngine} runs a connector into a
 * project's local warehouse and returns a {@link fivetran.connector.sdk.engine.SyncResult}; {@link
 * fivetran.connector.sdk.engine.Scratch} keeps a sync open for JShell.
 */
package fivetran.connector.sdk.engine;
