///usr/bin/env jbang "$0" "$@" ; exit $?
// Connector SDK for Java: the test kit for connector authors. HTTP record and replay (debug --record DIR and
// debug --replay DIR, on WireMock, served from the tools' own process) and in-process test helpers. It depends on the
// SDK, never the other way round, and is never part of a connector's package.
// JBang refuses a build that reaches one source dependency twice under the same spelling, and lib/tools.java depends on
// both this file and connector-sdk.java: hence ./../connector-sdk.java here and ./testkit.java there.
//JAVA 17+
//GAV fivetran.connector:connector-sdk-testkit:0.1.0
//DESCRIPTION Connector SDK for Java: the test kit (HTTP record and replay, in-process test helpers).
//DEPS ./../connector-sdk.java
//DEPS org.wiremock:wiremock-standalone:3.13.2
//SOURCES testkit/**.java

// No class here: the kit is a library, used by the SDK's tools (http-recording) and by a connector's tests.
