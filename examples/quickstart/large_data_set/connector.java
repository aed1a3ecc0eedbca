///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.sample.SampleSource;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;

/**
 * A large source synced in bounded memory, checkpointing as it goes so that a stopped sync resumes where it
 * stopped. {@code paged_orders} is read a page at a time (one page in memory); {@code streamed_orders} is read
 * as a stream, one record in memory, with a checkpoint every {@code checkpoint_every} rows.
 */
class connector {
    private static final SampleSource SOURCE = SampleSource.of("orders", Duration.ofSeconds(10));

    static void update(Configuration configuration, State state) {
        long sourceRows = configuration.getLong("source_rows");
        syncPages(state, sourceRows, configuration.getInt("page_size", 10_000));
        syncStream(state, sourceRows, configuration.getInt("checkpoint_every", 10_000));
    }

    /** With pagination: each page is written then checkpointed with the id it ends at. */
    private static void syncPages(State state, long sourceRows, int pageSize) {
        long lastId = state.getLong("paged_last_id", 0);
        while (true) {
            List<SampleSource.Record> page = fetchPage(lastId, pageSize, sourceRows);
            if (page.isEmpty()) {
                return;
            }
            page.forEach(order -> Operations.upsert("paged_orders", order));
            lastId = page.get(page.size() - 1).id();
            state.put("paged_last_id", lastId);
            Operations.checkpoint(state);
            Logging.info("paged_orders: synced up to id " + lastId);
        }
    }

    /** Without pagination: one stream of records, checkpointed every {@code checkpointEvery} rows and at its end. */
    private static void syncStream(State state, long sourceRows, int checkpointEvery) {
        long lastId = state.getLong("streamed_last_id", 0);
        Iterator<SampleSource.Record> orders = SOURCE.range(lastId + 1, sourceRows - lastId).iterator();
        long written = 0;
        while (orders.hasNext()) {
            SampleSource.Record order = orders.next();
            Operations.upsert("streamed_orders", order);
            state.put("streamed_last_id", order.id());
            if (++written % checkpointEvery == 0) {
                Operations.checkpoint(state);
            }
        }
        Operations.checkpoint(state);
        Logging.info("streamed_orders: synced " + written + " rows");
    }

    /** What a paginated API returns: at most {@code pageSize} records after {@code lastId}. */
    private static List<SampleSource.Record> fetchPage(long lastId, int pageSize, long sourceRows) {
        return SOURCE.range(lastId + 1, Math.min(pageSize, sourceRows - lastId)).toList();
    }

    public static void main(String[] args) {
        new Connector(connector::update).run(args);
    }
}
