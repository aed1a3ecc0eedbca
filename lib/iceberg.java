///usr/bin/env jbang "$0" "$@" ; exit $?
// Connector SDK for Java: Apache Iceberg as the destination of `run`. Never on a connector's class path nor in its
// package: `run` has JBang resolve this file (jbang info classpath lib/iceberg.java) and loads it into a class loader
// of its own. Hadoop comes as its two shaded client jars, the smallest set Iceberg's Parquet files and HadoopFileIO run on.
//JAVA 17+
//GAV fivetran.connector:connector-sdk-iceberg:0.1.0
//DESCRIPTION Connector SDK for Java: run, the sync into Apache Iceberg tables (embedded JDBC catalog on SQLite; REST or JDBC catalogs, local or S3 storage).
// (./.././././ because JBang refuses a build that reaches one source dependency twice under one spelling; see lib/s3.java)
//DEPS ./.././././connector-sdk.java
//DEPS org.apache.iceberg:iceberg-core:1.11.0
//DEPS org.apache.iceberg:iceberg-data:1.11.0
//DEPS org.apache.iceberg:iceberg-parquet:1.11.0
// IcebergGenerics, Iceberg's own reader of generic rows, links its ORC reader too
//DEPS org.apache.iceberg:iceberg-orc:1.11.0
// Hadoop's client runtime would bring Avro 1.11, which Iceberg 1.11 cannot run on
//DEPS org.apache.avro:avro:1.12.1
//DEPS org.apache.hadoop:hadoop-client-api:3.4.2
//DEPS org.apache.hadoop:hadoop-client-runtime:3.4.2
//DEPS org.xerial:sqlite-jdbc:3.51.1.0
// destination.json: S3 storage (Iceberg's S3FileIO on the AWS SDK's S3 client) and a JDBC catalog on PostgreSQL
//DEPS org.apache.iceberg:iceberg-aws:1.11.0
//DEPS software.amazon.awssdk:s3:2.57.8
//DEPS software.amazon.awssdk:kms:2.57.8
//DEPS software.amazon.awssdk:sts:2.57.8
//DEPS software.amazon.awssdk:apache-client:2.57.8
//DEPS org.postgresql:postgresql:42.7.14
// the SDK's XML reader (Jackson on Woodstox 7) must keep its versions where this module is built with it (the test suite)
//DEPS com.fasterxml.woodstox:woodstox-core:7.1.1
//DEPS org.codehaus.woodstox:stax2-api:4.2.2
//SOURCES iceberg/**.java
