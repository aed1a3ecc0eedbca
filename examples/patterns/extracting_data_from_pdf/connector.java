///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../connector-sdk.java
//DEPS ../../../lib/s3.java
//DEPS org.apache.pdfbox:pdfbox:3.0.8

import fivetran.connector.sdk.Configuration;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.DataType;
import fivetran.connector.sdk.Logging;
import fivetran.connector.sdk.Operations;
import fivetran.connector.sdk.State;
import fivetran.connector.sdk.Table;
import fivetran.connector.sdk.s3.S3Clients;
import fivetran.connector.sdk.s3.S3NewObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Invoices in PDF files under a prefix of an S3 bucket: the text of each new or changed file is extracted with Apache
 * PDFBox, and regular expressions pull the invoice's fields out of it, one row per invoice. A file that cannot be read
 * or has no invoice number is skipped with a warning.
 */
class connector {
    private static final int FILES_PER_CHECKPOINT = 100;

    static List<Table> schema(Configuration configuration) {
        return List.of(Table.named("invoices").primaryKey("invoice_id")
                .column("invoice_id", DataType.STRING).column("invoice_date", DataType.NAIVE_DATE)
                .column("due_date", DataType.NAIVE_DATE).column("total_amount", DataType.FLOAT)
                .column("amount_in_words", DataType.STRING).column("pages", DataType.INT).column("tax_rate", DataType.INT)
                .column("source_file", DataType.STRING).column("source_last_modified", DataType.UTC_DATETIME));
    }

    static void update(Configuration configuration, State state) throws Exception {
        String bucket = configuration.require("bucket_name");
        String prefix = configuration.get("prefix", "");
        try (S3Client s3 = S3Clients.fromConfiguration(configuration)) {
            S3NewObjects cursor = S3NewObjects.list(s3, bucket, prefix, ".pdf", state);
            List<S3Object> files = cursor.objects();
            Logging.info(files.size() + " new or changed PDF files under s3://" + bucket + "/" + prefix);
            int done = 0;
            for (S3Object file : files) {
                Path local = Files.createTempFile("invoice-", ".pdf");
                try {
                    try (InputStream body = s3.getObject(get -> get.bucket(bucket).key(file.key()))) {
                        Files.copy(body, local, StandardCopyOption.REPLACE_EXISTING);    // a failure here fails the sync
                    }
                    write(file, local);
                } finally {
                    Files.deleteIfExists(local);
                }
                cursor.done(file, state);
                if (++done % FILES_PER_CHECKPOINT == 0) {
                    Operations.checkpoint(state);
                }
            }
            Operations.checkpoint(state);
        }
    }

    /** The invoice of one downloaded file; a file that is no readable PDF, or has no invoice number, is skipped. */
    private static void write(S3Object file, Path local) {
        Map<String, Object> invoice;
        try {
            invoice = Invoices.read(local);
        } catch (IOException e) {             // not a PDF, damaged, encrypted: the next files still sync
            Logging.warning("skipped " + file.key() + ": it cannot be read as a PDF (" + e.getMessage() + ")");
            return;
        }
        if (invoice.get("invoice_id") == null) {
            Logging.warning("skipped " + file.key() + ": no invoice number found in its text");
            return;
        }
        invoice.put("source_file", file.key());
        invoice.put("source_last_modified", file.lastModified());
        Operations.upsert("invoices", invoice);
    }

    /** Upstream's extraction (process_pdf.py), pattern for pattern: the first pattern of a list that matches wins. */
    static final class Invoices {
        private static final List<Pattern> INVOICE_ID = patterns(
                "INVOICE\\s+Serial\\s+No\\.\\s*([A-Za-z0-9\\.\\-]+)", "Invoice\\s*Serial\\s*No\\.\\s*[:\\-]?\\s*(\\S+)",
                "Invoice\\s*No\\.?\\s*[:#\\-]?\\s*(\\S+)", "Serial\\s*No\\.\\s*[:\\-]?\\s*(\\S+)");
        private static final List<Pattern> INVOICE_DATE = patterns(
                "Invoice\\s+date[:\\s]*([0-9]{4}[-/][0-9]{2}[-/][0-9]{2})", "Invoice\\s+date[:\\s]*([0-9]{1,2}[-/][0-9]{1,2}[-/][0-9]{2,4})",
                "Invoice\\s+date[:\\s]*([A-Za-z]+\\s+\\d{1,2},?\\s+\\d{4})");
        private static final List<Pattern> DUE_DATE = patterns(
                "Please pay until[:\\s]*([0-9]{4}[-/][0-9]{2}[-/][0-9]{2})", "Please pay until[:\\s]*([0-9]{1,2}[-/][0-9]{1,2}[-/][0-9]{2,4})",
                "Due\\s+date[:\\s]*([0-9]{1,2}[-/][0-9]{1,2}[-/][0-9]{2,4})", "Due\\s+date[:\\s]*([A-Za-z]+\\s+\\d{1,2},?\\s+\\d{4})");
        private static final List<Pattern> TOTAL = patterns(
                "Total amount[:\\s]*([0-9\\.,]+)", "Total\\s*amount\\s*[:\\s]*([0-9\\.,]+)\\s*€?", "Total\\s*due\\s*[:\\s]*([0-9\\.,]+)");
        private static final Map<String, Pattern> CONTACT = new LinkedHashMap<>();
        /** A line starting with one of these labels holds that total (the first such line wins). */
        private static final Map<String, Pattern> TOTALS = new LinkedHashMap<>();
        private static final Pattern NUMBER = Pattern.compile("([0-9\\.,]+)");
        private static final Pattern TAX_RATE = Pattern.compile("(\\d{1,3})%?");
        /** dateutil's formats that upstream's patterns can capture, month first (upstream's dayfirst=False). */
        private static final List<DateTimeFormatter> DATES = List.of("uuuu-MM-dd", "uuuu/MM/dd", "M/d/uuuu", "M-d-uuuu", "M/d/uu", "M-d-uu",
                "MMMM d, uuuu", "MMMM d uuuu", "MMM d, uuuu", "MMM d uuuu").stream()
                .map(format -> new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(format).toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT))
                .toList();

