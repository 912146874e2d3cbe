package org.mlflow4j.client;

import java.io.PrintStream;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.LongSupplier;
import org.mlflow4j.store.support.TransferListener;

/**
 * Draws the progress of one artifact transfer (one client call, any number of files) as a single
 * line that a carriage return redraws: the current file, its bytes so far and its size when known,
 * and the rate over the whole transfer, e.g. {@code Uploading model/weights.bin: 12.0 MiB / 40.0
 * MiB, 4.0 MiB/s}. It redraws at most four times a second and starts drawing only once the
 * transfer has lasted a quarter of a second, so quick transfers print nothing; a transfer that
 * drew something ends with a summary line and a newline. Confined to the transferring thread.
 */
final class TransferProgress implements TransferListener {
  /** The least time between two draws: four a second. */
  static final long INTERVAL_NANOS = 250_000_000L;

  private final String verb;
  private final String pastVerb;
  private final PrintStream out;
  private final LongSupplier nanoClock;
  private final long start;
  private long lastDraw;
  private boolean drawn;
  private int lastLength;
  private String file = "";
  private OptionalLong fileSize = OptionalLong.empty();
  private long fileBytes;
  private long totalBytes;
  private int files;

  /**
   * @param verb what is happening, e.g. {@code Uploading}
   * @param pastVerb the same done, e.g. {@code Uploaded}
   * @param out where the line is drawn
   * @param nanoClock a monotonic clock in nanoseconds
   */
  TransferProgress(String verb, String pastVerb, PrintStream out, LongSupplier nanoClock) {
    this.verb = verb;
    this.pastVerb = pastVerb;
    this.out = out;
    this.nanoClock = nanoClock;
    this.start = nanoClock.getAsLong();
    this.lastDraw = start;
  }

  @Override
  public void fileStarted(String artifactPath, OptionalLong size) {
    file = artifactPath;
    fileSize = size;
    fileBytes = 0;
    maybeDraw();
  }

  @Override
  public void bytesTransferred(long count) {
    fileBytes += count;
    totalBytes += count;
    maybeDraw();
  }

  @Override
  public void fileFinished(String artifactPath) {
    files++;
    maybeDraw();
  }

  /**
   * Ends the line if one was drawn: with a summary if the transfer completed, else as it stands.
   */
  void finish(boolean completed) {
    if (!drawn) {
      return;
    }
    if (completed) {
      long elapsed = nanoClock.getAsLong() - start;
      draw(
          String.format(
              Locale.ROOT,
              "%s %d file%s, %s in %.1f s, %s/s",
              pastVerb,
              files,
              files == 1 ? "" : "s",
              bytes(totalBytes),
              elapsed / 1e9,
              bytes(rate(elapsed))));
    }
    out.print('\n');
    out.flush();
  }

  private void maybeDraw() {
    long now = nanoClock.getAsLong();
    if (now - lastDraw < INTERVAL_NANOS) {
      return;
    }
    lastDraw = now;
    StringBuilder line = new StringBuilder(80).append(verb).append(' ').append(file).append(": ");
    line.append(bytes(fileBytes));
    fileSize.ifPresent(size -> line.append(" / ").append(bytes(size)));
    line.append(", ").append(bytes(rate(now - start))).append("/s");
    draw(line.toString());
  }

  /** Overwrites the line: carriage return, the text, spaces over what is left of a longer one. */
  private void draw(String text) {
    String padding = " ".repeat(Math.max(0, lastLength - text.length()));
    out.print("\r" + text + padding);
    out.flush();
    lastLength = text.length();
    drawn = true;
  }

  private long rate(long elapsedNanos) {
    return elapsedNanos <= 0 ? 0 : Math.round(totalBytes / (elapsedNanos / 1e9));
  }

  /** Bytes in binary units with one decimal: {@code 512 B}, {@code 1.5 KiB}, {@code 2.0 GiB}. */
  static String bytes(long count) {
    if (count < 1024) {
      return count + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = count;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
