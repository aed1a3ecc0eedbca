package fivetran.connector.sdk.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import fivetran.connector.sdk.Connector;
import fivetran.connector.sdk.iceberg.EmbeddedIceberg;
import fivetran.connector.sdk.launcher.Launcher;
import fivetran.connector.sdk.ssh.SshTunnel;
import fivetran.connector.sdk.testkit.HttpRecording;
import java.net.URL;
import java.util.Set;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The SDK's layers, checked on its compiled classes (the tests' own classes left out): the API and the helpers below
 * the engine, the engine below the command line, the test kit above them, the tools on top, no package cycles, picocli
 * only in commands, and neither JGit nor WireMock in the runtime.
 */
class ArchitectureTest {
    private static final String SDK = "fivetran.connector.sdk";
    /** The jars JBang built from connector-sdk.java (the runtime), lib/ssh.java, lib/testkit.java, lib/tools.java and lib/iceberg.java, and nothing else. */
    static final JavaClasses CLASSES = new ClassFileImporter().importLocations(new java.util.HashSet<>(java.util.List.of(
            Location.of(codeSource(Connector.class)), Location.of(codeSource(SshTunnel.class)), Location.of(codeSource(HttpRecording.class)),
            Location.of(codeSource(Launcher.class)), Location.of(codeSource(EmbeddedIceberg.class)))));

    private static URL codeSource(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }

    /** The layers, bottom up; a layer uses only those below it. */
    static ArchRule layers() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("API").definedBy(SDK, SDK + ".internal..")
                .layer("Helpers").definedBy(SDK + ".http..", SDK + ".jdbc..", SDK + ".util..", SDK + ".sample..", SDK + ".logging..", SDK + ".ssh..", SDK + ".s3..")
                .layer("Engine").definedBy(SDK + ".engine..", SDK + ".warehouse..", SDK + ".iceberg..")
                .layer("CLI").definedBy(SDK + ".cli..")
                .layer("TestKit").definedBy(SDK + ".testkit..")
                .layer("Tools").definedBy(SDK + ".deploy..", SDK + ".launcher..", SDK + ".demo..")
                .whereLayer("Tools").mayNotBeAccessedByAnyLayer()
                .whereLayer("TestKit").mayOnlyBeAccessedByLayers("Tools")
                .whereLayer("CLI").mayOnlyBeAccessedByLayers("TestKit", "Tools")
                .whereLayer("Engine").mayOnlyBeAccessedByLayers("CLI", "TestKit", "Tools")
                .whereLayer("Helpers").mayOnlyBeAccessedByLayers("Engine", "CLI", "TestKit", "Tools");
    }

    @Test
    void eachLayerUsesOnlyTheLayersBelowIt() {
        layers().check(CLASSES);
    }

    @Test
    void noPackageCycles() {
        slices().matching(SDK + ".(*)..").should().beFreeOfCycles().check(CLASSES);
        noClasses().that().resideInAPackage(SDK + ".internal..").should().dependOnClassesThat().resideInAPackage(SDK)
                .because("the root package uses internal, so internal must not use it back").check(CLASSES);
    }

    @Test
    void onlyCommandsUsePicocli() {
        noClasses().that().resideOutsideOfPackages(SDK + ".cli..", SDK + ".deploy..", SDK + ".launcher..", SDK + ".demo..")
                .should().dependOnClassesThat().resideInAPackage("picocli..").check(CLASSES);
    }

    @Test
    void theRuntimeNeverUsesTheToolsNorJGit() {
        noClasses().that().resideOutsideOfPackages(SDK + ".deploy..", SDK + ".launcher..", SDK + ".demo..")
                .should().dependOnClassesThat().resideInAnyPackage(SDK + ".deploy..", SDK + ".launcher..", SDK + ".demo..", "org.eclipse.jgit..")
                .check(CLASSES);
    }

    @Test
    void theRuntimeNeverUsesTheTestKitNorWireMock() {
        noClasses().that().resideOutsideOfPackages(SDK + ".testkit..", SDK + ".deploy..", SDK + ".launcher..", SDK + ".demo..")
                .should().dependOnClassesThat().resideInAnyPackage(SDK + ".testkit..", "com.github.tomakehurst.wiremock..", "wiremock..")
                .check(CLASSES);
    }

    @Test
    void onlyTheSshModuleUsesSshd() {
        noClasses().that().resideOutsideOfPackage(SDK + ".ssh..").should().dependOnClassesThat().resideInAPackage("org.apache.sshd..")
                .because("a connector carries MINA SSHD only when it depends on lib/ssh.java").check(CLASSES);
    }

    @Test
    void onlyTheIcebergModuleUsesIcebergAndHadoop() {
        noClasses().that().resideOutsideOfPackage(SDK + ".iceberg..").should().dependOnClassesThat()
                .resideInAnyPackage("org.apache.iceberg..", "org.apache.hadoop..", "org.sqlite..")
                .because("run loads lib/iceberg.java into a class loader of its own; a connector's class path never holds them (RunCommand names "
                        + "the module's class as text)").check(CLASSES);
        noClasses().that().resideOutsideOfPackage(SDK + ".iceberg..").should().dependOnClassesThat().resideInAPackage(SDK + ".iceberg..")
                .check(CLASSES);
    }
}
