/**
 * The SDK's tools, never in a connector's package: package (the zip) and deploy (Fivetran's REST API).
 */
package fivetran.connector.sdk.deploy;
