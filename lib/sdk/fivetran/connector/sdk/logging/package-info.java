/**
 * Internal to the SDK: the local log format of Fivetran's tester, on Logback. Connectors log with {@link
 * fivetran.connector.sdk.Logging}. Not an API.
 */
package fivetran.connector.sdk.logging;
