package org.mlflow4j.store.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Metric values written as Python's repr(float). */
class PythonFloatsTest {

  @ParameterizedTest
  @CsvSource({
    "0.1, 0.1",
    "1.0, 1.0",
    "1e-05, 1e-05",
    "0.0001, 0.0001",
    "1e16, 1e+16",
    "1234567890123456.0, 1234567890123456.0",
    "12345678901234567.0, 1.2345678901234568e+16",
    "-2.5, -2.5",
    "100.0, 100.0",
    "0.25, 0.25",
    "3.0, 3.0",
    "0.30000000000000004, 0.30000000000000004",
    "1.7976931348623157e308, 1.7976931348623157e+308",
    "4.9e-324, 5e-324",
    "2.2250738585072014E-308, 2.2250738585072014e-308",
    "123456.789, 123456.789",
    "0.00012345, 0.00012345",
    "0.000012345, 1.2345e-05",
    "1.0E22, 1e+22",
    "2.0E-3, 0.002",
    "-0.0, -0.0",
    "0.0, 0.0",
  })
  void formatsLikePythonRepr(double value, String expected) {
    assertThat(PythonFloats.repr(value)).isEqualTo(expected);
    assertThat(PythonFloats.parse(expected)).isEqualTo(value);
  }

  @Test
  void formatsSpecialValues() {
    assertThat(PythonFloats.repr(Double.NaN)).isEqualTo("nan");
    assertThat(PythonFloats.repr(Double.POSITIVE_INFINITY)).isEqualTo("inf");
    assertThat(PythonFloats.repr(Double.NEGATIVE_INFINITY)).isEqualTo("-inf");
    assertThat(PythonFloats.parse("nan")).isNaN();
    assertThat(PythonFloats.parse("NaN")).isNaN();
    assertThat(PythonFloats.parse("inf")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(PythonFloats.parse("-Infinity")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(PythonFloats.parse("1.0E-5")).isEqualTo(1e-5);
  }

  /** Java 17's Double.toString is not always shortest (JDK-4511638); ours must be. */
  @Test
  void isShortestWhereJava17IsNot() {
    assertThat(PythonFloats.repr(2.0E-3)).isEqualTo("0.002");
    assertThat(PythonFloats.repr(1.0E23)).isEqualTo("1e+23");
    assertThat(PythonFloats.repr(2.82879384806159E17)).isEqualTo("2.82879384806159e+17");
  }

  @Test
  void roundTripsRandomDoubles() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 3_000; i++) {
      double d = Double.longBitsToDouble(random.nextLong());
      if (Double.isNaN(d)) {
        continue;
      }
      String repr = PythonFloats.repr(d);
      assertThat(Double.parseDouble(repr)).as(repr).isEqualTo(d);
      String digits =
          repr.replaceFirst("^-", "")
              .replaceFirst("e.*$", "")
              .replace(".", "")
              .replaceFirst("^0+", "");
      assertThat(digits.length()).as(repr).isLessThanOrEqualTo(17);
    }
  }
}
