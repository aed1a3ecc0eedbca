/**
 * The SDK's tools, never in a connector's package: the emulated APIs the HTTP examples sync from offline ({@code
 * example-api}), and the tests.
 */
package fivetran.connector.sdk.demo;
