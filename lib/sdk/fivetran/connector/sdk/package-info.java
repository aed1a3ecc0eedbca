/**
 * The Connector SDK's API: {@link fivetran.connector.sdk.Connector}, {@link fivetran.connector.sdk.Configuration},
 * {@link fivetran.connector.sdk.State}, {@link fivetran.connector.sdk.Table}, {@link fivetran.connector.sdk.DataType},
 * {@link fivetran.connector.sdk.Operations} and {@link fivetran.connector.sdk.Logging}. Helpers: {@code http}, {@code
 * jdbc}, {@code util}, {@code sample}.
 */
package fivetran.connector.sdk;
