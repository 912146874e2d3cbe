package org.mlflow4j.store.support;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Generators of ids as MLflow makes them: run ids are random UUIDs as 32 lowercase hex
 * characters; file-store experiment ids are random 18-digit decimal numbers
 * (spec/file-store.md §3.2).
 *
 * <p>Stateless and thread-safe.
 */
public final class Ids {
  private Ids() {}

  private static final int EXPERIMENT_ID_WIDTH = 18;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** A new run id: a random (version 4) UUID as 32 lowercase hex characters. */
  public static String newRunId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  /**
   * A new experiment id as MLflow's file store makes it: the last 18 decimal digits of a random
   * UUID read as a 128-bit number, one random digit appended for every leading zero of those, read
   * as a number, so it normally has 18 digits.
   */
  public static String newExperimentId() {
    return experimentIdFrom(UUID.randomUUID(), RANDOM);
  }

  /** The experiment id derived from the given UUID, padding digits drawn from {@code random}. */
  static String experimentIdFrom(UUID uuid, RandomGenerator random) {
    BigInteger value =
        new BigInteger(1, toBytes(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits()));
    String digits = value.toString();
    StringBuilder id =
        new StringBuilder(digits.substring(Math.max(0, digits.length() - EXPERIMENT_ID_WIDTH)));
    int leadingZeros = 0;
    while (leadingZeros < id.length() && id.charAt(leadingZeros) == '0') {
      leadingZeros++;
    }
    for (int i = 0; i < leadingZeros; i++) {
      id.append((char) ('0' + random.nextInt(10)));
    }
    // Reading it as a number drops the leading zeros, as MLflow's int() does.
    return new BigInteger(id.toString()).toString();
  }

  private static byte[] toBytes(long high, long low) {
    byte[] bytes = new byte[16];
    for (int i = 0; i < 8; i++) {
      bytes[i] = (byte) (high >>> (56 - 8 * i));
      bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
    }
    return bytes;
  }
}
