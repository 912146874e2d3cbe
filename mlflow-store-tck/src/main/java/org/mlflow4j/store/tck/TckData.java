package org.mlflow4j.store.tck;

import java.util.ArrayList;
import java.util.List;
import org.mlflow4j.entity.Dataset;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.RunTag;

/**
 * Small factories of test data, used by the kit and handy in a store's own tests.
 *
 * <p>Stateless and thread-safe.
 */
public final class TckData {
  /** A fixed, well-formed run id (32 lowercase hex characters) that no store generates. */
  public static final String UNKNOWN_RUN_ID = "0123456789abcdef0123456789abcdef";

  /** A numeric experiment id that no fresh store holds. */
  public static final String UNKNOWN_EXPERIMENT_ID = "918273645";

  private TckData() {}

  /** A string of {@code length} copies of {@code c}, for length-limit tests. */
  public static String chars(char c, int length) {
    return String.valueOf(c).repeat(length);
  }

  /** A metric point stamped now. */
  public static Metric metric(String key, double value, long step) {
    return Metric.of(key, value, System.currentTimeMillis(), step);
  }

  /** {@code count} points of one metric with steps {@code firstStep, firstStep + 1, ...}. */
  public static List<Metric> metrics(String key, int count, long firstStep) {
    List<Metric> list = new ArrayList<>(count);
    long now = System.currentTimeMillis();
    for (int i = 0; i < count; i++) {
      list.add(Metric.of(key, i * 0.5, now + i, firstStep + i));
    }
    return list;
  }

  /** {@code count} params {@code <prefix>0 .. <prefix>n-1}, each valued {@code v<i>}. */
  public static List<Param> params(String prefix, int count) {
    List<Param> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(Param.of(prefix + i, "v" + i));
    }
    return list;
  }

  /** {@code count} tags {@code <prefix>0 .. <prefix>n-1}, each valued {@code v<i>}. */
  public static List<RunTag> tags(String prefix, int count) {
    List<RunTag> list = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      list.add(RunTag.of(prefix + i, "v" + i));
    }
    return list;
  }

  /** A local dataset of the given name and digest. */
  public static Dataset dataset(String name, String digest) {
    return Dataset.of(name, digest, "local", "{\"uri\": \"/data/" + name + ".csv\"}");
  }

  /** An input of a local dataset with the given context ({@code training}, {@code eval}, ...). */
  public static DatasetInput input(String name, String digest, String context) {
    return DatasetInput.of(dataset(name, digest), context);
  }
}
