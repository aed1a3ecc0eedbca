/**
 * Internal to the SDK: shared plumbing of every layer (the operation sink, the one JSON mapper, failures shown as
 * they are, text tables). Not an API; it changes without notice.
 */
package fivetran.connector.sdk.internal;
