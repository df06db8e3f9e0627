import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.MongoVersion;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ObjectDataType;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs mongo-java-server with its on-disk H2 backend: MongoLauncher HOST PORT DB_FILE VERSION WIRE_VERSION.
 *
 * <p>One change to the stock backend: unique-index keys (KeyValue, not Comparable) are ordered by their values.
 * H2's default key type orders such keys by Java-serializing both sides of every comparison, which cost a
 * quarter of the server's CPU on inserts (docs/benchmarks.md). Keys are still written in H2's own format.
 */
public final class MongoLauncher {
    private MongoLauncher() {}

    public static void main(String[] args) throws Exception {
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
        H2Backend backend = new OrderedKeysBackend(MVStore.open(args[2]));
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

    /** The H2 backend whose databases open unique indexes with {@link KeyValueType} keys. */
    static final class OrderedKeysBackend extends H2Backend {
        OrderedKeysBackend(MVStore store) {
            super(store);
        }

        @Override
        protected MongoDatabase openOrCreateDatabase(String databaseName) {
            return new OrderedKeysDatabase(databaseName, getMvStore(), getCursorRegistry());
        }
    }

    /** An H2 database whose unique-index maps compare keys by value. */
    static final class OrderedKeysDatabase extends H2Database {
        private static final Field STORE_FIELD = field(H2Database.class, "mvStore");
        private static final Method MAP_NAME = declared(H2Database.class, "mapNameForIndex", String.class, String.class);
        private static final Constructor<?> UNIQUE_INDEX = uniqueIndexConstructor();

        OrderedKeysDatabase(String name, MVStore store, CursorRegistry cursors) {
            super(name, store, cursors);
        }

        @Override
        @SuppressWarnings("unchecked")
        protected Index<Object> openOrCreateUniqueIndex(String collection, String indexName, List<IndexKey> keys, boolean sparse) {
            try {
                // Called from H2Database's constructor too, so the store comes from the backend, not a field of ours.
                MVStore store = (MVStore) STORE_FIELD.get(this);
                String mapName = (String) MAP_NAME.invoke(this, collection, indexName);
                MVMap<KeyValue, Object> map = store.openMap(mapName, new MVMap.Builder<KeyValue, Object>().keyType(KeyValueType.INSTANCE));
                return (Index<Object>) UNIQUE_INDEX.newInstance(map, indexName, keys, sparse);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot open index " + indexName + " of " + collection, e);
            }
        }

        private static Constructor<?> uniqueIndexConstructor() {
            try {
                Constructor<?> c = Class.forName("de.bwaldvogel.mongo.backend.h2.H2UniqueIndex")
                    .getDeclaredConstructor(MVMap.class, String.class, List.class, boolean.class);
                c.setAccessible(true);
                return c;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("mongo-java-server's H2UniqueIndex has changed", e);
            }
        }

        private static Method declared(Class<?> type, String name, Class<?>... parameters) {
            try {
                Method m = type.getDeclaredMethod(name, parameters);
                m.setAccessible(true);
                return m;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("mongo-java-server's " + type.getSimpleName() + "." + name + " has changed", e);
            }
        }

        private static Field field(Class<?> type, String name) {
            try {
                Field f = type.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                throw new IllegalStateException("mongo-java-server's " + type.getSimpleName() + "." + name + " has changed", e);
            }
        }
    }

    /** H2's object type for KeyValue keys, ordered element by element; stored exactly as ObjectDataType stores them. */
    static final class KeyValueType extends ObjectDataType {
        static final KeyValueType INSTANCE = new KeyValueType();

        @Override
        public int compare(Object a, Object b) {
            if (a instanceof KeyValue && b instanceof KeyValue) {
                KeyValue x = (KeyValue) a;
                KeyValue y = (KeyValue) b;
                int bySize = Integer.compare(x.size(), y.size());
                if (bySize != 0) {
                    return bySize;
                }
                for (int i = 0; i < x.size(); i++) {
                    int c = compareValues(x.get(i), y.get(i));
                    if (c != 0) {
                        return c;
                    }
                }
                return 0;
            }
            return super.compare(a, b);
        }

        /** Same class and Comparable: its own order (0 exactly when equal); otherwise by class, then H2's order. */
        @SuppressWarnings("unchecked")
        private int compareValues(Object a, Object b) {
            if (a == b) {
                return 0;
            }
            if (a == null || b == null) {
                return a == null ? -1 : 1;
            }
            if (a.getClass() == b.getClass() && a instanceof Comparable) {
                return ((Comparable<Object>) a).compareTo(b);
            }
            int byClass = a.getClass().getName().compareTo(b.getClass().getName());
            return byClass != 0 ? byClass : super.compare(a, b);
        }
    }
}
