///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../../connector-sdk.java

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.auth.ClientCertificate;
import java.util.List;

/**
 * Mutual TLS with a client certificate given base64-encoded in configuration: a PKCS#12 keystore and its password,
 * and the server certificate to trust (the example API's is self-signed).
 */
class connector {
    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("item").primaryKey("id").column("id", DataType.LONG).column("updated_at", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) {
        Http api = Http.builder(configuration.require("base_url"))
                .sslContext(ClientCertificate.sslContext(configuration.require("client_certificate"),
                        configuration.require("client_certificate_password"), configuration.get("server_certificate")))
                .build();
        for (JsonNode item : api.get("/mtls/items").get("items")) {
            Operations.upsert("item", item);
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
