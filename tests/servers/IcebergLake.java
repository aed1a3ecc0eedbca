///usr/bin/env jbang "$0" "$@" ; exit $?
// A lake for run's tests, on 127.0.0.1 only: S3Proxy (an S3 API on jclouds' in-memory blob store) and a real Iceberg
// REST catalog: Iceberg's own RESTCatalogAdapter and RESTCatalogServlet (the classes of its RESTCatalogServer fixture,
// which binds every address) over a JdbcCatalog on SQLite whose files are in the S3 bucket. A filter in front asks
// every request for the bearer token, and answers OAuth2 client-credentials requests itself. A JVM of its own: S3Proxy
// needs Jetty 11, which nothing else here may see.
//   IcebergLake.java DIR TOKEN CLIENT_ID:CLIENT_SECRET   prints "lake ready rest=URI s3=URI", then each request's
//   method and path; stops when its standard input closes.
//JAVA 17+
//DEPS org.apache.iceberg:iceberg-core:1.11.0
//DEPS org.apache.iceberg:iceberg-core:1.11.0:tests
//DEPS org.apache.iceberg:iceberg-aws:1.11.0
//DEPS software.amazon.awssdk:s3:2.57.8
//DEPS software.amazon.awssdk:kms:2.57.8
//DEPS software.amazon.awssdk:sts:2.57.8
//DEPS software.amazon.awssdk:apache-client:2.57.8
//DEPS org.xerial:sqlite-jdbc:3.51.1.0
//DEPS org.gaul:s3proxy:3.0.0
// the AWS SDK's version management would otherwise apply to S3Proxy's Jetty and jclouds' Guava
//DEPS org.eclipse.jetty:jetty-bom:11.0.26@pom
//DEPS com.google.guava:guava:33.5.0-jre
//DEPS org.slf4j:slf4j-api:2.0.17

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.rest.RESTCatalogAdapter;
import org.apache.iceberg.rest.RESTCatalogServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

public class IcebergLake {
    static final String BUCKET = "lake";
    static final String ACCESS_KEY = "lake-access-key";
    static final String SECRET_KEY = "lake-secret-key";

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(ch.qos.logback.classic.Level.ERROR);
        // S3Proxy refuses the AWS SDK's default checksums (since 2.30)
        System.setProperty("aws.requestChecksumCalculation", "when_required");
        System.setProperty("aws.responseChecksumValidation", "when_required");
        Path dir = Path.of(args[0]).toAbsolutePath();
        String token = args[1];
        String[] client = args[2].split(":", 2);

        BlobStore store = ContextBuilder.newBuilder("transient").credentials("", "").build(BlobStoreContext.class).getBlobStore();
        store.createContainerInLocation(null, BUCKET);
        S3Proxy s3 = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY).build();
        s3.start();
        while (!"STARTED".equals(s3.getState())) {
            Thread.sleep(10);
        }
        String s3Uri = "http://127.0.0.1:" + s3.getPort();

        Map<String, String> backend = new HashMap<>();
        backend.put("uri", "jdbc:sqlite:" + dir.resolve("rest-catalog.db"));
        backend.put("jdbc.schema-version", "V1");
        backend.put("warehouse", "s3://" + BUCKET + "/warehouse");
        backend.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
        backend.put("s3.endpoint", s3Uri);
        backend.put("s3.path-style-access", "true");
        backend.put("s3.access-key-id", ACCESS_KEY);
        backend.put("s3.secret-access-key", SECRET_KEY);
        backend.put("client.region", "us-east-1");
        backend.put("type", "jdbc");
        Class.forName("org.sqlite.JDBC");
        Catalog catalog = CatalogUtil.buildIcebergCatalog("lake", backend, null);

        Server rest = new Server();
        ServerConnector connector = new ServerConnector(rest);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        rest.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.addFilter(new FilterHolder(new Guard(token, client[0], client[1])), "/*", EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new RESTCatalogServlet(new RESTCatalogAdapter(catalog))), "/*");
        rest.setHandler(context);
        rest.start();

        System.out.println("lake ready rest=http://127.0.0.1:" + connector.getLocalPort() + " s3=" + s3Uri);
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the test closes our standard input
        }
        rest.stop();
        s3.stop();
        System.exit(0);
    }

    /** Each request needs the token, or the one issued for the client's credentials; each is printed (method, path). */
    static final class Guard implements Filter {
        private final Set<String> accepted;
        private final String clientId;
        private final String clientSecret;

        Guard(String token, String clientId, String clientSecret) {
            this.accepted = Set.of("Bearer " + token, "Bearer issued-to-" + clientId);
            this.clientId = clientId;
            this.clientSecret = clientSecret;
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws java.io.IOException, jakarta.servlet.ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            String path = request.getRequestURI();
            synchronized (System.out) {
                System.out.println("request " + request.getMethod() + " " + path);
                System.out.flush();
            }
            if (path.endsWith("/v1/oauth/tokens")) {
                Map<String, String> form = new HashMap<>();
                for (String pair : new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("&")) {
                    String[] kv = pair.split("=", 2);
                    form.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                }
                boolean good = "client_credentials".equals(form.get("grant_type")) && clientId.equals(form.get("client_id"))
                        && clientSecret.equals(form.get("client_secret"));
                response.setContentType("application/json");
                response.setStatus(good ? 200 : 401);
                response.getWriter().write(good ? "{\"access_token\": \"issued-to-" + clientId + "\", \"token_type\": \"bearer\", "
                        + "\"issued_token_type\": \"urn:ietf:params:oauth:token-type:access_token\", \"expires_in\": 3600}"
                        : "{\"error\": \"invalid_client\", \"error_description\": \"unknown client or wrong secret\"}");
                return;
            }
            String authorization = request.getHeader("Authorization");
            if (authorization == null || !accepted.contains(authorization)) {
                response.setContentType("application/json");
                response.setStatus(401);
                response.getWriter().write("{\"error\": {\"message\": \"Not authorized: a bearer token is required\", \"type\": \"NotAuthorizedException\", \"code\": 401}}");
                return;
            }
            chain.doFilter(req, res);
        }
    }
}
