package kam.neo4j;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.io.ByteUnit;

/**
 * Throw-away Neo4j 5 Community instance for graphlib_kam's tests.
 *
 * <pre>java -Xmx512m -jar target/kam-neo4j-server.jar [PORT]</pre>
 *
 * Bolt (no TLS, no auth) listens on 127.0.0.1:PORT (0 or absent: a free port chosen by the OS). When the
 * database is ready, exactly one line {@code BOLT_URI=bolt://127.0.0.1:PORT} goes to stdout. The process then
 * waits for EOF on stdin, shuts the database down cleanly, deletes its temporary directory and exits 0.
 * Neo4j's own logs go to files in that temporary directory; failures go to stderr (with those logs).
 */
public final class KamNeo4jServer {
    private static final int LOG_TAIL_LINES = 30;
    private static final Object LOCK = new Object();
    private static Neo4j neo4j;
    private static Path workDir;
    private static Path tmpBase;
    private static boolean stopped;

    private KamNeo4jServer() {}

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0].trim()) : 0;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        // Keep stdout for the single BOLT_URI line: anything else that writes to System.out goes to stderr.
        PrintStream stdout = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        System.setOut(System.err);

        // Store and logs go into one fresh directory, deleted on shutdown. It also becomes
        // java.io.tmpdir for libraries that read the property later (netty, zstd-jni native
        // libraries); Files.createTempFile has already cached the original: see deleteOurLog4jConfigs.
        tmpBase = Path.of(System.getProperty("java.io.tmpdir"));
        workDir = Files.createDirectories(tmpBase.resolve(
                "kam-neo4j-" + ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime())));
        System.setProperty("java.io.tmpdir", workDir.toString());
        // SIGTERM / Ctrl-C: still shut down cleanly and remove the temp directory.
        Runtime.getRuntime().addShutdownHook(new Thread(KamNeo4jServer::stop, "kam-neo4j-shutdown"));

        try {
            Neo4j db = Neo4jBuilders.newInProcessBuilder(workDir)
                    .withDisabledServer() // no HTTP/HTTPS connectors, no web server
                    .withConfig(BoltConnector.enabled, true)
                    .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .withConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    // DISABLED also stops the harness from generating self-signed certificates.
                    .withConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .withConfig(GraphDatabaseSettings.auth_enabled, false)
                    .withConfig(GraphDatabaseSettings.udc_enabled, false) // dbms.usage_report.enabled
                    .withConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(64))
                    .withConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .withConfig(GraphDatabaseSettings.preallocate_store_files, false)
                    // Internal settings (pinned Neo4j version): Bolt's netty shutdown otherwise idles
                    // through a quiet period, making every stop take ~10 s instead of well under 1 s.
                    .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .withConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5))
                    .build();
            synchronized (LOCK) {
                neo4j = db;
                if (stopped) { // shutdown hook ran while we were starting
                    db.close();
                    return;
                }
            }
        } catch (Throwable e) {
            printLogs();
            e.printStackTrace(System.err);
            // Last lines of stderr (what the Python side shows): the cause chain, innermost last.
            System.err.println("KamNeo4jServer: failed to start Neo4j on 127.0.0.1:" + port + ":");
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                System.err.println("  " + t);
            }
            stop();
            System.exit(1);
        }

        int boltPort = neo4j.boltURI().getPort();
        stdout.println("BOLT_URI=bolt://127.0.0.1:" + boltPort);
        stdout.flush();

        // Block until stdin is closed (the parent process ended or closed the pipe).
        InputStream in = System.in;
        byte[] buf = new byte[256];
        try {
            while (in.read(buf) >= 0) {
                // ignore input
            }
        } catch (IOException e) {
            // treat a broken stdin like EOF
        }
        int rc = stop() ? 0 : 1;
        System.exit(rc);
    }

    /** Idempotent clean shutdown. Returns false if closing the database failed. */
    private static boolean stop() {
        boolean ok = true;
        synchronized (LOCK) {
            if (stopped) {
                return true;
            }
            stopped = true;
            if (neo4j != null) {
                try {
                    neo4j.close();
                } catch (Throwable e) {
                    ok = false;
                    System.err.println("KamNeo4jServer: error while shutting down: " + e);
                    e.printStackTrace(System.err);
                }
            }
            deleteRecursively(workDir);
            deleteOurLog4jConfigs();
        }
        return ok;
    }

    /**
     * The harness writes a temporary log4j-*.xml into the JVM's original temp dir and never deletes
     * it. Remove only the ones that point at our (now deleted) working directory.
     */
    private static void deleteOurLog4jConfigs() {
        if (workDir == null || tmpBase == null) {
            return;
        }
        String marker = workDir.toString();
        try (Stream<Path> files = Files.list(tmpBase)) {
            files.filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith("log4j-") && name.endsWith(".xml");
                    })
                    .forEach(p -> {
                        try {
                            if (Files.size(p) < 1_000_000 && Files.readString(p).contains(marker)) {
                                Files.deleteIfExists(p);
                            }
                        } catch (IOException | RuntimeException e) {
                            // not ours, unreadable or already gone
                        }
                    });
        } catch (IOException e) {
            // nothing to clean
        }
    }

    /** The tail of each non-empty Neo4j log file, to stderr. */
    private static void printLogs() {
        if (workDir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(workDir)) {
            files.filter(p -> p.getFileName().toString().endsWith(".log")).sorted().forEach(p -> {
                try {
                    List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
                    if (lines.isEmpty()) {
                        return;
                    }
                    int from = Math.max(0, lines.size() - LOG_TAIL_LINES);
                    System.err.println("---------- " + p.getFileName() + " (last " + (lines.size() - from)
                            + " of " + lines.size() + " lines) ----------");
                    lines.subList(from, lines.size()).forEach(System.err::println);
                } catch (IOException e) {
                    System.err.println("(" + p + " unreadable: " + e + ")");
                }
            });
        } catch (IOException e) {
            // nothing more to report
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("KamNeo4jServer: could not delete " + dir + ": " + e);
        }
    }
}
