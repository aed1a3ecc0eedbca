package fivetran.connector.sdk.http;

import fivetran.connector.sdk.Logging;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Waits for a job that an API runs on its side: a report, an export, a query. The connector submits it, then
 * {@link #await} polls its status, waiting {@code first} and then twice as long each time up to {@code atMost}, until the
 * status says it succeeded (its last answer is returned: it names the results to download), failed, or the timeout ran
 * out; both of the latter stop the sync with a message that names the job and its last answer.
 *
 * <pre>{@code
 * String id = api.post("/reports", request).get("report_id").asText();
 * JsonNode done = AsyncJob.every(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(30)).timeout(Duration.ofMinutes(30))
 *         .await("report " + id, () -> api.get("/reports/" + id), status -> switch (status.path("status").asText()) {
 *             case "completed" -> AsyncJob.Status.SUCCEEDED;
 *             case "failed", "cancelled" -> AsyncJob.Status.FAILED;
 *             default -> AsyncJob.Status.RUNNING;
 *         });
 * byte[] results = api.getBytes(done.get("download_url").asText(), Map.of(), "text/csv");
 * }</pre>
 */
public final class AsyncJob {
    private static final int EXCERPT = 300;

    /** What a status answer says of the job. */
    public enum Status { RUNNING, SUCCEEDED, FAILED }

    private final Duration first;
    private final Duration atMost;
    private final Duration timeout;

    private AsyncJob(Duration first, Duration atMost, Duration timeout) {
        this.first = first;
        this.atMost = atMost;
        this.timeout = timeout;
    }

    /** Polls after {@code first}, then after twice as long each time, up to 1 minute; gives up after 1 hour. */
    public static AsyncJob every(Duration first) {
        requirePositive(first, "first");
        return new AsyncJob(first, first.compareTo(Duration.ofMinutes(1)) > 0 ? first : Duration.ofMinutes(1), Duration.ofHours(1));
    }

    /** The longest wait between two polls; {@code every(d).atMost(d)} polls at a fixed interval. */
    public AsyncJob atMost(Duration interval) {
        requirePositive(interval, "atMost");
        return new AsyncJob(first.compareTo(interval) > 0 ? interval : first, interval, timeout);
    }

    /** How long the job may take, from the first poll, before the sync gives up on it. */
    public AsyncJob timeout(Duration timeout) {
        requirePositive(timeout, "timeout");
        return new AsyncJob(first, atMost, timeout);
    }

    /**
     * Polls {@code poll} until {@code status} of its answer is SUCCEEDED, and returns that answer. {@code job} names
     * the job in messages ({@code "report 42"}). A FAILED answer, or the timeout, throws {@link IllegalStateException}.
     * The first poll is sent at once; an answer's {@code toString()} (a JSON body's text) goes into the messages.
     */
    public <T> T await(String job, Supplier<T> poll, Function<T, Status> status) {
        Objects.requireNonNull(job, "job");
        Instant deadline = Instant.now().plus(timeout);
        Duration wait = first;
        for (int polls = 1; ; polls++) {
            T answer = poll.get();
            Status said = Objects.requireNonNull(status.apply(answer), "the status function returned null for " + job);
            switch (said) {
                case SUCCEEDED -> {
                    Logging.info(job + " finished (" + polls + (polls == 1 ? " poll)" : " polls)"));
                    return answer;
                }
                case FAILED -> throw new IllegalStateException(job + " failed: " + excerpt(answer));
                case RUNNING -> {
                }
            }
            Instant now = Instant.now();
            if (!now.plus(wait).isBefore(deadline)) {
                throw new IllegalStateException(job + " did not finish within " + describe(timeout) + " (" + polls + " polls); its last status: "
                        + excerpt(answer));
            }
            sleep(wait, job);
            wait = wait.multipliedBy(2).compareTo(atMost) > 0 ? atMost : wait.multipliedBy(2);
        }
    }

    private static void sleep(Duration wait, String job) {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("waiting for " + job + " was interrupted", e);
        }
    }

    private static String excerpt(Object answer) {
        String text = String.valueOf(answer).replaceAll("\\s+", " ").strip();
        return text.length() > EXCERPT ? text.substring(0, EXCERPT) + "…" : text;
    }

    private static String describe(Duration duration) {
        return duration.toMinutes() >= 1 && duration.toSecondsPart() == 0 ? duration.toMinutes() + " min" : duration.toMillis() / 1000.0 + " s";
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be a positive duration, not " + duration);
        }
    }
}
