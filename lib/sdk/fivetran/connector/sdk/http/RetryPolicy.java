package fivetran.connector.sdk.http;

import java.io.IOException;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * When a request is sent again, and after how long: an immutable value, with the one retry loop ({@link #send}) that
 * {@link Http} and the {@code deploy} command's Fivetran API client both run.
 *
 * <ul>
 * <li>A 429 is retried.</li>
 * <li>A 5xx answer or an I/O error is retried only when the request is idempotent: its method is one of
 * {@link #idempotentMethods()} (GET, HEAD, PUT, DELETE and OPTIONS unless told otherwise), since a POST that failed
 * may still have been carried out. I/O errors are retried only when {@link Builder#retryIoErrors} says so.</li>
 * <li>With {@link Builder#rateLimitHeaders} (GitHub's way), a 403 is a rate limit, and retried, when it carries
 * {@code Retry-After} or {@code X-RateLimit-Remaining: 0} with {@code X-RateLimit-Reset}.</li>
 * <li>The wait is what the server asks for ({@code Retry-After}, else the rate limit's reset), at most
 * {@link #retryAfterCap()}; else the base delay doubled at each attempt, at most {@link #maxDelay()}, and with jitter a
 * random duration between half of that and all of it.</li>
 * </ul>
 *
 * <pre>{@code
 * RetryPolicy patient = RetryPolicy.builder().maxAttempts(10).delays(Duration.ofSeconds(1), Duration.ofMinutes(5)).build();
 * RetryPolicy queries = RetryPolicy.builder().idempotent("POST").build();   // this API's POSTs are searches
 * }</pre>
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, boolean jitter, Set<String> idempotentMethods,
        boolean retryIoErrors, Duration retryAfterCap, boolean rateLimitHeaders) {
    private static final Set<String> STANDARD_IDEMPOTENT = Set.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS");

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        for (Duration duration : List.of(baseDelay, maxDelay, retryAfterCap)) {
            if (duration.isNegative()) {
                throw new IllegalArgumentException("a delay must not be negative, was " + duration);
            }
        }
        idempotentMethods = idempotentMethods.stream().map(method -> method.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * {@link Http}'s policy: 6 attempts, waits from 0.5 s doubling up to 60 s with jitter, {@code Retry-After} honoured
     * up to 60 s, I/O errors retried, GitHub's rate-limit headers read.
     */
    public static RetryPolicy defaults() {
        return builder().build();
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this policy. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Whether a {@code method} request answered {@code status} with {@code headers} on attempt {@code attempt} (from 1) is sent again. */
    public boolean retries(String method, int status, HttpHeaders headers, int attempt) {
        return attempt < maxAttempts && (status == 429 || status >= 500 && isIdempotent(method) || status == 403 && rateLimited(headers));
    }

    /** Whether a {@code method} request that failed with an I/O error on attempt {@code attempt} (from 1) is sent again. */
    public boolean retriesIoError(String method, int attempt) {
        return retryIoErrors && attempt < maxAttempts && isIdempotent(method);
    }

    public boolean isIdempotent(String method) {
        return idempotentMethods.contains(method.toUpperCase(Locale.ROOT));
    }

    /** The wait after attempt {@code attempt} (from 1) was answered with {@code headers}: the server's, capped, else the backoff. */
    public Duration delay(int attempt, HttpHeaders headers) {
        return serverWait(headers).map(wait -> min(wait, retryAfterCap)).orElseGet(() -> backoff(attempt));
    }

    /** The wait after attempt {@code attempt} (from 1) when the server did not say: the base delay doubled, capped, with jitter if set. */
    public Duration backoff(int attempt) {
        long ceiling = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 20));
        return Duration.ofMillis(jitter ? ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1) : ceiling);
    }

    private boolean rateLimited(HttpHeaders headers) {
        return rateLimitHeaders && (headers.firstValue("Retry-After").isPresent() || rateLimitReset(headers).isPresent());
    }

    private Optional<Duration> serverWait(HttpHeaders headers) {
        Optional<Duration> asked = RetryAfter.of(headers);
        return asked.isPresent() || !rateLimitHeaders ? asked
                // the reset is in whole seconds: a little more so that the next attempt comes after it
                : rateLimitReset(headers).map(reset -> Duration.between(Instant.now(), reset).plusMillis(100))
                        .map(wait -> wait.isNegative() ? Duration.ZERO : wait);
    }

    /** When the rate limit is reset if {@code X-RateLimit-Remaining} is 0: {@code X-RateLimit-Reset}, in epoch seconds. */
    private static Optional<Instant> rateLimitReset(HttpHeaders headers) {
        if (headers.firstValue("X-RateLimit-Remaining").filter(remaining -> remaining.strip().equals("0")).isEmpty()) {
            return Optional.empty();
        }
        try {
            return headers.firstValue("X-RateLimit-Reset").map(reset -> Instant.ofEpochSecond(Long.parseLong(reset.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** One request as the retry loop sees it, given by the client that sends it. */
    public interface Call<T> {
        /** The method of the request as it stands (a redirect may have turned a POST into a GET). */
        String method();

        /** The request for messages, e.g. {@code GET https://api.example.com/v1/items}; never with secrets. */
        String described();

        /** Sends the request once. */
        HttpResponse<T> send() throws IOException, InterruptedException;

        /** Says that the request is sent again, e.g. by logging {@code message}. */
        void retrying(String message);

        /** Asked after an attempt that would be retried; true gives up anyway, e.g. when a circuit breaker has opened. */
        default boolean giveUp() {
            return false;
        }
    }

    /** How a call ended: the last answer, whatever its status, or the last I/O error; and the attempts made. */
    public record Outcome<T>(HttpResponse<T> response, IOException failure, int attempts) {
    }

    /**
     * Sends {@code call} until an answer is not retried or the attempts run out, waiting in between.
     *
     * @throws InterruptedException when interrupted while sending or waiting
     */
    public <T> Outcome<T> send(Call<T> call) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            String why;
            Duration wait;
            try {
                HttpResponse<T> response = call.send();
                if (!retries(call.method(), response.statusCode(), response.headers(), attempt) || call.giveUp()) {
                    return new Outcome<>(response, null, attempt);
                }
                why = String.valueOf(response.statusCode());
                wait = delay(attempt, response.headers());
            } catch (IOException e) {
                if (untrusted(e) || !retriesIoError(call.method(), attempt) || call.giveUp()) {
                    return new Outcome<>(null, e, attempt);
                }
                why = e.toString();
                wait = backoff(attempt);
            }
            call.retrying(String.format(Locale.ROOT, "%s: %s; retrying in %.1f s (attempt %d of %d)",
                    call.described(), why, wait.toMillis() / 1000.0, attempt + 1, maxAttempts));
            Thread.sleep(wait.toMillis());
        }
    }

    /** A certificate that was refused (an unknown issuer, a wrong host, no client certificate): no attempt will differ. */
    private static boolean untrusted(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.security.cert.CertificateException || cause instanceof java.security.GeneralSecurityException
                    || cause instanceof javax.net.ssl.SSLPeerUnverifiedException) {
                return true;
            }
        }
        return false;
    }

    /** Settings of a {@link RetryPolicy}. */
    public static final class Builder {
        private int maxAttempts = 6;
        private Duration baseDelay = Duration.ofMillis(500);
        private Duration maxDelay = Duration.ofSeconds(60);
        private boolean jitter = true;
        private final Set<String> idempotentMethods = new HashSet<>(STANDARD_IDEMPOTENT);
        private boolean retryIoErrors = true;
        private Duration retryAfterCap = Duration.ofSeconds(60);
        private boolean rateLimitHeaders = true;

        private Builder() {
        }

        private Builder(RetryPolicy policy) {
            maxAttempts = policy.maxAttempts;
            baseDelay = policy.baseDelay;
            maxDelay = policy.maxDelay;
            jitter = policy.jitter;
            idempotentMethods.clear();
            idempotentMethods.addAll(policy.idempotentMethods);
            retryIoErrors = policy.retryIoErrors;
            retryAfterCap = policy.retryAfterCap;
            rateLimitHeaders = policy.rateLimitHeaders;
        }

        /** How many times a request is sent at most, the first included (default 6); 1 never retries. */
        public Builder maxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The wait after the first attempt, doubling after each next one (default 0.5 s), and the longest (default 60 s). */
        public Builder delays(Duration base, Duration max) {
            this.baseDelay = base;
            this.maxDelay = max;
            return this;
        }

        /** Whether each backoff is a random duration between half of it and all of it (default true). */
        public Builder jitter(boolean jitter) {
            this.jitter = jitter;
            return this;
        }

        /**
         * Also repeats requests of these methods after a 5xx answer or an I/O error, when the API makes them safe to
         * repeat, e.g. {@code idempotent("POST")} for an API whose POSTs are searches.
         */
        public Builder idempotent(String... methods) {
            idempotentMethods.addAll(List.of(methods));
            return this;
        }

        /** Whether a request that failed with an I/O error (and is idempotent) is sent again (default true). */
        public Builder retryIoErrors(boolean retry) {
            this.retryIoErrors = retry;
            return this;
        }

        /** The longest wait a server gets with {@code Retry-After} or a rate limit's reset (default 60 s). */
        public Builder retryAfterCap(Duration cap) {
            this.retryAfterCap = cap;
            return this;
        }

        /** Whether {@code X-RateLimit-Remaining} and {@code X-RateLimit-Reset} are read, as GitHub sends them (default true). */
        public Builder rateLimitHeaders(boolean read) {
            this.rateLimitHeaders = read;
            return this;
        }

        public RetryPolicy build() {
            return new RetryPolicy(maxAttempts, baseDelay, maxDelay, jitter, idempotentMethods, retryIoErrors, retryAfterCap, rateLimitHeaders);
        }
    }
}
