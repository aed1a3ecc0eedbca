package fivetran.connector.outside;

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import java.util.Map;

/** A connector outside the SDK's packages, as a user's is, that writes a row the SDK refuses on line {@link #LINE}. */
public final class RefusingConnector {
    public static final int LINE = 16;

    private RefusingConnector() {
    }

    public static void update(Configuration configuration, State state) {
        Operations.delete("t", Map.of("other", 1));
    }
}
