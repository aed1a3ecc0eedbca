///usr/bin/env jbang "$0" "$@" ; exit $?
// Connector SDK for Java: the manifest of the SDK that connectors depend on, and the launcher's entry.
// A connector in this repository declares   //DEPS ../../../connector-sdk.java   (relative to its folder, e.g. examples/quickstart/hello)
// a connector anywhere else declares        //DEPS /absolute/path/of/this/checkout/connector-sdk.java
// or, after `setup`,                        //DEPS fivetran.connector:connector-sdk:0.1.0
// Only the runtime is compiled here (lib/sdk): the API, the helpers, the sync engine with its DuckDB tester and the
// connector's commands. The launcher, package/deploy and the emulated APIs are lib/tools.java, which a connector's
// package never holds.
//JAVA 17+
//GAV fivetran.connector:connector-sdk:0.1.0
//DESCRIPTION Connector SDK for Java: write a Fivetran connector as one file, sync it into DuckDB locally.
//SOURCES lib/sdk/**.java
//FILES META-INF/services/fivetran.connector.sdk.Connector$Runtime=lib/sdk/META-INF/services/fivetran.connector.sdk.Connector$Runtime
//DEPS info.picocli:picocli:4.7.7
//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.2
//DEPS com.fasterxml.jackson.datatype:jackson-datatype-jsr310:2.20.2
//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-csv:2.20.2
//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-xml:2.20.2
//DEPS org.duckdb:duckdb_jdbc:1.5.6.0
//DEPS ch.qos.logback:logback-classic:1.5.38
// The versions the runtime needs of its libraries' own dependencies, named here because JBang applies a dependency's
// version management to the whole build: a connector's vendor library whose POM manages older ones (Neo4j's driver:
// SLF4J 1.7 and Jackson 2.18; Olingo: Jackson 2.14; Log4j's: Jackson 2.17 and Logback 1.3) must not replace them.
//DEPS com.fasterxml.jackson:jackson-bom:2.20.2@pom
//DEPS com.fasterxml.jackson.core:jackson-core:2.20.2
//DEPS com.fasterxml.jackson.core:jackson-annotations:2.20
//DEPS org.slf4j:slf4j-api:2.0.17
//DEPS ch.qos.logback:logback-core:1.5.38
//MAIN fivetran.connector.sdk.cli.SdkTools

// No class here: the entry is the SDK's own command line class, so that a connector's package holds no launcher.
