///usr/bin/env jbang "$0" "$@" ; exit $?
// Connector SDK for Java: the launcher, and the manifest of the SDK that connectors depend on.
// A connector in this repository declares   //DEPS ../../connector-sdk.java
// a connector anywhere else declares        //DEPS /absolute/path/of/this/checkout/connector-sdk.java
//JAVA 17+
//GAV fivetran.connector:connector-sdk:0.1.0
//DESCRIPTION Connector SDK for Java: write a Fivetran connector as one file, sync it into DuckDB locally.
//SOURCES lib/**.java
//DEPS info.picocli:picocli:4.7.7
//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.2
//DEPS com.fasterxml.jackson.datatype:jackson-datatype-jsr310:2.20.2
//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-csv:2.20.2
//DEPS org.duckdb:duckdb_jdbc:1.5.6.0
//DEPS ch.qos.logback:logback-classic:1.5.38
//DEPS org.eclipse.jgit:org.eclipse.jgit:7.8.1.202611041320-r

import fivetran.connector.sdk.launcher.Launcher;

/** The SDK launcher: {@code ./jbang connector-sdk.java setup | shell | version}, and the catalog's aliases. */
class ConnectorSdk {
    public static void main(String... args) {
        System.exit(Launcher.execute(args));
    }
}
