package org.mlflow4j.store.tck;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The outcome of running one kit subclass with the JUnit launcher.
 *
 * @param failed the display names of the tests (and containers) that failed
 * @param abortedMessages the messages of the tests that were skipped by an assumption
 */
record KitRun(List<String> failed, List<String> abortedMessages) {

  /** Runs the given kit subclass. */
  static KitRun of(Class<?> kit) {
    List<String> failed = Collections.synchronizedList(new ArrayList<>());
    List<String> aborted = Collections.synchronizedList(new ArrayList<>());
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request().selectors(selectClass(kit)).build(),
            new TestExecutionListener() {
              @Override
              public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
                  aborted.add(result.getThrowable().map(Throwable::getMessage).orElse(""));
                } else if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                  failed.add(id.getDisplayName());
                }
              }
            });
    return new KitRun(List.copyOf(failed), List.copyOf(aborted));
  }
}
