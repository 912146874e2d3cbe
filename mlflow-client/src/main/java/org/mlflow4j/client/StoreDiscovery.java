package org.mlflow4j.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.store.TrackingStoreProvider;
import org.mlflow4j.store.TrackingUris;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the one {@link TrackingStoreProvider} for a tracking URI among those {@link
 * ServiceLoader} sees; the rules are listed on {@link MlflowClient}. Stateless.
 */
final class StoreDiscovery {
  /** Prefix of the system property that picks a provider class for a scheme. */
  static final String PROVIDER_PROPERTY_PREFIX = "mlflow4j.store.provider.";

  private static final Logger LOG = LoggerFactory.getLogger(StoreDiscovery.class);

  /** Guards against a broken iterator that fails forever without advancing. */
  private static final int MAX_LOAD_FAILURES = 1000;

  /** Which of our artifacts serves a well-known scheme, for the "nothing found" error. */
  private static final Map<String, String> ARTIFACT_BY_SCHEME =
      Map.of(
          "file", "org.mlflow4j:mlflow-store-file",
          "sqlite", "org.mlflow4j:mlflow-store-sql",
          "postgresql", "org.mlflow4j:mlflow-store-sql",
          "mysql", "org.mlflow4j:mlflow-store-sql",
          "http", "org.mlflow4j:mlflow-store-rest",
          "https", "org.mlflow4j:mlflow-store-rest");

  private StoreDiscovery() {}

  /** Every provider the class loader offers; a provider that fails to load is logged, skipped. */
  static List<TrackingStoreProvider> load(ClassLoader classLoader) {
    ServiceLoader<TrackingStoreProvider> loader =
        ServiceLoader.load(TrackingStoreProvider.class, classLoader);
    Iterator<TrackingStoreProvider> iterator = loader.iterator();
    List<TrackingStoreProvider> providers = new ArrayList<>();
    int failures = 0;
    // As SLF4J's LoggerFactory: hasNext() and next() may each throw for one broken entry; the
    // iterator has then moved past it, so the remaining providers are still found.
    while (failures < MAX_LOAD_FAILURES) {
      try {
        if (!iterator.hasNext()) {
          break;
        }
        providers.add(iterator.next());
      } catch (ServiceConfigurationError | LinkageError e) {
        failures++;
        Throwable cause = e.getCause();
        LOG.warn(
            "Skipping a TrackingStoreProvider that failed to load: {}{}",
            e,
            cause == null ? "" : " (caused by " + cause + ")");
        LOG.debug("TrackingStoreProvider load failure", e);
      }
    }
    return providers;
  }

  /** The one provider for the scheme of the URI, by the rules on {@link MlflowClient}. */
  static TrackingStoreProvider choose(
      String trackingUri, List<TrackingStoreProvider> providers, Map<String, String> properties) {
    String scheme = TrackingUris.scheme(trackingUri);
    List<TrackingStoreProvider> candidates = new ArrayList<>();
    for (TrackingStoreProvider provider : providers) {
      if (serves(provider, scheme)) {
        candidates.add(provider);
      }
    }
    String property = PROVIDER_PROPERTY_PREFIX + scheme;
    String picked = properties.get(property);
    if (picked != null && !picked.isBlank()) {
      for (TrackingStoreProvider candidate : candidates) {
        if (candidate.getClass().getName().equals(picked.trim())) {
          return candidate;
        }
      }
      throw new MlflowException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "The system property "
              + property
              + "="
              + picked
              + " names no TrackingStoreProvider that serves the scheme '"
              + scheme
              + "'; found: "
              + describe(candidates));
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    String masked = TrackingUris.maskCredentials(trackingUri);
    if (candidates.isEmpty()) {
      String artifact = ARTIFACT_BY_SCHEME.get(scheme);
      String advice =
          artifact != null
              ? "Add " + artifact + " to the classpath."
              : "Add a module whose TrackingStoreProvider serves '"
                  + scheme
                  + "' (registered in META-INF/services/"
                  + TrackingStoreProvider.class.getName()
                  + ") to the classpath.";
      throw new MlflowException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "No TrackingStoreProvider serves the scheme '"
              + scheme
              + "' of the tracking URI '"
              + masked
              + "'. "
              + advice);
    }
    throw new MlflowException(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Several TrackingStoreProviders serve the scheme '"
            + scheme
            + "' of the tracking URI '"
            + masked
            + "': "
            + describe(candidates)
            + ". Choose one with the system property "
            + property
            + "=<provider class name>.");
  }

  private static boolean serves(TrackingStoreProvider provider, String scheme) {
    try {
      Set<String> schemes = provider.schemes();
      return schemes.contains(scheme);
    } catch (RuntimeException | LinkageError e) {
      LOG.warn(
          "Skipping TrackingStoreProvider {}: its schemes() failed: {}",
          provider.getClass().getName(),
          e.toString());
      LOG.debug("TrackingStoreProvider schemes() failure", e);
      return false;
    }
  }

  private static String describe(List<TrackingStoreProvider> providers) {
    if (providers.isEmpty()) {
      return "none";
    }
    return providers.stream()
        .map(p -> p.getClass().getName() + " (" + artifactOf(p) + ")")
        .collect(Collectors.joining(", "));
  }

  private static String artifactOf(TrackingStoreProvider provider) {
    try {
      return provider.artifact();
    } catch (RuntimeException e) {
      return "unknown artifact";
    }
  }
}
