///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.sample.SampleSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Pages fetched by several threads at once, each writing its rows through Operations (safe from any thread). The
 * cursor only moves when every page of a batch is written, so a failure never leaves a gap behind the cursor.
 */
class connector {
    private static final SampleSource ORDERS = SampleSource.of("orders", Duration.ofMinutes(1));

    static void update(Configuration configuration, State state) throws Exception {
        long sourceRows = configuration.getLong("source_rows");
        int pageSize = configuration.getInt("page_size", 5_000);
        int threads = configuration.getInt("threads", 4);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long lastId = state.getLong("last_id", 0);
            while (lastId < sourceRows) {
                List<Future<?>> batch = new ArrayList<>();
                for (int page = 0; page < threads && lastId < sourceRows; page++) {
                    long first = lastId + 1;
                    long count = Math.min(pageSize, sourceRows - lastId);
                    batch.add(pool.submit(() -> fetchAndWrite(first, count)));
                    lastId += count;
                }
                for (Future<?> page : batch) {
                    page.get();                        // rethrows a page's failure before the cursor moves
                }
                state.put("last_id", lastId);
                Operations.checkpoint(state);
                Logging.info("synced up to id " + lastId + " with " + batch.size() + " pages in parallel");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One page, as an API call running on a worker thread would return it. */
    private static void fetchAndWrite(long firstId, long count) {
        ORDERS.range(firstId, count).forEach(order -> Operations.upsert("orders", order));
    }

    public static void main(String[] args) {
        new Connector(connector::update).run(args);
    }
}
