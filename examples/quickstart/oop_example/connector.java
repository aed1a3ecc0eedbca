///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//SOURCES NpsClient.java NpsTable.java ParksTable.java PeopleTable.java AlertsTable.java ArticlesTable.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import java.util.List;

/**
 * The National Park Service's API, one class per endpoint: each table class (ParksTable, PeopleTable, AlertsTable,
 * ArticlesTable) extends NpsTable with its path, its table and its row mapping; NpsTable syncs any of them through the
 * shared NpsClient. The connector only lists the tables.
 */
class connector {
    static List<NpsTable> tables() {
        return List.of(new ParksTable(), new PeopleTable(), new AlertsTable(), new ArticlesTable());
    }

    static List<Table> schema(Configuration configuration) {
        return tables().stream().map(NpsTable::table).toList();
    }

    static void update(Configuration configuration, State state) {
        NpsClient nps = new NpsClient(configuration);
        for (NpsTable table : tables()) {
            table.sync(nps, state);
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
