package org.mlflow4j.store.rest;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * The client process of {@link LargeArtifactForkedJvmTest}: uploads {@code size} bytes generated
 * from a seed through {@link HttpArtifactRepository}, downloads them again, and prints the SHA-256
 * of what it sent and of what it received. Nothing is kept in memory or on disk.
 *
 * <p>Arguments: artifact root URL, size in bytes, seed.
 */
final class LargeArtifactClientMain {
  private LargeArtifactClientMain() {}

  public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
    URI root = URI.create(args[0]);
    long size = Long.parseLong(args[1]);
    long seed = Long.parseLong(args[2]);
    try (HttpArtifactRepository repository = HttpArtifactRepository.open(root)) {
      MessageDigest sent = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(new SeededStream(seed, size), sent)) {
        repository.writeArtifact("big/blob.bin", in, OptionalLong.of(size));
      }
      System.out.println("SENT " + HexFormat.of().formatHex(sent.digest()));
      System.out.println("LISTED " + repository.listArtifacts("big").get(0).fileSize().getAsLong());
      MessageDigest received = MessageDigest.getInstance("SHA-256");
      long count = 0;
      byte[] buffer = new byte[64 * 1024];
      try (InputStream in = repository.openArtifact("big/blob.bin")) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          received.update(buffer, 0, n);
          count += n;
        }
      }
      System.out.println("RECEIVED " + HexFormat.of().formatHex(received.digest()));
      System.out.println("COUNT " + count);
      System.out.println(
          "HEAP "
              + java.lang.management.ManagementFactory.getRuntimeMXBean()
                  .getInputArguments()
                  .stream()
                  .filter(a -> a.startsWith("-Xmx"))
                  .reduce((a, b) -> b)
                  .orElse("unset"));
    }
  }

  /** {@code size} pseudo-random bytes from a seed, generated as they are read. */
  static final class SeededStream extends InputStream {
    private final SplittableRandom random;
    private long remaining;
    private final byte[] chunk = new byte[64 * 1024];
    private int position = chunk.length;

    SeededStream(long seed, long size) {
      this.random = new SplittableRandom(seed);
      this.remaining = size;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (remaining == 0) {
        return -1;
      }
      if (position == chunk.length) {
        random.nextBytes(chunk);
        position = 0;
      }
      int n = (int) Math.min(Math.min(length, chunk.length - position), remaining);
      System.arraycopy(chunk, position, buffer, offset, n);
      position += n;
      remaining -= n;
      return n;
    }
  }
}
