///usr/bin/env jbang "$0" "$@" ; exit $?
// The SDK's test suite: ./jbang tests/RunTests.java [--tier fast|e2e|servers|heavy|soak]... [class-name-filter ...] from
// the repository root. Tiers run in that order (all five by default): fast = unit and in-process tests; e2e = through
// JBang, as the README says (@Tag("e2e")); servers = against PostgreSQL, MariaDB, Redis, RabbitMQ (@Tag("servers"));
// heavy = against servers that the tests start (@Tag("heavy")); soak = kill trials and the benchmark smoke (@Tag("soak")). Ends with the line "N passed, N failed"; exits non-zero when a
// test fails or none ran.
//JAVA 17+
//DEPS ../connector-sdk.java
//DEPS ../lib/tools.java
//DEPS ../lib/testkit.java
//DEPS ../lib/ssh.java
//DEPS ../lib/iceberg.java
// the AWS SDK of lib/iceberg.java at one version: another dependency of the suite manages parts of it at 2.21
//DEPS software.amazon.awssdk:bom:2.57.8@pom
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//DEPS com.tngtech.archunit:archunit:1.4.1
//DEPS com.fasterxml.jackson.dataformat:jackson-dataformat-yaml:2.20.2
//DEPS org.postgresql:postgresql:42.7.14
//DEPS org.mariadb.jdbc:mariadb-java-client:3.5.6
//DEPS com.h2database:h2:2.5.252
//DEPS redis.clients:jedis:6.2.0
//DEPS com.rabbitmq:amqp-client:5.26.0
//DEPS com.code-intelligence:jazzer-junit:0.26.0
//SOURCES fivetran/**/*.java
// the fuzz tests' corpora, <Class>Inputs/<method>/ beside each class, as Jazzer finds them on the class path
//FILES fivetran/connector/sdk/fuzz/=fivetran/connector/sdk/fuzz/**

import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import ch.qos.logback.classic.Level;
import fivetran.connector.sdk.logging.LogSetup;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

class RunTests {
    /** The tiers, in the order they run; a test class without one of the later tags is in {@code fast}. */
    static final List<String> TIERS = List.of("fast", "e2e", "servers", "heavy", "soak");

    public static void main(String... args) {
        // Logback's default would print every library's DEBUG lines (the MariaDB driver's, for one) into the suite's output
        LogSetup.configureLocal(Level.INFO);
        List<String> tiers = new ArrayList<>();
        List<String> filters = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--tier") && i + 1 < args.length) {
                String tier = args[++i].toLowerCase(Locale.ROOT);
                if (!TIERS.contains(tier)) {
                    System.err.println("unknown tier '" + tier + "'; the tiers are " + TIERS);
                    System.exit(2);
                }
                tiers.add(tier);
            } else {
                filters.add(args[i]);
            }
        }
        String[] patterns = filters.isEmpty() ? new String[] {".*Test"}
                : filters.stream().map(f -> ".*" + f + ".*").toArray(String[]::new);
        long passed = 0;
        long failed = 0;
        long found = 0;
        for (String tier : TIERS) {
            if (!tiers.isEmpty() && !tiers.contains(tier)) {
                continue;
            }
            long start = System.nanoTime();
            TestExecutionSummary s = run(tier, patterns);
            // a class whose set-up (@BeforeAll) fails runs none of its tests: it counts as one failure
            long tierFailed = s.getTestsFailedCount() + s.getTestsAbortedCount() + s.getContainersFailedCount();
            if (s.getTestsFoundCount() > 0 || tierFailed > 0) {
                System.out.printf(Locale.ROOT, "tier %s: %d passed, %d failed in %.0f s%n", tier, s.getTestsSucceededCount(), tierFailed,
                        (System.nanoTime() - start) / 1e9);
            }
            passed += s.getTestsSucceededCount();
            failed += tierFailed;
            found += s.getTestsFoundCount();
        }
        System.out.println(passed + " passed, " + failed + " failed");
        System.exit(failed == 0 && found > 0 ? 0 : 1);
    }

    private static TestExecutionSummary run(String tier, String[] patterns) {
        PostDiscoveryFilter tags = tier.equals("fast") ? TagFilter.excludeTags(TIERS.subList(1, TIERS.size())) : TagFilter.includeTags(tier);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("fivetran.connector.sdk"))
                .filters(includeClassNamePatterns(patterns), tags)
                .build();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        TestExecutionListener printer = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) {
                    if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                        System.out.println("FAIL " + id.getDisplayName() + " (set-up)"
                                + result.getThrowable().map(t -> "\n     -> " + t.toString().replace("\n", "\n        ")).orElse(""));
                    }
                    return;
                }
                String name = id.getSource().filter(MethodSource.class::isInstance).map(MethodSource.class::cast)
                        .map(m -> m.getJavaClass().getSimpleName() + "." + m.getMethodName()
                                + (id.getDisplayName().startsWith(m.getMethodName() + "(") ? "" : " [" + id.getDisplayName() + "]"))
                        .orElse(id.getDisplayName());
                boolean passed = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
                System.out.println((passed ? "PASS " : "FAIL ") + name
                        + result.getThrowable().map(t -> "\n     -> " + t.toString().replace("\n", "\n        ")).orElse(""));
            }
        };
        LauncherFactory.create().execute(request, summary, printer);
        return summary.getSummary();
    }
}
