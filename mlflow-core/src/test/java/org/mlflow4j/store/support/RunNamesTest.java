package org.mlflow4j.store.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.MlflowTags;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.store.RunCreate;

/** Generated run names (spec/conventions.md §4). */
class RunNamesTest {
  private static final Pattern FORMAT = Pattern.compile("^[a-z]+-[a-z]+-\\d{1,4}$");

  @Test
  @DisplayName("1000 names have the form predicate-noun-number and at most 20 characters")
  void format() {
    Set<String> distinct = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String name = RunNames.generate();
      assertThat(name).matches(FORMAT).hasSizeLessThanOrEqualTo(20);
      int number = Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
      assertThat(number).isBetween(0, 1000);
      distinct.add(name);
    }
    assertThat(distinct).hasSizeGreaterThan(900);
  }

  @Test
  @DisplayName("the same seed gives the same names")
  void deterministicWithSeed() {
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    SplittableRandom a = new SplittableRandom(42);
    SplittableRandom b = new SplittableRandom(42);
    for (int i = 0; i < 50; i++) {
      first.add(RunNames.generate(a));
      second.add(RunNames.generate(b));
    }
    assertThat(first).isEqualTo(second);
    assertThat(new HashSet<>(first)).hasSizeGreaterThan(40);
  }

  @Test
  @DisplayName("MLflow's word lists: 159 predicates, 123 nouns, from abundant-ant to zealous-zebra")
  void wordLists() {
    assertThat(RunNames.predicateCount()).isEqualTo(159);
    assertThat(RunNames.nounCount()).isEqualTo(123);
    assertThat(RunNames.generate(scripted(0, 0, 0))).isEqualTo("abundant-ant-0");
    assertThat(RunNames.generate(scripted(158, 122, 1000))).isEqualTo("zealous-zebra-1000");
  }

  @Test
  @DisplayName("a name over 20 characters is redrawn, up to 10 times, then cut to 20")
  void longNames() {
    // "sophisticated" (131) + "squirrel" (105) is always too long.
    assertThat(RunNames.generate(scripted(131, 105, 7))).isEqualTo("sophisticated-squirr");
    // Too long once, then a short name.
    assertThat(RunNames.generate(scripted(131, 105, 7, 0, 0, 5))).isEqualTo("abundant-ant-5");
  }

  /** A generator answering nextInt(bound) from a script, cycling through it. */
  private static RandomGenerator scripted(int... values) {
    return new RandomGenerator() {
      private int next;

      @Override
      public int nextInt(int bound) {
        int v = values[next++ % values.length];
        assertThat(v).isLessThan(bound);
        return v;
      }

      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }
    };
  }

  @Test
  @DisplayName("resolve: the requested name wins, the tag is the fallback, else a generated name; the tag always carries it, last")
  void resolveName() {
    RunNames.NamedRun named =
        RunNames.resolve(
            RunCreate.builder("0")
                .runName("given")
                .tags(List.of(RunTag.of("a", "1"), RunTag.of(MlflowTags.RUN_NAME, "given")))
                .build());
    assertThat(named.runName()).isEqualTo("given");
    assertThat(named.tags())
        .containsExactly(RunTag.of("a", "1"), RunTag.of(MlflowTags.RUN_NAME, "given"));

    RunNames.NamedRun fromTag =
        RunNames.resolve(
            RunCreate.builder("0")
                .runName("")
                .tags(List.of(RunTag.of(MlflowTags.RUN_NAME, "first"), RunTag.of(MlflowTags.RUN_NAME, "last")))
                .build());
    assertThat(fromTag.runName()).as("the last tag, as MLflow's stores").isEqualTo("last");
    assertThat(fromTag.tags()).containsExactly(RunTag.of(MlflowTags.RUN_NAME, "last"));

    RunNames.NamedRun generated =
        RunNames.resolve(
            RunCreate.builder("0").tags(List.of(RunTag.of(MlflowTags.RUN_NAME, ""))).build());
    assertThat(generated.runName()).matches("^[a-z]+-[a-z]+-\\d{1,4}$");
    assertThat(generated.tags()).containsExactly(RunTag.of(MlflowTags.RUN_NAME, generated.runName()));
  }

  @Test
  @DisplayName("resolve: a requested name and a different mlflow.runName tag are refused with 400")
  void resolveConflict() {
    RunCreate create =
        RunCreate.builder("0")
            .runName("a")
            .tags(List.of(RunTag.of(MlflowTags.RUN_NAME, "b")))
            .build();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunNames.resolve(create))
        .isInstanceOfSatisfying(
            MlflowException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
  }
}
