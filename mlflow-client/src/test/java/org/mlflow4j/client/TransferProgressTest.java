package org.mlflow4j.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The progress line, driven by a hand-moved clock. */
class TransferProgressTest {
  private static final long MS = 1_000_000L;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private long now;
  private final TransferProgress progress =
      new TransferProgress(
          "Uploading",
          "Uploaded",
          new PrintStream(bytes, true, StandardCharsets.UTF_8),
          () -> now);

  private String out() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  @DisplayName("a transfer shorter than a quarter second prints nothing, not even on completion")
  void quickTransferIsSilent() {
    progress.fileStarted("a.txt", OptionalLong.of(10));
    now += 200 * MS;
    progress.bytesTransferred(10);
    progress.fileFinished("a.txt");
    progress.finish(true);
    assertThat(out()).isEmpty();
  }

  @Test
  @DisplayName("at most one redraw per 250 ms: 1000 events over 1 s give 4 lines")
  void throttled() {
    progress.fileStarted("model/w.bin", OptionalLong.of(1000 * 1024));
    for (int i = 0; i < 1000; i++) {
      now += MS;
      progress.bytesTransferred(1024);
    }
    assertThat(out().chars().filter(c -> c == '\r').count()).isEqualTo(4);
    assertThat(out()).doesNotContain("\n");
  }

  @Test
  @DisplayName("the line: file, bytes so far / size, rate; the final line sums up; one newline")
  void format() {
    progress.fileStarted("model/w.bin", OptionalLong.of(4 * 1024 * 1024));
    now += 500 * MS;
    progress.bytesTransferred(1024 * 1024);
    assertThat(out()).isEqualTo("\rUploading model/w.bin: 1.0 MiB / 4.0 MiB, 2.0 MiB/s");
    now += 500 * MS;
    progress.bytesTransferred(3 * 1024 * 1024);
    progress.fileFinished("model/w.bin");
    progress.fileStarted("b", OptionalLong.empty());
    now += 500 * MS;
    progress.bytesTransferred(512);
    progress.fileFinished("b");
    now += 500 * MS;
    progress.finish(true);
    assertThat(out())
        .isEqualTo(
            "\rUploading model/w.bin: 1.0 MiB / 4.0 MiB, 2.0 MiB/s"
                + "\rUploading model/w.bin: 4.0 MiB / 4.0 MiB, 4.0 MiB/s"
                + "\rUploading b: 512 B, 2.7 MiB/s" + " ".repeat(22)
                + "\rUploaded 2 files, 4.0 MiB in 2.0 s, 2.0 MiB/s"
                + "\n");
  }

  @Test
  @DisplayName("a failed transfer ends the drawn line with a newline and no summary")
  void failure() {
    progress.fileStarted("x", OptionalLong.empty());
    now += 300 * MS;
    progress.bytesTransferred(100);
    progress.finish(false);
    assertThat(out()).isEqualTo("\rUploading x: 100 B, 333 B/s\n");
  }

  @Test
  @DisplayName("sizes in binary units with one decimal")
  void units() {
    assertThat(TransferProgress.bytes(0)).isEqualTo("0 B");
    assertThat(TransferProgress.bytes(1023)).isEqualTo("1023 B");
    assertThat(TransferProgress.bytes(1536)).isEqualTo("1.5 KiB");
    assertThat(TransferProgress.bytes(5L << 30)).isEqualTo("5.0 GiB");
  }
}
