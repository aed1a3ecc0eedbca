/**
 * The SDK's tools, never in a connector's package: the launcher (setup, shell, the catalog's aliases).
 */
package fivetran.connector.sdk.launcher;
