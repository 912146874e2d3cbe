package org.mlflow4j.fluent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the HEAD commit of the git work tree that contains a directory, from the files under
 * {@code .git} (HEAD, loose refs, packed-refs): no JGit, no {@code git} process. Handles detached
 * heads, symbolic refs, and {@code .git} files of linked work trees and submodules. Stateless.
 */
final class GitHead {
  private static final Logger LOG = LoggerFactory.getLogger(GitHead.class);
  private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}|[0-9a-f]{64}");
  private static final int MAX_SYMREF_DEPTH = 5;

  private GitHead() {}

  /** The full hex SHA of HEAD of the work tree containing {@code dir}; empty outside one. */
  static Optional<String> commitOf(Path dir) {
    try {
      for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
        Path dotGit = d.resolve(".git");
        if (Files.isDirectory(dotGit)) {
          return headOf(dotGit);
        }
        if (Files.isRegularFile(dotGit)) {
          String content = read(dotGit);
          if (content.startsWith("gitdir:")) {
            return headOf(d.resolve(content.substring("gitdir:".length()).trim()).normalize());
          }
          return Optional.empty();
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("Could not read the git HEAD of {}", dir, e);
    }
    return Optional.empty();
  }

  private static Optional<String> headOf(Path gitDir) throws IOException {
    Path headFile = gitDir.resolve("HEAD");
    if (!Files.isRegularFile(headFile)) {
      return Optional.empty();
    }
    // a linked work tree keeps HEAD in its own dir but shares refs with the main repository
    Path commonDir = gitDir;
    Path commonDirFile = gitDir.resolve("commondir");
    if (Files.isRegularFile(commonDirFile)) {
      commonDir = gitDir.resolve(read(commonDirFile)).normalize();
    }
    String value = read(headFile);
    for (int depth = 0; depth < MAX_SYMREF_DEPTH; depth++) {
      if (SHA.matcher(value).matches()) {
        return Optional.of(value);
      }
      if (!value.startsWith("ref:")) {
        return Optional.empty();
      }
      String ref = value.substring("ref:".length()).trim();
      Optional<String> resolved = readRef(gitDir, commonDir, ref);
      if (resolved.isEmpty()) {
        return Optional.empty(); // e.g. a branch without commits yet
      }
      value = resolved.get();
    }
    return Optional.empty();
  }

  private static Optional<String> readRef(Path gitDir, Path commonDir, String ref)
      throws IOException {
    for (Path base : List.of(gitDir, commonDir)) {
      Path loose = base.resolve(ref).normalize();
      if (loose.startsWith(base) && Files.isRegularFile(loose)) {
        return Optional.of(read(loose));
      }
    }
    Path packed = commonDir.resolve("packed-refs");
    if (Files.isRegularFile(packed)) {
      for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
        if (line.startsWith("#") || line.startsWith("^")) {
          continue;
        }
        int space = line.indexOf(' ');
        if (space > 0 && line.substring(space + 1).trim().equals(ref)) {
          return Optional.of(line.substring(0, space).trim());
        }
      }
    }
    return Optional.empty();
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8).trim();
  }
}
