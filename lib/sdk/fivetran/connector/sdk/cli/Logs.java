package fivetran.connector.sdk.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The loggers of the local tester's output, named as in Fivetran's tester. */
final class Logs {
    static final Logger SDK = LoggerFactory.getLogger("sdk");

    private Logs() {
    }
}
