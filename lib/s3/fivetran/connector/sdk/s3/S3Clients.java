package fivetran.connector.sdk.s3;

import fivetran.connector.sdk.Configuration;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** S3 clients built from a connector's configuration. */
public final class S3Clients {
    private S3Clients() {
    }

    /**
     * An S3 client (close it when done) from these configuration keys:
     * <ul>
     *   <li>{@code aws_access_key_id} and {@code aws_secret_access_key}: static keys; without an access key id, the
     *       AWS SDK's default credential chain (environment, profile, container or instance role);</li>
     *   <li>{@code region_name}: the bucket's region, {@code us-east-1} by default;</li>
     *   <li>{@code endpoint_url}: the endpoint of an S3-compatible store (MinIO, S3Proxy, ...), else AWS's own;</li>
     *   <li>{@code force_path_style}: {@code true} for path-style addresses (endpoint/bucket/key), which most
     *       S3-compatible stores need; {@code false} by default.</li>
     * </ul>
     * Checksums are computed and validated only where S3 requires them: the SDK's default ones (since 2.30) are
     * refused by many S3-compatible stores.
     */
    public static S3Client fromConfiguration(Configuration configuration) {
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(configuration.get("region_name", "us-east-1")))
                .forcePathStyle(configuration.getBoolean("force_path_style", false))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        String accessKey = configuration.get("aws_access_key_id", null);
        builder.credentialsProvider(accessKey == null ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKey, configuration.require("aws_secret_access_key"))));
        String endpoint = configuration.get("endpoint_url", null);
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }
}
