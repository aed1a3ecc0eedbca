package fivetran.connector.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import fivetran.connector.sdk.internal.Jackson;
import fivetran.connector.sdk.testing.ExampleTemplates;
import fivetran.connector.sdk.testing.Project;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The examples: run through JBang as their READMEs say, listed in examples/README.md, and each a catalog template. */
@Tag("e2e")
class ExamplesTest {
    @Test
    void helloRunsFromItsFolderWithTheRelativeSdkDependencyAndAppendsARowPerSync() {
        Path hello = Project.root().resolve("examples/quickstart/hello");
        Project project = Project.empty("hello");          // PROJECT_PATH: the sync writes there, not into examples/
        List<String> command = List.of("../../../jbang", "connector.java", "debug", project.dir().toString());
        for (int run = 1; run <= 2; run++) {
            Project.Result result = Project.runIn(hello, command, Map.of(), null);
            assertEquals(0, result.exit(), result::toString);
            assertTrue(result.out().contains("SYNC SUCCEEDED"), result::toString);
            assertEquals((long) run, project.value("SELECT count(*) AS n FROM tester.hello WHERE message = 'hello, world' AND NOT _fivetran_deleted"));
        }
        assertEquals("{}", project.state());
    }

    @Test
    void examplesReadmeListsEveryExampleWithItsOwnReadme() {
        List<String> listed = ExampleTemplates.listed(Project.root()).stream().map(ExampleTemplates.Example::folder).toList();
        List<String> folders = ExampleTemplates.folders(Project.root());
        assertEquals(folders, listed.stream().sorted().toList(), "examples/README.md lists each example folder once");
        for (String folder : folders) {
            assertTrue(Files.isRegularFile(Project.root().resolve(folder).resolve("README.md")), folder + " has no README.md");
        }
    }

    @Test
    void everyExampleIsACatalogTemplateGeneratedFromItAndUpToDate() throws IOException {
        Path root = Project.root();
        String regenerate = ": run ./jbang tests/GenerateExampleTemplates.java";
        List<String> names = ExampleTemplates.listed(root).stream().map(ExampleTemplates.Example::template).toList();
        assertEquals(names.size(), Set.copyOf(names).size(), "template names are unique: " + names);
        ObjectNode handWritten = ExampleTemplates.handWritten(root);
        names.forEach(name -> assertFalse(handWritten.has(name), name + " is also a hand-written template"));

        JsonNode templates = Jackson.MAPPER.readTree(Files.readString(ExampleTemplates.catalogFile(root))).path("templates");
        List<String> inCatalog = new ArrayList<>();
        templates.fieldNames().forEachRemaining(name -> {
            if (!handWritten.has(name)) {
                inCatalog.add(name);
            }
        });
        assertEquals(names, inCatalog, "the catalog's example templates" + regenerate);
        ExampleTemplates.entries(root).forEach((name, entry) -> assertEquals(entry, templates.get(name), name + regenerate));

        Map<String, String> generated = ExampleTemplates.generatedFiles(root);
        try (Stream<Path> files = Files.walk(root.resolve(ExampleTemplates.GENERATED))) {
            assertEquals(generated.keySet(), files.filter(Files::isRegularFile).map(f -> root.relativize(f).toString().replace('\\', '/'))
                    .collect(Collectors.toSet()), "the generated files" + regenerate);
        }
        generated.forEach((file, text) -> assertEquals(text, Project.read(root.resolve(file)), file + regenerate));
    }

    @Test
    void aGeneratedTemplateIsTheExampleButForTheSdkDependencyAndItsReadmesCommands() {
        String source = """
                ///usr/bin/env jbang "$0" "$@" ; exit $?
                //DEPS ../../../connector-sdk.java
                /** {@code a|}b} */
                class connector { int[] x = {1}; String json = "{[]}"; }
                """;
        assertEquals("""
                {|///usr/bin/env jbang "$0" "$@" ; exit $?
                |}{#if sdkHome}//DEPS {sdkHome}/connector-sdk.java{#else}//DEPS fivetran.connector:connector-sdk:{sdkVersion}{/if}{|
                /** {@code a|}|}{|b} */
                class connector { int[] x = {1}; String json = "{[]|}}{|"; }
                |}""", ExampleTemplates.qute(source));
        String readme = """
                # x

                ```bash
                cd examples/patterns/x
                ../../../jbang example-api    # offline
                cd examples/patterns/x && ../../../jbang connector.java query "select 1"
                ../../../jbang connector-sdk.java shell
                ```
                Outside code, `cd examples/patterns/x` stays.
                """;
        assertEquals("""
                # x

                ```bash
                jbang example-api@connector-sdk    # offline
                jbang connector.java query "select 1"
                jbang connector-sdk@connector-sdk shell
                ```
                Outside code, `cd examples/patterns/x` stays.
                """, ExampleTemplates.outsideTheCheckout(readme));
    }
}
