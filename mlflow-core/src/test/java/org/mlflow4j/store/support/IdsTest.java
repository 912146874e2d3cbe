package org.mlflow4j.store.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Run and experiment ids (spec/file-store.md §3.2, §4.1). */
class IdsTest {

  @Test
  @DisplayName("run ids are 32 lowercase hex characters, distinct and valid run ids")
  void runIds() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = Ids.newRunId();
      assertThat(id).matches("^[0-9a-f]{32}$");
      assertThat(id.charAt(12)).isEqualTo('4'); // UUID version 4
      ids.add(id);
    }
    assertThat(ids).hasSize(1000);
    assertThatCode(() -> Validation.validateRunId(Ids.newRunId())).doesNotThrowAnyException();
  }

  @Test
  @DisplayName("experiment ids are 18-digit numbers and valid experiment ids")
  void experimentIds() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String id = Ids.newExperimentId();
      assertThat(id).matches("^[1-9][0-9]{17}$");
      ids.add(id);
    }
    assertThat(ids).hasSize(1000);
    assertThatCode(() -> Validation.validateExperimentId(Ids.newExperimentId()))
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("the id is the last 18 digits of the UUID's 128-bit value")
  void lastEighteenDigits() {
    // 2^128 - 1 = 340282366920938463463374607431768211455
    UUID max = new UUID(-1L, -1L);
    assertThat(Ids.experimentIdFrom(max, new SplittableRandom(1)))
        .isEqualTo("463374607431768211455".substring(3));
    // A value with fewer than 18 digits is taken whole.
    assertThat(Ids.experimentIdFrom(new UUID(0, 12345), new SplittableRandom(1)))
        .isEqualTo("12345");
  }

  @Test
  @DisplayName("leading zeros of the 18 digits are replaced by random digits appended at the end")
  void leadingZerosPadded() {
    // 10^18 + 42: the last 18 digits are 000000000000000042 (16 leading zeros).
    UUID uuid = new UUID(0, 1_000_000_000_000_000_042L);
    String id = Ids.experimentIdFrom(uuid, new SplittableRandom(7));
    assertThat(id).hasSize(18).startsWith("42").matches("^[0-9]+$");
    assertThat(Ids.experimentIdFrom(uuid, new SplittableRandom(7))).isEqualTo(id);
    // Zeros that are not leading are kept.
    assertThat(Ids.experimentIdFrom(new UUID(0, 100_000_000_000_000_000L), new SplittableRandom(7)))
        .isEqualTo("100000000000000000");
  }
}
