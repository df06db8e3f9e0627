import com.hivemq.embedded.EmbeddedHiveMQ;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/** Runs the HiveMQ Community Edition MQTT broker: MqttLauncher HOST PORT HOME (config.xml is written there). */
public final class MqttLauncher {
    private MqttLauncher() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: MqttLauncher HOST PORT HOME");
            System.exit(2);
        }
        Path home = Path.of(args[2]);
        Path conf = Files.createDirectories(home.resolve("conf"));
        Path data = Files.createDirectories(home.resolve("data"));
        Path extensions = Files.createDirectories(home.resolve("extensions"));
        // One TCP listener on HOST:PORT; sessions and queued QoS 1 messages kept in memory
        // (they outlive a client's disconnect, not a broker restart); no usage statistics sent.
        Files.writeString(conf.resolve("config.xml"), String.join("\n",
            "<?xml version=\"1.0\"?>",
            "<hivemq>",
            "  <listeners><tcp-listener><port>" + Integer.parseInt(args[1]) + "</port><bind-address>" + args[0]
                + "</bind-address></tcp-listener></listeners>",
            "  <persistence><mode>in-memory</mode></persistence>",
            "  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>",
            "</hivemq>", ""));
        EmbeddedHiveMQ hivemq = EmbeddedHiveMQ.builder()
            .withConfigurationFolder(conf).withDataFolder(data).withExtensionsFolder(extensions).build();
        hivemq.start().join();
        System.out.println("hivemq listening on " + args[0] + ":" + args[1]);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            hivemq.stop().join();
            System.out.println("hivemq stopped");
            stopped.countDown();
        }));
        stopped.await();
    }
}
