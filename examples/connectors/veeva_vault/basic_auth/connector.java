///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../../connector-sdk.java
//SOURCES ../VaultObjects.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.auth.Auth;
import java.util.ArrayList;
import java.util.List;

/**
 * Every record of the objects of a Veeva Vault, one table per object, with HTTP Basic authentication. The listing of
 * the objects, their VQL queries and paging, the cursors and the types are those of ../VaultObjects.java, which the
 * session example shares: the objects and their fields from Retrieve Details from All Object Types
 * ({@code GET /api/{version}/configuration/Objecttype}), then per object a VQL query ({@code POST /api/{version}/query})
 * and its {@code next_page} links. An object with {@code modified_date__v} is synced incrementally, in that field's
 * order, with a checkpoint after each page.
 */
class connector {
    /** Upstream's API version. */
    static final String API_VERSION = "v19.3";

    static List<Table> schema(Configuration configuration) {
        List<Table> tables = new ArrayList<>();
        for (VaultObjects.VaultObject object : vault(configuration).objects()) {
            tables.add(Table.named(object.name()).primaryKey("id").column("id", DataType.STRING));
        }
        return tables;
    }

    static void update(Configuration configuration, State state) {
        vault(configuration).sync(state);
    }

    /** The vault over Basic authentication: every call carries username and password, there is no session to renew. */
    static VaultObjects vault(Configuration configuration) {
        Auth basic = Auth.basic(configuration.require("username"), configuration.require("password"));
        return new VaultObjects(configuration, VaultObjects.client(configuration, basic), VaultObjects.version(configuration, API_VERSION),
                "the credentials", VaultObjects.NO_SESSION);
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
