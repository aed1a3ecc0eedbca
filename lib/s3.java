///usr/bin/env jbang "$0" "$@" ; exit $?
// Connector SDK for Java: Amazon S3 (and S3-compatible stores) for connectors that read files from a bucket. A
// connector that needs it adds //DEPS to this file (or, after setup, fivetran.connector:connector-sdk-s3:0.1.0), so
// that only those connectors carry the AWS SDK for Java in their class path and package.
//JAVA 17+
//GAV fivetran.connector:connector-sdk-s3:0.1.0
//DESCRIPTION Connector SDK for Java: Amazon S3 clients from configuration and incremental listing of new objects.
// (./../././ because JBang refuses a build that reaches one source dependency twice under one spelling; the suite
// depends on this file, lib/ssh.java, lib/testkit.java and connector-sdk.java, which spell it ./.././, ./../ and so on)
//DEPS ./../././connector-sdk.java
//DEPS software.amazon.awssdk:s3:2.57.8
//SOURCES s3/**.java
