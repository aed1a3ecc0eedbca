///usr/bin/env jbang "$0" "$@" ; exit $?
// The SDK's tools, apart from what a connector runs: the launcher (setup, shell, the catalog's aliases), package and
// deploy, and the emulated APIs that the examples sync from offline (example-api). Never part of a connector's package.
//JAVA 17+
//DESCRIPTION Connector SDK for Java: launcher, package/deploy, emulated example APIs.
//DEPS ../connector-sdk.java
//DEPS ./testkit.java
//DEPS org.eclipse.jgit:org.eclipse.jgit:7.8.1.202611041320-r
//SOURCES tools/**.java
//SOURCES demo/**.java
//MAIN fivetran.connector.sdk.launcher.Launcher

// No class here: the entry is the launcher's own command class.
