package fivetran.connector.sdk.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the SDK a connector runs on comes from, as its source declares it: {@code //DEPS <checkout>/connector-sdk.java}
 * (built from that checkout, rebuilt by JBang when its sources change) or {@code //DEPS fivetran.connector:connector-sdk:V}
 * (the version {@code setup} installed into the local Maven repository).
 *
 * @param checkout the checkout whose {@code connector-sdk.java} the connector depends on; null for an installed SDK
 * @param version  the installed version the connector depends on; null for a checkout
 */
public record SdkOrigin(Path checkout, String version) {
    private static final Pattern DEPS = Pattern.compile("^//DEPS\\s+(.+)$", Pattern.MULTILINE);
    private static final Pattern CHECKOUT = Pattern.compile("(?:^|\\s)(\\S*connector-sdk\\.java)(?:\\s|$)");
    private static final Pattern INSTALLED = Pattern.compile("(?:^|\\s)fivetran\\.connector:connector-sdk:(\\S+)(?:\\s|$)");
    /** The file in the local Maven repository where {@code setup} records the checkout it installed from. */
    public static final String INSTALLED_FROM = "installed-from.txt";

    /** The origin declared by {@code source}; null when it declares neither form. */
    public static SdkOrigin of(Path source) {
        String text;
        try {
            text = Files.readString(source);
        } catch (IOException e) {
            return null;
        }
        Matcher deps = DEPS.matcher(text);
        while (deps.find()) {
            Matcher checkout = CHECKOUT.matcher(deps.group(1));
            if (checkout.find()) {
                Path manifest = source.toAbsolutePath().getParent().resolve(checkout.group(1)).normalize();
                return new SdkOrigin(manifest.getParent(), null);
            }
            Matcher installed = INSTALLED.matcher(deps.group(1));
            if (installed.find()) {
                return new SdkOrigin(null, installed.group(1));
            }
        }
        return null;
    }

    /** How JBang runs the SDK's tools for this connector: the checkout's {@code lib/tools.java}, or the catalog's. */
    public String toolsRef() {
        return checkout != null ? checkout.resolve("lib").resolve("tools.java").toString() : "tools@connector-sdk";
    }

    /** One line for {@code version}: the checkout, or the installed version and the checkout it was installed from. */
    public String describe() {
        if (checkout != null) {
            return "sdk: checkout " + checkout + " (connector-sdk.java, rebuilt by JBang when its sources change)";
        }
        String line = "sdk: installed fivetran.connector:connector-sdk:" + version + " (local Maven repository)";
        Path from = installedFrom(version);
        if (from != null) {
            line += ", from checkout " + from;
        }
        return line;
    }

    /** The checkout {@code setup} installed {@code version} from, read from the local Maven repository. */
    public static Path installedFrom(String version) {
        Path record = localRepository().resolve("fivetran/connector/connector-sdk").resolve(version).resolve(INSTALLED_FROM);
        try {
            return Files.isRegularFile(record) ? Path.of(Files.readString(record).strip()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** JBang's local Maven repository: {@code JBANG_REPO}, else {@code ~/.m2/repository}. */
    public static Path localRepository() {
        String repo = System.getenv("JBANG_REPO");
        return repo != null && !repo.isBlank() ? Path.of(repo) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }
}