        static {
            CONTACT.put("address", Pattern.compile("Address[:\\s]([^\\n]+)", Pattern.CASE_INSENSITIVE));
            CONTACT.put("email", Pattern.compile("Email[:\\s]*([a-zA-Z0-9._%+\\-]{1,64}@[a-zA-Z0-9.\\-]{1,255}\\.[a-zA-Z]{2,})", Pattern.CASE_INSENSITIVE));
            CONTACT.put("phone", Pattern.compile("Phone[:\\s]*([0-9\\-\\+\\s\\(\\)]{1,30})", Pattern.CASE_INSENSITIVE));
            CONTACT.put("code", Pattern.compile("Code[:\\s]*([0-9A-Za-z\\-\\_]{1,50})", Pattern.CASE_INSENSITIVE));
            CONTACT.put("vat_code", Pattern.compile("VAT\\s*code[:\\s]*([0-9A-Za-z\\-\\_]{1,30})", Pattern.CASE_INSENSITIVE));
            CONTACT.put("amount_in_words", Pattern.compile("Amount in words[:\\s](.+)", Pattern.CASE_INSENSITIVE));
            TOTALS.put("discount", Pattern.compile("Total\\s*discount", Pattern.CASE_INSENSITIVE));
            TOTALS.put("taxable_amount", Pattern.compile("Taxable\\s*amount", Pattern.CASE_INSENSITIVE));
            TOTALS.put("tax_rate", Pattern.compile("Tax\\s*rate", Pattern.CASE_INSENSITIVE));
            TOTALS.put("total_taxes", Pattern.compile("Total\\s*taxes", Pattern.CASE_INSENSITIVE));
            TOTALS.put("shipping", Pattern.compile("Shipping", Pattern.CASE_INSENSITIVE));
            TOTALS.put("total_amount", Pattern.compile("Total\\s*amount", Pattern.CASE_INSENSITIVE));
        }

        /** The invoice's row, every column present (null when not found), from the text of the file's pages. */
        static Map<String, Object> read(Path file) throws IOException {
            String text;
            int pages;
            try (PDDocument pdf = Loader.loadPDF(file.toFile(), IOUtils.createTempFileOnlyStreamCache())) {
                PDFTextStripper stripper = new PDFTextStripper();
                stripper.setSortByPosition(true);                 // reading order, as pdfplumber's extract_text gives it
                text = stripper.getText(pdf);
                pages = pdf.getNumberOfPages();
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("invoice_id", first(INVOICE_ID, text));
            row.put("invoice_date", date(first(INVOICE_DATE, text)));
            row.put("due_date", date(first(DUE_DATE, text)));
            row.put("total_amount", number(first(TOTAL, text)));
            CONTACT.forEach((field, pattern) -> row.put(field, first(List.of(pattern), text)));
            row.put("pages", pages);
            TOTALS.keySet().forEach(field -> row.putIfAbsent(field, null));
            Map<String, Object> totals = new LinkedHashMap<>();
            for (String line : text.split("\\R")) {
                String trimmed = line.strip();
                TOTALS.forEach((field, label) -> {
                    if (totals.get(field) == null && label.matcher(trimmed).lookingAt()) {
                        Matcher value = (field.equals("tax_rate") ? TAX_RATE : NUMBER).matcher(trimmed);
                        totals.put(field, !value.find() ? null
                                : field.equals("tax_rate") ? (Object) Integer.valueOf(value.group(1)) : number(value.group(1)));
                    }
                });
            }
            totals.forEach((field, value) -> {
                if (value != null || !field.equals("total_amount")) {  // upstream: a totals line overrides the metadata total
                    row.put(field, value);
                }
            });
            row.put("raw_text", text);
            return row;
        }

        private static List<Pattern> patterns(String... regexes) {
            return Arrays.stream(regexes).map(regex -> Pattern.compile(regex, Pattern.CASE_INSENSITIVE)).toList();
        }

        private static String first(List<Pattern> patterns, String text) {
            for (Pattern pattern : patterns) {
                Matcher match = pattern.matcher(text);
                if (match.find() && !match.group(1).isBlank()) {
                    return match.group(1).strip();
                }
            }
            return null;
        }

        /** Upstream's normalize_number: a comma is a decimal point, and of several points only the last one is. */
        static Double number(String text) {
            if (text == null) {
                return null;
            }
            String clean = text.replace(',', '.').replaceAll("[^\\d.\\-]", "");
            int last = clean.lastIndexOf('.');
            if (last >= 0 && clean.indexOf('.') != last) {
                clean = clean.substring(0, last).replace(".", "") + clean.substring(last);
            }
            try {
                return Double.valueOf(clean);
            } catch (NumberFormatException e) {
                return null;
            }
        }

        static LocalDate date(String text) {
            if (text == null) {
                return null;
            }
            for (DateTimeFormatter format : DATES) {
                try {
                    return LocalDate.parse(text, format);
                } catch (DateTimeParseException e) {
                    // the next format
                }
            }
            return null;
        }
    }

    public static void main(String[] args) {
        new Connector(connector::update, connector::schema).run(args);
    }
}
