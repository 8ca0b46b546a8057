import java.nio.file.Path;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Neo4j Community as a plain Java process with the Bolt connector on, for the integration tier
 * (no Docker). Run by scripts/neo4j/start.sh in single-file source mode on the classpath that
 * `mvn dependency:copy-dependencies` fetched from Maven Central.
 *
 * <p>Arguments: home directory (data and transaction logs), Bolt host, Bolt port. Auth is off:
 * the server listens on a loopback address for tests only; any user and password are accepted.
 */
public final class Launcher {
  public static void main(String[] args) throws InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: java Launcher.java <home-dir> <bolt-host> <bolt-port>");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    String host = args[1];
    int port = Integer.parseInt(args[2]);

    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
            .setConfig(HttpConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, false)
            // Small test graphs: keep the page cache from claiming half the machine's memory.
            .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128))
            .build();
    Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));

    // start.sh waits for this exact line before it reports the server up.
    System.out.println("neo4j ready on bolt://" + host + ":" + port + " (home " + home + ")");
    System.out.flush();
    Thread.currentThread().join();
  }
}
