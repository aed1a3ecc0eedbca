package fivetran.connector.sdk.http.auth;

import fivetran.connector.sdk.Logging;
import java.util.Map;
import java.util.function.Supplier;

/** A token from a login call, obtained lazily and again after a 401. */
final class SessionToken implements Auth {
    private final Supplier<String> login;
    private final String header;
    private final String prefix;
    private String token;

    SessionToken(Supplier<String> login, String header, String prefix) {
        this.login = login;
        this.header = header;
        this.prefix = prefix;
    }

    @Override
    public synchronized Map<String, String> headers() {
        if (token == null) {
            token = login.get();
        }
        return Map.of(header, prefix + token);
    }

    @Override
    public synchronized boolean renew() {
        Logging.info("the session expired: logging in again");
        token = null;
        return true;
    }
}
