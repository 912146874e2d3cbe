package org.mlflow4j.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.store.support.Validation;

/** The published vectors are all refused by core's path check, and are named uniquely. */
class PathTraversalVectorsTest {

  @TestFactory
  @DisplayName("Validation.validatePathIsSafe refuses every vector with INVALID_PARAMETER_VALUE")
  Stream<DynamicTest> everyVectorRefused() {
    return PathTraversalVectors.all().stream()
        .map(
            v ->
                DynamicTest.dynamicTest(
                    v.toString(),
                    () ->
                        assertThatThrownBy(() -> Validation.validatePathIsSafe(v.path()))
                            .isInstanceOfSatisfying(
                                MlflowException.class,
                                e ->
                                    assertThat(e.errorCode())
                                        .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))));
  }

  @Test
  @DisplayName("names are unique and the reports show control characters escaped")
  void names() {
    assertThat(PathTraversalVectors.all())
        .extracting(PathTraversalVectors.Vector::name)
        .doesNotHaveDuplicates();
    assertThat(new PathTraversalVectors.Vector("nul", "a\u0000b").toString())
        .isEqualTo("nul [a\\u0000b]");
  }
}
