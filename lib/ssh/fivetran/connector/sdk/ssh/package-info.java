/**
 * SSH tunnels for connectors ({@code lib/ssh.java}): {@link fivetran.connector.sdk.ssh.SshTunnel} forwards a local port
 * through an SSH server to a host and port that only that server reaches, for a JDBC URL or an API's base URL. On
 * Apache MINA SSHD; a module of its own, so that only connectors that use it carry it.
 */
package fivetran.connector.sdk.ssh;
