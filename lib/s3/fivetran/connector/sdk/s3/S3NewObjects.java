package fivetran.connector.sdk.s3;

import fivetran.connector.sdk.State;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The objects under a prefix of a bucket that are new or changed since the cursor in state, oldest first, and that
 * cursor, advanced one object at a time. S3's LastModified has whole seconds, so a (LastModified, key) pair would miss
 * an object written in the cursor's second, after the listing, with a key sorting before the cursor's: state keeps the
 * newest LastModified done ({@code last_modified}, ISO-8601) and every object done in that second, by key and ETag
 * ({@code files_at_last_modified}, key to ETag); a new version in that second is new too.
 *
 * <pre>{@code
 * S3NewObjects files = S3NewObjects.list(s3, bucket, prefix, ".csv", state);
 * for (S3Object file : files.objects()) {
 *     ... read it, upsert its rows ...
 *     files.done(file, state);
 *     Operations.checkpoint(state);
 * }
 * }</pre>
 */
public final class S3NewObjects {
    private final List<S3Object> objects;
    private Instant lastModified;
    private Map<String, String> doneAtLastModified;

    private S3NewObjects(List<S3Object> objects, Instant lastModified, Map<String, String> doneAtLastModified) {
        this.objects = objects;
        this.lastModified = lastModified;
        this.doneAtLastModified = doneAtLastModified;
    }

    /**
     * Lists every object under {@code prefix} (all pages) whose key ends with {@code suffix}, ignoring case ({@code ""}
     * for any key), keeping those after the cursor in {@code state} (none there: all of them).
     */
    @SuppressWarnings("unchecked")
    public static S3NewObjects list(S3Client s3, String bucket, String prefix, String suffix, State state) {
        Instant lastModified = Instant.parse(state.getString("last_modified", Instant.EPOCH.toString()));
        Map<String, String> done =
                new TreeMap<>((Map<String, String>) state.getOrDefault("files_at_last_modified", Map.of()));
        String ending = suffix.toLowerCase(Locale.ROOT);
        List<S3Object> objects = s3.listObjectsV2Paginator(list -> list.bucket(bucket).prefix(prefix)).contents()
                .stream()
                .filter(object -> object.key().toLowerCase(Locale.ROOT).endsWith(ending))
                .filter(object -> isNew(object, lastModified, done))
                .sorted(Comparator.comparing(S3Object::lastModified).thenComparing(S3Object::key))
                .toList();
        return new S3NewObjects(objects, lastModified, done);
    }

    private static boolean isNew(S3Object object, Instant lastModified, Map<String, String> done) {
        int order = object.lastModified().compareTo(lastModified);
        return order > 0 || order == 0 && !object.eTag().equals(done.get(object.key()));
    }

    /** The new or changed objects, in (LastModified, key) order. */
    public List<S3Object> objects() {
        return objects;
    }

    /**
     * Moves the cursor past {@code object} and writes it into {@code state} (checkpoint it to commit it). Call it for
     * the objects in the order of {@link #objects()}, each once every object before it is done.
     */
    public void done(S3Object object, State state) {
        if (!object.lastModified().equals(lastModified)) {
            lastModified = object.lastModified();
            doneAtLastModified = new TreeMap<>();
        }
        doneAtLastModified.put(object.key(), object.eTag());
        state.put("last_modified", lastModified.toString());
        state.put("files_at_last_modified", doneAtLastModified);
    }
}
