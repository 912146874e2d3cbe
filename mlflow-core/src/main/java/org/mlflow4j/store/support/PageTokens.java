package org.mlflow4j.store.support;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.mlflow4j.MlflowException;

/**
 * MLflow's page tokens: standard Base64 (with padding) of the UTF-8 JSON text {@code {"offset": N}}
 * exactly as Python's {@code json.dumps} writes it, N being the number of rows to skip. Offset 1000
 * is {@code eyJvZmZzZXQiOiAxMDAwfQ==}. The same tokens serve runs, experiments, the registry and
 * metric history on MLflow's file and SQL stores (spec/search.md §5).
 *
 * <p>Stateless and thread-safe.
 */
public final class PageTokens {
  private PageTokens() {}

  /**
   * The token of the page that starts after {@code offset} rows.
   *
   * @throws IllegalArgumentException if offset is not positive (MLflow rejects such tokens)
   */
  public static String encode(int offset) {
    if (offset <= 0) {
      throw new IllegalArgumentException("A page token offset must be positive, got " + offset);
    }
    String json = "{\"offset\": " + offset + "}";
    return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * The number of rows to skip for a page token: 0 for an absent, empty or blank token. Accepts
   * what MLflow accepts: any Base64 of a JSON object with a positive integer {@code offset}, or one
   * written as a string ({@code {"offset": "2"}}); characters outside the Base64 alphabet are
   * ignored, as Python's decoder ignores them.
   *
   * @throws MlflowException INVALID_PARAMETER_VALUE "Invalid page token, ..." for anything else
   */
  public static int decode(Optional<String> token) {
    if (token.isEmpty() || token.get().isBlank()) {
      return 0;
    }
    byte[] decoded = base64(token.get());
    Object parsed;
    try {
      parsed = new JsonText(new String(decoded, StandardCharsets.UTF_8)).parse();
    } catch (IllegalArgumentException e) {
      throw MlflowException.invalidParameter(
          "Invalid page token, decoded value=" + PyRepr.bytes(decoded));
    }
    if (!(parsed instanceof Map)) {
      throw invalidParsed(parsed);
    }
    Object offset = ((Map<?, ?>) parsed).get("offset");
    if (!PyRepr.truthy(offset)) {
      throw invalidParsed(parsed);
    }
    BigInteger value = toInteger(offset);
    if (value == null) {
      throw MlflowException.invalidParameter(
          "Invalid page token, not stringable " + PyRepr.str(offset));
    }
    if (value.signum() <= 0 || value.bitLength() > 31) {
      throw invalidParsed(parsed);
    }
    return value.intValue();
  }

  private static MlflowException invalidParsed(Object parsed) {
    return MlflowException.invalidParameter(
        "Invalid page token, parsed value=" + PyRepr.repr(parsed));
  }

  /** Python's {@code int(x)} for a JSON value: integers, truncated decimals, integer strings. */
  private static BigInteger toInteger(Object value) {
    if (value instanceof BigInteger) {
      return (BigInteger) value;
    }
    if (value instanceof BigDecimal) {
      return ((BigDecimal) value).toBigInteger();
    }
    if (value instanceof Boolean) {
      return ((Boolean) value) ? BigInteger.ONE : BigInteger.ZERO;
    }
    if (value instanceof String) {
      String s = ((String) value).strip().replace("_", "");
      try {
        return new BigInteger(s.startsWith("+") ? s.substring(1) : s);
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /**
   * Lenient Base64 like Python's {@code b64decode}: characters outside the alphabet are dropped.
   */
  private static byte[] base64(String token) {
    StringBuilder clean = new StringBuilder(token.length());
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '+'
          || c == '/'
          || c == '=') {
        clean.append(c);
      }
    }
    // Python stops at the padding that completes a quantum and ignores what follows it
    String s = clean.toString();
    int firstPad = s.indexOf('=');
    if (firstPad >= 0) {
      String data = s.substring(0, firstPad);
      int needed = (4 - data.length() % 4) % 4;
      int pads = 0;
      while (firstPad + pads < s.length() && s.charAt(firstPad + pads) == '=') {
        pads++;
      }
      if (data.length() % 4 == 0) {
        s = data; // padding where none is needed is ignored
      } else if (pads >= needed) {
        s = data + "=".repeat(needed);
      } else {
        throw undecodable();
      }
    } else if (s.length() % 4 != 0) {
      throw undecodable();
    }
    try {
      return Base64.getDecoder().decode(s);
    } catch (IllegalArgumentException e) {
      throw undecodable();
    }
  }

  private static MlflowException undecodable() {
    return MlflowException.invalidParameter("Invalid page token, could not base64-decode");
  }
}
