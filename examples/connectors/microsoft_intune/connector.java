///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import com.fasterxml.jackson.databind.JsonNode;
import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.http.Http;
import fivetran.connector.sdk.http.HttpException;
import fivetran.connector.sdk.http.auth.OAuth2;
import fivetran.connector.sdk.http.paging.Page;
import fivetran.connector.sdk.http.paging.Pages;
import fivetran.connector.sdk.http.paging.Pagination;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Intune's managed devices from Microsoft Graph (GET /v1.0/deviceManagement/managedDevices), with an app registration's
 * client-credentials token from the Microsoft identity platform. The list has no delta query, so every sync reads it
 * whole, following @odata.nextLink, and checkpoints each page; at the end, devices of the last sync that are no longer
 * listed are deleted.
 */
class connector {
    static final String TABLE = "managed_devices";
    /** A tenant is a GUID or a domain name (contoso.onmicrosoft.com): nothing that changes the token URL's path. */
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9.-]+");

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named(TABLE).primaryKey("id")
                .column("id", DataType.STRING)
                .column("deviceName", DataType.STRING)
                .column("userPrincipalName", DataType.STRING)
                .column("operatingSystem", DataType.STRING)
                .column("osVersion", DataType.STRING)
                .column("complianceState", DataType.STRING)
                .column("enrolledDateTime", DataType.UTC_DATETIME)
                .column("lastSyncDateTime", DataType.UTC_DATETIME)
                .column("isEncrypted", DataType.BOOLEAN)
                .column("totalStorageSpaceInBytes", DataType.LONG)
                .column("freeStorageSpaceInBytes", DataType.LONG)
                .column("deviceActionResults", DataType.JSON));
    }

    static void update(Configuration configuration, State state) {
        String tenant = configuration.require("tenant_id");
        if (!TENANT.matcher(tenant).matches()) {
            throw new IllegalArgumentException("configuration 'tenant_id' is not a tenant id or domain name");
        }
        String graphUrl = strip(configuration.get("graph_url", "https://graph.microsoft.com"));
        String tokenUrl = strip(configuration.get("login_url", "https://login.microsoftonline.com")) + "/" + tenant + "/oauth2/v2.0/token";
        // the scope is the resource's: the application permissions granted to the app
        OAuth2 token = OAuth2.clientCredentials(tokenUrl, configuration.require("client_id"), configuration.require("client_secret"))
                .scope(graphUrl + "/.default")
                .whenRefused("check configuration 'tenant_id', 'client_id' and 'client_secret'");
        Http api = Http.builder(graphUrl + "/v1.0/").auth(token).build();

        Set<String> seen = new LinkedHashSet<>();
        try {
            for (Page page : Pages.of(api, "deviceManagement/managedDevices", Map.of(), "/value", Pagination.nextUrl("/@odata.nextLink"))) {
                for (JsonNode device : page.items()) {
                    Operations.upsert(TABLE, device);
                    seen.add(device.path("id").asText());
                }
                Operations.checkpoint(state);
            }
        } catch (HttpException e) {
            if (e.status() == 403) {
                throw new IllegalStateException("Microsoft Graph refused to list managed devices (403): the app of configuration 'client_id'"
                        + " needs the application permission DeviceManagementManagedDevices.Read.All, with admin consent", e);
            }
            throw e;
        }

        // the list was read whole: a device of the last sync that is not in it was removed from Intune
        List<String> removed = new ArrayList<>();
        for (Object id : (List<?>) state.getOrDefault("device_ids", List.of())) {
            if (!seen.contains(id.toString())) {
                removed.add(id.toString());
                Operations.delete(TABLE, Map.of("id", id.toString()));
            }
        }
        state.put("device_ids", List.copyOf(new TreeSet<>(seen)));
        Operations.checkpoint(state);
        Logging.info(TABLE + ": " + seen.size() + " devices synced, " + removed.size() + " removed since the last sync");
    }

    private static String strip(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
