package org.mlflow4j.client;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.mlflow4j.store.StoreContext;
import org.mlflow4j.store.TrackingStore;
import org.mlflow4j.store.TrackingStoreProvider;

/** Providers that tests register through a services file; they count their create() calls. */
public final class FakeProviders {
  static final Map<String, AtomicInteger> CREATED = new ConcurrentHashMap<>();
  static final Map<String, StoreContext> LAST_CONTEXT = new ConcurrentHashMap<>();

  private FakeProviders() {}

  static int created(Class<?> provider) {
    return CREATED.getOrDefault(provider.getName(), new AtomicInteger()).get();
  }

  static void reset() {
    CREATED.clear();
    LAST_CONTEXT.clear();
  }

  /** Base of the fakes. */
  public abstract static class Fake implements TrackingStoreProvider {
    private final Set<String> schemes;

    Fake(String... schemes) {
      this.schemes = Set.of(schemes);
    }

    @Override
    public Set<String> schemes() {
      return schemes;
    }

    @Override
    public TrackingStore create(StoreContext context) {
      CREATED.computeIfAbsent(getClass().getName(), k -> new AtomicInteger()).incrementAndGet();
      LAST_CONTEXT.put(getClass().getName(), context);
      return new RecordingStore();
    }
  }

  /** Serves file. */
  public static final class FileA extends Fake {
    /** Constructor. */
    public FileA() {
      super("file");
    }

    @Override
    public String artifact() {
      return "com.example:file-a";
    }
  }

  /** Also serves file. */
  public static final class FileB extends Fake {
    /** Constructor. */
    public FileB() {
      super("file");
    }
  }

  /** Serves sqlite and postgresql. */
  public static final class Sql extends Fake {
    /** Constructor. */
    public Sql() {
      super("sqlite", "postgresql");
    }
  }

  /** Its constructor throws, as a provider whose dependencies are missing. */
  public static final class ThrowingConstructor extends Fake {
    /** Constructor. */
    public ThrowingConstructor() {
      super("file");
      throw new IllegalStateException("broken provider");
    }
  }

  /** Its schemes() throws. */
  public static final class ThrowingSchemes extends Fake {
    /** Constructor. */
    public ThrowingSchemes() {
      super("file");
    }

    @Override
    public Set<String> schemes() {
      throw new IllegalStateException("no schemes today");
    }
  }

  /** Not a provider at all. */
  public static final class NotAProvider {}
}
