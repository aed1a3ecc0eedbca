package fivetran.connector.sdk.warehouse;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How source names become warehouse names. {@link Strategy#FIVETRAN} applies Fivetran's "redshift-safe"
 * normalization ({@code userData}, {@code user-data} and {@code user.data} all become {@code user_data}) and
 * prefixes DuckDB reserved words with {@code _}; {@link Strategy#SOURCE} keeps names as they are.
 */
public final class Naming {
    /** The naming strategy of a sync, as {@code --naming} or {@code FIVETRAN_NAMING} choose it. */
    public enum Strategy {
        FIVETRAN, SOURCE;

        /** Parses {@code FIVETRAN} or {@code SOURCE}, case-insensitively. */
        public static Strategy parse(String text) {
            String name = text.trim().toUpperCase(Locale.ROOT);
            if (name.equals("FIVETRAN") || name.equals("FIVETRAN_NAMING")) {
                return FIVETRAN;
            }
            if (name.equals("SOURCE") || name.equals("SOURCE_NAMING")) {
                return SOURCE;
            }
            throw new IllegalArgumentException("Invalid naming strategy: '" + text + "'. Must be 'FIVETRAN' or 'SOURCE' (case-insensitive).");
        }
    }

    private static final Pattern PLAIN = Pattern.compile("[\\w.-]*", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern NON_WORD = Pattern.compile("\\W", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern LEADING_UNDERSCORES_BEFORE_LETTER = Pattern.compile("_+([a-zA-Z]\\w*)", Pattern.UNICODE_CHARACTER_CLASS);
    /** Letters that Unicode does not decompose into an ASCII base letter plus marks. */
    private static final Map<Character, String> LIGATURES = Map.ofEntries(
            Map.entry('ß', "ss"), Map.entry('æ', "ae"), Map.entry('Æ', "AE"), Map.entry('œ', "oe"), Map.entry('Œ', "OE"),
            Map.entry('ø', "o"), Map.entry('Ø', "O"), Map.entry('đ', "d"), Map.entry('Đ', "D"), Map.entry('ł', "l"),
            Map.entry('Ł', "L"), Map.entry('þ', "th"), Map.entry('Þ', "Th"), Map.entry('ð', "d"), Map.entry('Ð', "D"),
            Map.entry('ı', "i"), Map.entry('ĸ', "k"), Map.entry('ŋ', "ng"), Map.entry('Ŋ', "NG"));

    private final Strategy strategy;
    private final Set<String> reservedWords;

    public Naming(Strategy strategy, Set<String> reservedWords) {
        this.strategy = strategy;
        this.reservedWords = reservedWords;
    }

    public Strategy strategy() {
        return strategy;
    }

    /** The warehouse name of a source table. */
    public String table(String source) {
        if (strategy == Strategy.SOURCE) {
            return source;
        }
        String name = normalize(source);
        var leading = LEADING_UNDERSCORES_BEFORE_LETTER.matcher(name);
        if (leading.matches()) {
            name = leading.group(1);
        }
        return unreserved(name);
    }

    /** The warehouse name of a source column. */
    public String column(String source) {
        return strategy == Strategy.SOURCE ? source : unreserved(normalize(source));
    }

    private String unreserved(String name) {
        return reservedWords.contains(name.toLowerCase(Locale.ROOT)) ? "_" + name : name;
    }

    /** Fivetran's redshift-safe normalization of a column name. */
    static String normalize(String source) {
        String name = source;
        if (!PLAIN.matcher(name).matches()) {
            name = transliterate(name);
        }
        name = NON_WORD.matcher(name).replaceAll("_");
        StringBuilder out = new StringBuilder(name.length() + 8);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            char previous = i > 0 ? name.charAt(i - 1) : 0;
            if (c == '$' && i == 0) {
                c = '_';
            }
            if (i > 0 && Character.isUpperCase(c) && Character.isLowerCase(previous)) {
                appendUnderscore(out);
            } else if (i > 0 && Character.isDigit(c) != Character.isDigit(previous) && previous != '_' && c != '_') {
                appendUnderscore(out);
            }
            if (c == '_') {
                appendUnderscore(out);
            } else {
                out.append(Character.toLowerCase(c));
            }
        }
        if (out.length() == 0 || !isWordCharacter(out.charAt(0))) {
            out.insert(0, '_');
        }
        return out.toString();
    }

    private static void appendUnderscore(StringBuilder out) {
        if (out.length() == 0 || out.charAt(out.length() - 1) != '_') {
            out.append('_');
        }
    }

    private static boolean isWordCharacter(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static String transliterate(String name) {
        String stripped = COMBINING_MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFD)).replaceAll("");
        stripped = Normalizer.normalize(stripped, Normalizer.Form.NFC);
        StringBuilder out = new StringBuilder(stripped.length());
        for (int i = 0; i < stripped.length(); i++) {
            char c = stripped.charAt(i);
            out.append(LIGATURES.getOrDefault(c, String.valueOf(c)));
        }
        return out.toString();
    }

    /** A quoted SQL identifier. */
    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
