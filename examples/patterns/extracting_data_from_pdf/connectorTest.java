///usr/bin/env jbang "$0" "$@" ; exit $?
//DEPS ../../../lib/testkit.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
// S3Proxy, here only: an S3 server in this JVM on jclouds' in-memory blob store. JBang applies the AWS SDK's version
// management to the whole build (Guava 29, Jetty 9.4), under which jclouds and S3Proxy do not start: their own versions.
//DEPS org.gaul:s3proxy:3.0.0
//DEPS org.eclipse.jetty:jetty-bom:11.0.26@pom
//DEPS com.google.guava:guava:33.5.0-jre
//SOURCES connector.java

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.engine.SyncResult;
import fivetran.connector.sdk.testkit.TestSync;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.platform.console.ConsoleLauncher;

/**
 * Tests of the connector against S3Proxy 3.0.0 (jclouds' transient, in-memory blob store) started in this JVM once for
 * the class, on a free local port, with AWS signatures checked. The invoices are PDFs that the test writes with PDFBox
 * (Helvetica text, one line after the other), into a bucket of the test's own. Run: jbang connectorTest.java
 */
@Tag("heavy")
class connectorTest {
    private static S3Proxy s3proxy;
    private static BlobStore store;
    private final String bucket = "pdf-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startS3() throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.gaul")).setLevel(ch.qos.logback.classic.Level.WARN);
        store = ContextBuilder.newBuilder("transient").credentials("", "").build(BlobStoreContext.class).getBlobStore();
        s3proxy = S3Proxy.builder().blobStore(store).endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "test-access-key", "test-secret-key").build();
        s3proxy.start();
        while (!"STARTED".equals(s3proxy.getState())) {
            Thread.sleep(10);
        }
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3proxy.stop();
    }

    private void put(String key, byte[] content) {
        store.createContainerInLocation(null, bucket);
        store.putBlob(bucket, store.blobBuilder(key).payload(content).build());
    }

    /** A PDF of one page per array, each string a line of text. */
    private static byte[] pdf(String[]... pages) throws Exception {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String[] lines : pages) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream text = new PDPageContentStream(document, page)) {
                    text.beginText();
                    text.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
                    text.setLeading(16);
                    text.newLineAtOffset(60, 720);
                    for (String line : lines) {
                        text.showText(line);
                        text.newLine();
                    }
                    text.endText();
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    private static byte[] secondInvoice(String total) throws Exception {
        return pdf(new String[] {"ACME Supplies", "Invoice No: 2024-002", "Invoice date: March 5, 2024", "Due date: 04/05/2024",
                "Total due: " + total});
    }

    private TestSync sync() {
        return TestSync.of(new Connector(connector::update, connector::schema))
                .configuration(Path.of("configuration.json"))
                .configure("endpoint_url", "http://127.0.0.1:" + s3proxy.getPort()).configure("force_path_style", "true")
                .configure("aws_access_key_id", "test-access-key").configure("aws_secret_access_key", "test-secret-key")
                .configure("bucket_name", bucket).configure("prefix", "invoices/");
    }

    @Test
    void eachNewInvoiceBecomesARowOfItsFieldsAndTheNextSyncReadsOnlyNewOrChangedFiles() throws Exception {
        put("invoices/2024/inv-001.pdf", pdf(
                new String[] {"INVOICE Serial No. INV-2024-001", "Invoice date: 2024-01-15", "Please pay until: 2024-02-14",
                        "Address: 1 Main Street, Springfield", "Email: billing@example.com", "Phone: +1 555 0100",
                        "Customer code: C-77", "VAT code: VAT12345"},
                new String[] {"Total discount 10.00", "Taxable amount 113.00", "Tax rate 20%", "Total taxes 22.60", "Shipping 5.00",
                        "Total amount 1.140,60", "Amount in words: one thousand one hundred forty and 60/100"}));
        put("invoices/2024/inv-002.PDF", secondInvoice("99.50"));
        put("invoices/2024/damaged.pdf", "%PDF-1.7 this is not really a PDF".getBytes(StandardCharsets.UTF_8));
        put("invoices/2024/letter.pdf", pdf(new String[] {"Dear customer,", "thank you for your order."}));
        put("invoices/2024/notes.txt", "not a PDF file".getBytes(StandardCharsets.UTF_8));
        put("archive/inv-999.pdf", secondInvoice("1.00"));
        try (TestSync sync = sync()) {
            SyncResult first = sync.run();
            assertTrue(first.succeeded(), first.failure());
            assertEquals(2L, first.counts().upserts(), "two invoices; the damaged PDF, the letter and the other prefix are not");
            Map<String, Object> expected = new HashMap<>();
            expected.put("invoice_id", "INV-2024-001");
            expected.put("invoice_date", LocalDate.of(2024, 1, 15));
            expected.put("due_date", LocalDate.of(2024, 2, 14));
            expected.put("total_amount", 1140.6f);
            expected.put("address", "1 Main Street, Springfield");
            expected.put("email", "billing@example.com");
            expected.put("phone", "+1 555 0100");
            expected.put("code", "C-77");
            expected.put("vat_code", "VAT12345");
            expected.put("amount_in_words", "one thousand one hundred forty and 60/100");
            expected.put("pages", 2);
            expected.put("discount", 10.0);
            expected.put("taxable_amount", 113.0);
            expected.put("tax_rate", 20);
            expected.put("total_taxes", 22.6);
            expected.put("shipping", 5.0);
            expected.put("source_file", "invoices/2024/inv-001.pdf");
            assertEquals(List.of(expected), sync.rows("SELECT * EXCLUDE (raw_text, source_last_modified, _fivetran_synced, _fivetran_deleted) "
                    + "FROM invoices WHERE invoice_id = 'INV-2024-001'"));
            assertTrue(((String) sync.value("SELECT raw_text FROM invoices WHERE invoice_id = 'INV-2024-001'")).contains("Tax rate 20%"));
            Map<String, Object> second = new HashMap<>();
            second.put("invoice_id", "2024-002");
            second.put("invoice_date", LocalDate.of(2024, 3, 5));
            second.put("due_date", LocalDate.of(2024, 4, 5));
            second.put("total_amount", 99.5f);
            second.put("pages", 1);
            second.put("tax_rate", null);
            assertEquals(List.of(second), sync.rows("SELECT invoice_id, invoice_date, due_date, total_amount, pages, tax_rate FROM invoices "
                    + "WHERE invoice_id = '2024-002'"));
            assertEquals(List.of(Map.of("column_name", "invoice_id", "data_type", "VARCHAR"), Map.of("column_name", "invoice_date", "data_type", "DATE"),
                            Map.of("column_name", "due_date", "data_type", "DATE"), Map.of("column_name", "total_amount", "data_type", "FLOAT"),
                            Map.of("column_name", "pages", "data_type", "INTEGER"), Map.of("column_name", "tax_rate", "data_type", "INTEGER"),
                            Map.of("column_name", "source_last_modified", "data_type", "TIMESTAMP WITH TIME ZONE")),
                    sync.rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'tester' AND table_name = 'invoices' "
                            + "AND column_name IN ('invoice_id', 'invoice_date', 'due_date', 'total_amount', 'pages', 'tax_rate', 'source_last_modified') "
                            + "ORDER BY ordinal_position"));
            assertTrue(sync.log().stream().anyMatch(line -> line.startsWith("WARN skipped invoices/2024/damaged.pdf: it cannot be read as a PDF")),
                    sync.log()::toString);
            assertTrue(sync.log().contains("WARN skipped invoices/2024/letter.pdf: no invoice number found in its text"), sync.log()::toString);
            assertEquals(List.of("files_at_last_modified", "last_modified"), first.state().keySet().stream().sorted().toList());

            put("invoices/2024/inv-002.PDF", secondInvoice("120.00"));
            put("invoices/2024/inv-003.pdf", pdf(new String[] {"Invoice No. 2024-003", "Invoice date: 2024/06/30", "Total amount: 7,5"}));
            SyncResult next = sync.run();
            assertTrue(next.succeeded(), next.failure());
            assertEquals(2L, next.counts().upserts(), "the changed invoice and the new one");
            assertEquals(List.of(Map.of("invoice_id", "2024-002", "total_amount", 120.0f), Map.of("invoice_id", "2024-003", "total_amount", 7.5f),
                            Map.of("invoice_id", "INV-2024-001", "total_amount", 1140.6f)),
                    sync.rows("SELECT invoice_id, total_amount FROM invoices ORDER BY invoice_id"));

            SyncResult last = sync.run();
            assertTrue(last.succeeded(), last.failure());
            assertEquals(0L, last.counts().upserts(), "nothing changed");
            assertEquals(next.state(), last.state());
        }
    }

    @Test
    void theFieldParsingFollowsUpstream() {
        assertEquals(1140.6, connector.Invoices.number("1.140,60"));
        assertEquals(1234.56, connector.Invoices.number("1,234.56"));
        assertEquals(null, connector.Invoices.number("."));
        assertEquals(LocalDate.of(2024, 4, 5), connector.Invoices.date("04/05/2024"), "month first, as upstream's dayfirst=False");
        assertEquals(LocalDate.of(2024, 12, 1), connector.Invoices.date("Dec 1, 2024"));
        assertEquals(null, connector.Invoices.date("2024-02-30"));
    }

    public static void main(String... args) {
        ConsoleLauncher.main("execute", "--disable-banner", "--select-class", connectorTest.class.getName());
    }
}
