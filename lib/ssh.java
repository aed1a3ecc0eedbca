///usr/bin/env jbang "$0" "$@" ; exit $?
// Connector SDK for Java: SSH tunnels for connectors whose source sits behind an SSH server or a bastion host. A
// connector that needs one adds //DEPS to this file (or, after setup, fivetran.connector:connector-sdk-ssh:0.1.0), so
// that only those connectors carry Apache MINA SSHD in their class path and package.
//JAVA 17+
//GAV fivetran.connector:connector-sdk-ssh:0.1.0
//DESCRIPTION Connector SDK for Java: SSH tunnels (local port forwarding) for connectors.
// (./.././ because JBang refuses a build that reaches one source dependency twice under one spelling; the suite
// depends on this file, lib/testkit.java and connector-sdk.java, each of which spells it otherwise)
//DEPS ./.././connector-sdk.java
//DEPS org.apache.sshd:sshd-core:2.20.0
//DEPS net.i2p.crypto:eddsa:0.3.0
//SOURCES ssh/**.java
