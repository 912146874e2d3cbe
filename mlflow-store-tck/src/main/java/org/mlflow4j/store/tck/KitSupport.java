package org.mlflow4j.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;

/** Assertions and helpers the kits share. Stateless. */
final class KitSupport {
  private KitSupport() {}

  /** Asserts that the call throws an MlflowException with the expected code and a message. */
  static MlflowException assertError(
      ErrorCode expected, String description, ThrowingCallable call) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown)
        .as("%s: expected an MlflowException with %s", description, expected)
        .isInstanceOf(MlflowException.class);
    MlflowException e = (MlflowException) thrown;
    assertThat(e.errorCode())
        .as("%s: error code (message: %s)", description, e.getMessage())
        .isEqualTo(expected);
    assertThat(e.getMessage()).as("%s: a message", description).isNotBlank();
    return e;
  }

  /** Runs {@code task(i)} for i in 0..count-1 on {@code threads} threads, all started together. */
  static void parallel(int threads, int count, IntConsumer task) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = thread; i < count; i += threads) {
                    task.accept(i);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } catch (ExecutionException e) {
      throw new AssertionError("a concurrent task failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (TimeoutException e) {
      throw new AssertionError("concurrent tasks did not finish within 120 s", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
