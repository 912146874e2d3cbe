package org.mlflow4j.store.support;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats doubles as Python's {@code repr(float)} does: the shortest digits that read back as the
 * same double, fixed notation for {@code 1e-4 <= |x| < 1e16}, else {@code d.ddde+XX}; {@code nan},
 * {@code inf}, {@code -inf}. MLflow writes metric values this way. Stateless and thread-safe.
 */
public final class PythonFloats {
  private PythonFloats() {}

  /** The Python repr of the value. */
  public static String repr(double value) {
    if (Double.isNaN(value)) {
      return "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0.0) {
      return (Double.doubleToRawLongBits(value) < 0) ? "-0.0" : "0.0";
    }
    boolean negative = value < 0;
    BigDecimal exact = new BigDecimal(Math.abs(value));
    // Fewest significant digits that round-trip; more digits never stop round-tripping, so the
    // smallest such precision can be found by bisection.
    int lo = 1;
    int hi = 17;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      BigDecimal candidate = exact.round(new MathContext(mid, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == Math.abs(value)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    BigDecimal best = exact.round(new MathContext(lo, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    String digits = best.unscaledValue().toString();
    // value = 0.<digits> * 10^decpt
    int decpt = digits.length() - best.scale();
    StringBuilder out = new StringBuilder(24);
    if (negative) {
      out.append('-');
    }
    if (decpt > -4 && decpt <= 16) {
      if (decpt <= 0) {
        out.append("0.");
        out.append("0".repeat(-decpt));
        out.append(digits);
      } else if (decpt >= digits.length()) {
        out.append(digits);
        out.append("0".repeat(decpt - digits.length()));
        out.append(".0");
      } else {
        out.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
      }
    } else {
      out.append(digits.charAt(0));
      if (digits.length() > 1) {
        out.append('.').append(digits, 1, digits.length());
      }
      int exponent = decpt - 1;
      out.append('e').append(exponent < 0 ? '-' : '+');
      int abs = Math.abs(exponent);
      if (abs < 10) {
        out.append('0');
      }
      out.append(abs);
    }
    return out.toString();
  }

  /** Parses a value as Python's {@code float()} would for what MLflow and MLflow4j write. */
  public static double parse(String text) {
    String t = text.trim();
    switch (t.toLowerCase(java.util.Locale.ROOT)) {
      case "nan":
      case "+nan":
      case "-nan":
        return Double.NaN;
      case "inf":
      case "+inf":
      case "infinity":
      case "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf":
      case "-infinity":
        return Double.NEGATIVE_INFINITY;
      default:
        return Double.parseDouble(t.replace("_", ""));
    }
  }
}
