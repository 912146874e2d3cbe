package org.mlflow4j.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.store.ArtifactRepositoryProvider;
import org.mlflow4j.store.TrackingStoreProvider;
import org.mlflow4j.store.TrackingUris;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the one provider for a URI among those {@link ServiceLoader} sees, by the rules listed on
 * {@link MlflowClient}; one instance per kind of provider ({@link #TRACKING}, {@link #ARTIFACTS}).
 * Immutable and thread-safe.
 *
 * @param <P> the provider interface
 */
final class ProviderDiscovery<P> {
  /** Tracking stores: property {@code mlflow4j.store.provider.<scheme>}. */
  static final ProviderDiscovery<TrackingStoreProvider> TRACKING =
      new ProviderDiscovery<>(
          TrackingStoreProvider.class,
          "tracking URI",
          "mlflow4j.store.provider.",
          Map.of(
              "file", "org.mlflow4j:mlflow-store-file",
              "sqlite", "org.mlflow4j:mlflow-store-sql",
              "postgresql", "org.mlflow4j:mlflow-store-sql",
              "mysql", "org.mlflow4j:mlflow-store-sql",
              "http", "org.mlflow4j:mlflow-store-rest",
              "https", "org.mlflow4j:mlflow-store-rest"),
          TrackingStoreProvider::schemes,
          TrackingStoreProvider::artifact);

  /** Artifact repositories: property {@code mlflow4j.artifact.provider.<scheme>}. */
  static final ProviderDiscovery<ArtifactRepositoryProvider> ARTIFACTS =
      new ProviderDiscovery<>(
          ArtifactRepositoryProvider.class,
          "artifact URI",
          "mlflow4j.artifact.provider.",
          Map.of(
              "file", "org.mlflow4j:mlflow-client",
              "http", "org.mlflow4j:mlflow-store-rest",
              "https", "org.mlflow4j:mlflow-store-rest",
              "mlflow-artifacts", "org.mlflow4j:mlflow-store-rest"),
          ArtifactRepositoryProvider::schemes,
          ArtifactRepositoryProvider::artifact);

  private static final Logger LOG = LoggerFactory.getLogger(ProviderDiscovery.class);

  /** Guards against a broken iterator that fails forever without advancing. */
  private static final int MAX_LOAD_FAILURES = 1000;

  private final Class<P> type;
  private final String kind;
  private final String uriNoun;
  /** Prefix of the system property that picks a provider class for a scheme. */
  final String propertyPrefix;
  /** Which of our artifacts serves a well-known scheme, for the "nothing found" error. */
  private final Map<String, String> artifactByScheme;
  private final Function<P, Set<String>> schemes;
  private final Function<P, String> artifact;

  private ProviderDiscovery(
      Class<P> type,
      String uriNoun,
      String propertyPrefix,
      Map<String, String> artifactByScheme,
      Function<P, Set<String>> schemes,
      Function<P, String> artifact) {
    this.type = type;
    this.kind = type.getSimpleName();
    this.uriNoun = uriNoun;
    this.propertyPrefix = propertyPrefix;
    this.artifactByScheme = artifactByScheme;
    this.schemes = schemes;
    this.artifact = artifact;
  }

  /** Every provider the class loader offers; a provider that fails to load is logged, skipped. */
  List<P> load(ClassLoader classLoader) {
    Iterator<P> iterator = ServiceLoader.load(type, classLoader).iterator();
    List<P> providers = new ArrayList<>();
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
            "Skipping a provider of {} that failed to load: {}{}",
            kind,
            e,
            cause == null ? "" : " (caused by " + cause + ")");
        LOG.debug("{} load failure", kind, e);
      }
    }
    return providers;
  }

  /** The one provider for the scheme of the URI, by the rules on {@link MlflowClient}. */
  P choose(String uri, List<P> providers, Map<String, String> properties) {
    String scheme = TrackingUris.scheme(uri);
    List<P> candidates = new ArrayList<>();
    for (P provider : providers) {
      if (serves(provider, scheme)) {
        candidates.add(provider);
      }
    }
    String property = propertyPrefix + scheme;
    String picked = properties.get(property);
    if (picked != null && !picked.isBlank()) {
      for (P candidate : candidates) {
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
              + " names no "
              + kind
              + " that serves the scheme '"
              + scheme
              + "'; found: "
              + describe(candidates));
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    String masked = TrackingUris.maskCredentials(uri);
    if (candidates.isEmpty()) {
      String artifact = artifactByScheme.get(scheme);
      String advice =
          artifact != null
              ? "Add " + artifact + " to the classpath."
              : "Add a module whose "
                  + kind
                  + " serves '"
                  + scheme
                  + "' (registered in META-INF/services/"
                  + type.getName()
                  + ") to the classpath.";
      throw new MlflowException(
          ErrorCode.INVALID_PARAMETER_VALUE,
          "No "
              + kind
              + " serves the scheme '"
              + scheme
              + "' of the "
              + uriNoun
              + " '"
              + masked
              + "'. "
              + advice);
    }
    throw new MlflowException(
        ErrorCode.INVALID_PARAMETER_VALUE,
        "Several "
            + kind
            + "s serve the scheme '"
            + scheme
            + "' of the "
            + uriNoun
            + " '"
            + masked
            + "': "
            + describe(candidates)
            + ". Choose one with the system property "
            + property
            + "=<provider class name>.");
  }

  private boolean serves(P provider, String scheme) {
    try {
      return schemes.apply(provider).contains(scheme);
    } catch (RuntimeException | LinkageError e) {
      LOG.warn(
          "Skipping {} {}: its schemes() failed: {}",
          kind,
          provider.getClass().getName(),
          e.toString());
      LOG.debug("{} schemes() failure", kind, e);
      return false;
    }
  }

  private String describe(List<P> providers) {
    if (providers.isEmpty()) {
      return "none";
    }
    return providers.stream()
        .map(p -> p.getClass().getName() + " (" + artifactOf(p) + ")")
        .collect(Collectors.joining(", "));
  }

  private String artifactOf(P provider) {
    try {
      return artifact.apply(provider);
    } catch (RuntimeException e) {
      return "unknown artifact";
    }
  }
}
