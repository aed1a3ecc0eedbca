/**
 * The test kit for connector authors, never in a connector's package: HTTP record and replay on WireMock ({@link
 * fivetran.connector.sdk.testkit.HttpRecording}) and in-process test helpers.
 */
package fivetran.connector.sdk.testkit;
