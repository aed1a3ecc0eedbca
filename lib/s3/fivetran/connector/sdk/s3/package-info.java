/**
 * Amazon S3 for connectors ({@code lib/s3.java}): {@link fivetran.connector.sdk.s3.S3Clients} builds an S3 client from
 * configuration (static keys or the default credential chain, region, an S3-compatible endpoint, path-style), and
 * {@link fivetran.connector.sdk.s3.S3NewObjects} lists the objects of a bucket and prefix not synced yet, oldest first,
 * keeping its cursor in state. On the AWS SDK for Java v2; a module of its own, so that only connectors that use it
 * carry it.
 */
package fivetran.connector.sdk.s3;
