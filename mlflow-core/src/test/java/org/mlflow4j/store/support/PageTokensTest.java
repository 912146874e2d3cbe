package org.mlflow4j.store.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;

class PageTokensTest {

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertInvalid(String token, String message) {
    assertThatThrownBy(() -> PageTokens.decode(Optional.of(token)))
        .isInstanceOf(MlflowException.class)
        .hasMessage(message)
        .extracting(e -> ((MlflowException) e).errorCode())
        .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  void encodesExactlyAsPythonJsonDumps() {
    assertThat(PageTokens.encode(1000)).isEqualTo("eyJvZmZzZXQiOiAxMDAwfQ==");
    assertThat(PageTokens.encode(100)).isEqualTo("eyJvZmZzZXQiOiAxMDB9");
    assertThat(new String(Base64.getDecoder().decode(PageTokens.encode(7)), StandardCharsets.UTF_8))
        .isEqualTo("{\"offset\": 7}");
  }

  @ParameterizedTest
  @CsvSource({"eyJvZmZzZXQiOiAxMDAwfQ==, 1000", "eyJvZmZzZXQiOiAxMDB9, 100"})
  void decodesTheSpecTokens(String token, int offset) {
    assertThat(PageTokens.decode(Optional.of(token))).isEqualTo(offset);
  }

  @Test
  void roundTrips() {
    for (int offset : new int[] {1, 2, 999, 1000, 50_000, Integer.MAX_VALUE}) {
      assertThat(PageTokens.decode(Optional.of(PageTokens.encode(offset)))).isEqualTo(offset);
    }
  }

  @Test
  void absentEmptyOrBlankTokenIsTheFirstPage() {
    assertThat(PageTokens.decode(Optional.empty())).isZero();
    assertThat(PageTokens.decode(Optional.of(""))).isZero();
    assertThat(PageTokens.decode(Optional.of("  "))).isZero();
  }

  @Test
  void acceptsAStringOffsetAndCompactJson() {
    assertThat(PageTokens.decode(Optional.of(b64("{\"offset\": \"2\"}")))).isEqualTo(2);
    assertThat(PageTokens.decode(Optional.of(b64("{\"offset\":5,\"x\":[1,{}]}")))).isEqualTo(5);
  }

  @Test
  void ignoresCharactersOutsideTheBase64AlphabetAsPythonDoes() {
    String token = PageTokens.encode(1000);
    assertThat(PageTokens.decode(Optional.of(token.substring(0, 4) + "\n!" + token.substring(4))))
        .isEqualTo(1000);
  }

  @Test
  void garbageDecodesToEmptyBytes() {
    assertInvalid("!!!", "Invalid page token, decoded value=b''");
  }

  @Test
  void nonJsonShowsTheDecodedBytes() {
    assertInvalid("aGVsbG8=", "Invalid page token, decoded value=b'hello'");
  }

  @Test
  void badPaddingCannotBeDecoded() {
    assertInvalid("abcde", "Invalid page token, could not base64-decode");
    assertInvalid("abc", "Invalid page token, could not base64-decode");
  }

  @Test
  void zeroMissingOrNonPositiveOffsetsAreRejected() {
    assertInvalid(b64("{}"), "Invalid page token, parsed value={}");
    assertInvalid(b64("{\"offset\": 0}"), "Invalid page token, parsed value={'offset': 0}");
    assertInvalid(b64("{\"offset\": -5}"), "Invalid page token, parsed value={'offset': -5}");
    assertInvalid(b64("{\"offset\": null}"), "Invalid page token, parsed value={'offset': None}");
    assertInvalid(b64("[1]"), "Invalid page token, parsed value=[1]");
    assertInvalid(
        b64("{\"offset\": 99999999999}"),
        "Invalid page token, parsed value={'offset': 99999999999}");
  }

  @Test
  void nonIntegerOffsetStringIsNotStringable() {
    assertInvalid(b64("{\"offset\": \"abc\"}"), "Invalid page token, not stringable abc");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1})
  void encodeRefusesNonPositiveOffsets(int offset) {
    assertThatThrownBy(() -> PageTokens.encode(offset))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
