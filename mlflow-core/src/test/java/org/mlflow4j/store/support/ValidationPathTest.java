package org.mlflow4j.store.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;

/** Artifact paths and path safety (spec/validation.md §12, spec/artifacts.md §6). */
class ValidationPathTest {

  @ParameterizedTest
  @ValueSource(strings = {"", "a", "a/b", "a..b", "model/data.bin", "a b/c:d", ".a/b"})
  @DisplayName("path-unique artifact paths (and the empty root) are accepted")
  void validArtifactPaths(String path) {
    assertThatCode(() -> Validation.validateArtifactPath(path)).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("the artifact path message names the path and what it resolves to")
  void artifactPathMessage() {
    assertThatThrownBy(() -> Validation.validateArtifactPath("x/../b/y"))
        .hasMessage(
            "Invalid artifact path: 'x/../b/y'. Names may be treated as files in certain cases,"
                + " and must not resolve to other names when treated as such. This name would"
                + " resolve to 'b/y'");
  }

  @ParameterizedTest
  @ValueSource(strings = {".", "..", "../x", "a/../b", "./a", "a/./b", "a//b", "a/", "/a", "..a"})
  @DisplayName("artifact paths that normalise to another path are rejected")
  void invalidArtifactPaths(String path) {
    assertThatThrownBy(() -> Validation.validateArtifactPath(path))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageStartingWith("Invalid artifact path: ")
        .hasMessageContaining("must not resolve to other names");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "a", "a/b.txt", "a..b", "dir/..file", "a b", "%41", "model/MLmodel", "file:a/b",
        "a%20b", "x/y/z", "caf%C3%A9"
      })
  @DisplayName("safe relative paths pass")
  void safePaths(String path) {
    assertThatCode(() -> Validation.validatePathIsSafe(path)).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "..", "../x", "a/../b", "a/..", "%2e%2e", "%2e%2e%2f", "%2E%2E/x", "a/%2e%2e/b",
        "%252e%252e", "%252e%252e%252f", "%25252e%25252e", "..%2fx", "..%2Fx",
        "a\\b", "..\\x", "a%5cb", "a%5C..%5Cb",
        "a#b", "%23", "a%2523",
        "/x", "/etc/passwd", "%2fetc%2fpasswd", "%2Fx", "//server/share",
        "C:\\x", "C:/x", "c:x", "C:", "\\\\server\\share", "%5c%5cserver%5cshare",
        "a\u0000b", "%00", "a%00b", "a\nb", "%0a", "a\u007fb", "a\u001fb",
        "file:///etc/passwd", "file://host/x", "file:/x", "file:../x", "file:a/../../x",
        "file:%2e%2e/x", "FILE:///x", "file%3a%2f%2f%2fetc%2fpasswd",
        // the rest of the tck's PathTraversalVectors (issue 5)
        "./../x", "a/../../x", "%2E%2E%2Fx", "a/%2e%2e/%2e%2e/x", "%25252e%25252e%25252fx",
        "..%5cx", "..;/x", "a/..;jsessionid=1/x", "a/..;/b", "x.txt%00.png", "a\rb", "a\tb",
        "file:/etc/passwd", "a%2523b", "C:x"
      })
  @DisplayName("traversal, absolute, separator, fragment, control-character and file: tricks fail")
  void unsafePaths(String path) {
    assertThatThrownBy(() -> Validation.validatePathIsSafe(path))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
              assertThat(e.httpStatus()).isEqualTo(400);
            })
        .hasMessageStartingWith("Invalid path");
  }

  @Test
  @DisplayName("a path still changing after 10 decoding rounds is rejected")
  void tooDeeplyEncoded() {
    String nine = "a" + "%" + "25".repeat(8) + "41"; // decodes to "aA" in 9 rounds
    assertThatCode(() -> Validation.validatePathIsSafe(nine)).doesNotThrowAnyException();
    String eleven = "a" + "%" + "25".repeat(10) + "41";
    assertThatThrownBy(() -> Validation.validatePathIsSafe(eleven))
        .hasMessageStartingWith("Invalid path");
  }

  @Test
  @DisplayName("the message names the path; null is a missing value")
  void messages() {
    assertThatThrownBy(() -> Validation.validatePathIsSafe("../secret"))
        .hasMessage("Invalid path: '../secret'");
    assertThatThrownBy(() -> Validation.validatePathIsSafe(null))
        .hasMessage("Missing value for required parameter 'path'.");
    assertThatThrownBy(() -> Validation.validateArtifactPath(null))
        .hasMessage("Missing value for required parameter 'artifact_path'.");
  }

  @Test
  @DisplayName("percent-decoding follows Python's unquote")
  void percentDecode() {
    assertThat(Validation.percentDecode("a%2Fb%2fc")).isEqualTo("a/b/c");
    assertThat(Validation.percentDecode("a+b%20c")).isEqualTo("a+b c");
    assertThat(Validation.percentDecode("caf%C3%A9")).isEqualTo("café");
    assertThat(Validation.percentDecode("100%")).isEqualTo("100%");
    assertThat(Validation.percentDecode("%zz%4")).isEqualTo("%zz%4");
    assertThat(Validation.percentDecode("%ff")).isEqualTo("\uFFFD");
  }
}
