package fivetran.connector.sdk.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The H2 variant of a test's own source database: no server, a unique in-memory database in a vendor's mode. */
class SourceDatabaseTest {
    @Test
    void anH2DatabaseInAModeLoadsAFileOfStatementsAndLivesUntilClose(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("source.sql"), """
                -- a comment; with a semicolon
                CREATE TABLE [people] ([id] INT PRIMARY KEY, [name] NVARCHAR(50));
                /* a block; comment */
                INSERT INTO [people] VALUES (1, N'Ada; Lovelace'), (2, 'it''s');
                INSERT INTO [people] VALUES (3, 'Grace')
                """);
        SourceDatabase source = SourceDatabase.h2("MSSQLServer", "DATABASE_TO_UPPER=FALSE").executeFile(file);
        assertEquals("jdbc:h2:mem:" + source.name() + ";MODE=MSSQLServer;DATABASE_TO_UPPER=FALSE", source.url());
        assertEquals("sa", source.user());
        assertEquals(3L, source.value("SELECT count(*) FROM people"), "the brackets of MSSQLServer mode, three statements");
        assertEquals("Ada; Lovelace", source.value("SELECT name FROM people WHERE id = 1"));
        assertEquals("it's", source.value("SELECT name FROM people WHERE id = 2"));

        source.execute("UPDATE people SET name = 'Barbara' WHERE id = 3; DELETE FROM people WHERE id = 2");
        try (Connection other = DriverManager.getConnection(source.url(), source.user(), source.password());
             ResultSet rows = other.createStatement().executeQuery("SELECT count(*) FROM people")) {
            assertTrue(rows.next());
            assertEquals(2L, rows.getLong(1), "another connection sees the kept database");
        }
        assertEquals("Barbara", source.value("SELECT name FROM people WHERE id = 3"), "kept between connections");
        assertThrows(SQLException.class, () -> DriverManager.getConnection(source.url(), source.user(), "wrong").close(),
                "a wrong password is refused");
        assertTrue(source.configuration("table", "people").contains("\"password\": \"" + source.password() + "\""));

        source.close();
        try (Connection after = DriverManager.getConnection(source.url() + ";IFEXISTS=TRUE", source.user(), source.password())) {
            throw new AssertionError("the database outlived close(): " + after);
        } catch (SQLException expected) {
            assertTrue(expected.getMessage().contains("not found"), expected.getMessage());
        }
    }

    @Test
    void eachH2DatabaseIsItsOwnAndARewriteMakesVendorDdlParse(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("source.sql"), "CREATE TABLE t (id INT, s STRING) STORED AS ORC;\n");
        try (SourceDatabase hive = SourceDatabase.h2("MySQL", "DATABASE_TO_LOWER=TRUE");
             SourceDatabase plain = SourceDatabase.h2(null)) {
            assertNotEquals(hive.name(), plain.name());
            assertEquals("jdbc:h2:mem:" + plain.name(), plain.url(), "no mode: H2's own");
            AssertionError unparsed = assertThrows(AssertionError.class, () -> hive.executeFile(file));
            assertTrue(unparsed.getMessage().startsWith("CREATE TABLE t (id INT, s STRING) STORED AS ORC"), unparsed.getMessage());
            hive.executeFile(file, sql -> sql.replace(" STRING", " VARCHAR(255)").replace(" STORED AS ORC", ""));
            hive.execute("INSERT INTO `t` VALUES (1, 'x')");
            assertEquals("x", hive.value("SELECT s FROM t"));
            assertThrows(AssertionError.class, () -> plain.value("SELECT s FROM t"), "the other database has no table t");
        }
    }
}
