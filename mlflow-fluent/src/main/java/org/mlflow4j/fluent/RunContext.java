package org.mlflow4j.fluent;

import java.io.IOException;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mlflow4j.entity.MlflowTags;

/**
 * The system tags MLflow's fluent API puts on a new run (spec/conventions.md §3): {@code
 * mlflow.user}, {@code mlflow.source.name}, {@code mlflow.source.type} and, inside a git work tree,
 * {@code mlflow.source.git.commit}. Stateless.
 */
final class RunContext {
  static final String UNKNOWN_SOURCE = "<unknown>";
  static final String LOCAL = "LOCAL";

  private RunContext() {}

  /** The tags, from the client's environment map and system properties. */
  static Map<String, String> tags(Map<String, String> environment, Map<String, String> properties) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(MlflowTags.USER, user(environment, properties));
    tags.put(MlflowTags.SOURCE_NAME, sourceName(properties));
    tags.put(MlflowTags.SOURCE_TYPE, LOCAL);
    String dir = properties.get("user.dir");
    if (dir != null && !dir.isBlank()) {
      GitHead.commitOf(Path.of(dir)).ifPresent(sha -> tags.put(MlflowTags.GIT_COMMIT, sha));
    }
    return tags;
  }

  /**
   * {@code MLFLOW_TRACKING_USERNAME}, else {@code mlflow_tracking_username} of the {@code [mlflow]}
   * section of {@code ~/.mlflow/credentials}, else the JVM's {@code user.name}, else {@code unknown}.
   */
  static String user(Map<String, String> environment, Map<String, String> properties) {
    return nonBlank(environment.get("MLFLOW_TRACKING_USERNAME"))
        .or(() -> credentialsFileUser(properties))
        .or(() -> nonBlank(properties.get("user.name")))
        .orElse("unknown");
  }

  /**
   * The main class or jar: the first word of the {@code sun.java.command} property; when that names
   * a launcher that runs another class's main in-process (Maven's exec:java, Surefire), the class
   * of the outermost {@code main(String[])} on the calling thread's stack instead; else {@code
   * <unknown>}.
   */
  static String sourceName(Map<String, String> properties) {
    Optional<String> command =
        nonBlank(properties.get("sun.java.command")).map(c -> c.trim().split("\\s+", 2)[0]);
    if (command.isPresent() && !LAUNCHERS.contains(command.get())) {
      return command.get();
    }
    return outermostMainClass().or(() -> command).orElse(UNKNOWN_SOURCE);
  }

  /** Launchers whose own name says nothing about the program a user ran. */
  private static final Set<String> LAUNCHERS =
      Set.of(
          "org.codehaus.plexus.classworlds.launcher.Launcher",
          "org.apache.maven.surefire.booter.ForkedBooter");

  private static Optional<String> outermostMainClass() {
    return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(
            frames ->
                frames
                    .filter(f -> f.getMethodName().equals("main"))
                    .filter(f -> f.getMethodType().equals(MAIN_TYPE))
                    .filter(f -> !LAUNCHERS.contains(f.getDeclaringClass().getName()))
                    .reduce((inner, outer) -> outer)
                    .map(f -> f.getDeclaringClass().getName()));
  }

  private static final MethodType MAIN_TYPE = MethodType.methodType(void.class, String[].class);

  private static Optional<String> credentialsFileUser(Map<String, String> properties) {
    String home = properties.get("user.home");
    if (home == null || home.isBlank()) {
      return Optional.empty();
    }
    Path file = Path.of(home, ".mlflow", "credentials");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      boolean inSection = false;
      for (String raw : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String line = raw.trim();
        if (line.startsWith("[")) {
          inSection = line.equals("[mlflow]");
        } else if (inSection && line.startsWith("mlflow_tracking_username")) {
          int eq = line.indexOf('=') >= 0 ? line.indexOf('=') : line.indexOf(':');
          if (eq > 0 && line.substring(0, eq).trim().equals("mlflow_tracking_username")) {
            return nonBlank(line.substring(eq + 1).trim());
          }
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static Optional<String> nonBlank(String value) {
    return Optional.ofNullable(value).filter(v -> !v.isBlank());
  }
}
