import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.h2.H2Backend;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Runs mongo-java-server with its on-disk H2 backend: MongoLauncher HOST PORT DB_FILE VERSION WIRE_VERSION. */
public final class MongoLauncher {
    private MongoLauncher() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 5) {
            System.err.println("usage: MongoLauncher HOST PORT DB_FILE VERSION(a.b.c) WIRE_VERSION");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String[] parts = args[3].split("\\.");
        List<Integer> versionArray = List.of(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        int wireVersion = Integer.parseInt(args[4]);
        MongoVersion version = new MongoVersion() {
            @Override public List<Integer> getVersionArray() { return versionArray; }
            @Override public int getWireVersion() { return wireVersion; }
        };
        H2Backend backend = new H2Backend(args[2]);
        backend.version(version);
        MongoServer server = new MongoServer(backend);
        server.bind(host, port);
        System.out.println("mongo-java-server listening on " + host + ":" + port + " data " + args[2]);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.shutdown();
            backend.close();
            System.out.println("mongo-java-server stopped; data saved");
            stopped.countDown();
        }));
        stopped.await();
    }
}
