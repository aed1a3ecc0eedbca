///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS SDK_HOME/connector-sdk.java
//SOURCES ScriptedConnector.java
// The scripted test connector through JBang: fivetran.connector.sdk.testing.ScriptedConnector, which Project.scripted
// copies beside this file.

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.testing.ScriptedConnector;

class connector {
    public static void main(String[] args) {
        new Connector(ScriptedConnector::update, ScriptedConnector::schema).run(args);
    }
}
