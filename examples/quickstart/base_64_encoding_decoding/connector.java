///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Binary data through text: a JSON API sends file contents as base64, which is decoded into a BINARY column;
 * the other way, a binary digest is base64-encoded into a STRING column (as in an HTTP Content-MD5 header).
 */
class connector {
    /** A file as a JSON API sends it: its bytes base64-encoded. */
    record ApiFile(long id, String name, String contentBase64) {
    }

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("files")
                .primaryKey("id")
                .column("id", DataType.LONG)
                .column("content", DataType.BINARY)
                .column("checksum", DataType.STRING));
    }

    static void update(Configuration configuration, State state) throws NoSuchAlgorithmException {
        for (ApiFile file : fetchFiles()) {
            byte[] content = Base64.getDecoder().decode(file.contentBase64());
            String checksum = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(content));
            Operations.upsert("files", Map.of("id", file.id(), "name", file.name(), "content", content,
                    "size", content.length, "checksum", checksum));
        }
        Operations.checkpoint(state);
    }

    private static List<ApiFile> fetchFiles() {
        return List.of(
                new ApiFile(1, "hello.txt", "aGVsbG8sIHdvcmxk"),
                new ApiFile(2, "pixel.png", "iVBORw0KGgo="),
                new ApiFile(3, "empty.bin", ""));
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
