///usr/bin/env jbang "$0" "$@" ; exit $?
// The SDK's test suite: ./jbang tests/RunTests.java [class-name-filter ...] from the repository root.
// Ends with the line "N passed, N failed" and exits non-zero when a test fails.
//JAVA 17+
//DEPS ../lib/tools.java
//DEPS org.junit.platform:junit-platform-console-standalone:1.14.4
//DEPS com.tngtech.archunit:archunit:1.4.1
//DEPS org.postgresql:postgresql:42.7.14
//DEPS org.mariadb.jdbc:mariadb-java-client:3.5.6
//DEPS redis.clients:jedis:6.2.0
//DEPS com.rabbitmq:amqp-client:5.26.0
//SOURCES fivetran/**/*.java

import static org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.util.Arrays;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

class RunTests {
    public static void main(String... filters) {
        String[] patterns = filters.length == 0 ? new String[] {".*Test"}
                : Arrays.stream(filters).map(f -> ".*" + f + ".*").toArray(String[]::new);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("fivetran.connector.sdk"))
                .filters(includeClassNamePatterns(patterns))
                .build();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        TestExecutionListener printer = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) {
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
        TestExecutionSummary s = summary.getSummary();
        long failed = s.getTestsFailedCount() + s.getTestsAbortedCount();
        System.out.println(s.getTestsSucceededCount() + " passed, " + failed + " failed");
        System.exit(failed == 0 && s.getTestsFoundCount() > 0 ? 0 : 1);
    }
}
