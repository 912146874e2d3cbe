package org.mlflow4j.store.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;

/**
 * append_to_uri_path (spec/artifacts.md §1); expected values are what MLflow's function gives on
 * Python 3.11.
 */
class ArtifactUrisTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "s3://b/base?x=1|a|s3://b/base/a?x=1",
        "s3://bucket|a|s3://bucket/a",
        "s3://bucket/|a|s3://bucket/a",
        "/abs/mlruns|0|/abs/mlruns/0",
        "/abs/mlruns/|0|/abs/mlruns/0",
        "rel|a|rel/a",
        "./mlruns|0|./mlruns/0",
        "file:///abs/mlruns|0|file:///abs/mlruns/0",
        "file:rel/path|a|file:rel/path/a",
        "file:relfile|0|file:relfile/0",
        "file:/abs|a|file:///abs/a",
        "mlflow-artifacts:/|0|mlflow-artifacts:/0",
        "mlflow-artifacts://host:5000/x|a|mlflow-artifacts://host:5000/x/a",
        "gs://b/p#frag|a|gs://b/p/a#frag",
        "http://h/p;par?q=1#f|a|http://h/p/a;par?q=1#f",
        "hdfs://nn:8020/p|a|hdfs://nn:8020/p/a",
        "s3://b/base//|a//b|s3://b/base//a//b",
        "S3://B/x|a|s3://B/x/a",
        "dbfs:/databricks/mlflow|0|dbfs:/databricks/mlflow/0",
        "s3://b/p?|a|s3://b/p/a",
        "wasbs://c@acct.blob.core.windows.net/p|a|wasbs://c@acct.blob.core.windows.net/p/a",
        "/x|/|/x/",
        "C:\\mlruns|0|C:\\mlruns/0"
      })
  @DisplayName("one part is joined onto the path, scheme, host, query and fragment kept")
  void appendOne(String uri, String part, String expected) {
    assertThat(ArtifactUris.append(uri, part)).isEqualTo(expected);
  }

  @Test
  @DisplayName("several parts: leading slashes do not reset the path; trailing ones are kept")
  void appendSeveral() {
    assertThat(ArtifactUris.append("s3://b/base?x=1", "run1", "artifacts"))
        .isEqualTo("s3://b/base/run1/artifacts?x=1");
    assertThat(ArtifactUris.append("s3://root/base/path?param=value", "some/subpath", "/another"))
        .isEqualTo("s3://root/base/path/some/subpath/another?param=value");
    assertThat(ArtifactUris.append("a/posix/path", "/some", "subpath"))
        .isEqualTo("a/posix/path/some/subpath");
    assertThat(ArtifactUris.append("file:///abs/mlruns/", "1", "run1", "artifacts"))
        .isEqualTo("file:///abs/mlruns/1/run1/artifacts");
    assertThat(ArtifactUris.append("mlflow-artifacts:/0", "run1", "artifacts"))
        .isEqualTo("mlflow-artifacts:/0/run1/artifacts");
    assertThat(ArtifactUris.append("/x", "a/", "/b/")).isEqualTo("/x/a/b/");
    assertThat(ArtifactUris.append("/x")).isEqualTo("/x/");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"s3://b/p?x=..", "s3://b/p?x=%2e%2e", "s3://b/p?x=%252e%252e/y", "/plain?a=../b"})
  @DisplayName("a query string containing '..' (after decoding) is rejected")
  void queryTraversalRejected(String uri) {
    assertThatThrownBy(() -> ArtifactUris.append(uri, "a"))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
        .hasMessageStartingWith("Invalid query string");
  }
}
