///usr/bin/env jbang "$0" "$@" ; exit $?
// Writes every example's catalog template from the example itself: the generated files under templates/examples/
// and the examples' entries of catalog/jbang-catalog.json (see testing/ExampleTemplates.java). Run it from the
// repository root after changing an example or examples/README.md: ./jbang tests/GenerateExampleTemplates.java
//JAVA 17+
//DEPS com.fasterxml.jackson.core:jackson-databind:2.20.2
//SOURCES fivetran/connector/sdk/testing/ExampleTemplates.java

import fivetran.connector.sdk.testing.ExampleTemplates;
import java.nio.file.Files;
import java.nio.file.Path;

class GenerateExampleTemplates {
    public static void main(String... args) throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.exists(root.resolve("connector-sdk.java")) || !Files.isDirectory(root.resolve("examples"))) {
            root = root.getParent();
            if (root == null) {
                throw new IllegalStateException("run it inside the checkout: no connector-sdk.java above " + Path.of("").toAbsolutePath());
            }
        }
        ExampleTemplates.write(root);
        System.out.println("wrote " + ExampleTemplates.generatedFiles(root).size() + " files under " + ExampleTemplates.GENERATED
                + " and " + ExampleTemplates.listed(root).size() + " templates into " + root.relativize(ExampleTemplates.catalogFile(root)));
    }
}
