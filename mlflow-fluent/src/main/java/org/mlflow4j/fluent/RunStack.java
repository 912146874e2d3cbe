package org.mlflow4j.fluent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The active runs of one thread, innermost last. Its own lock, because an {@link ActiveRun} may be
 * closed from a thread other than the one that started it.
 */
final class RunStack {
  private final List<ActiveRun> runs = new ArrayList<>(); // guarded by this

  synchronized void push(ActiveRun run) {
    runs.add(run);
  }

  synchronized Optional<ActiveRun> top() {
    return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(runs.size() - 1));
  }

  synchronized Optional<ActiveRun> bottom() {
    return runs.isEmpty() ? Optional.empty() : Optional.of(runs.get(0));
  }

  synchronized boolean isTop(ActiveRun run) {
    return !runs.isEmpty() && runs.get(runs.size() - 1) == run;
  }

  synchronized boolean isEmpty() {
    return runs.isEmpty();
  }

  synchronized void remove(ActiveRun run) {
    runs.remove(run);
  }

  /** The runs above the given one, innermost first. */
  synchronized List<ActiveRun> above(ActiveRun run) {
    int index = runs.indexOf(run);
    List<ActiveRun> above = new ArrayList<>();
    if (index >= 0) {
      for (int i = runs.size() - 1; i > index; i--) {
        above.add(runs.get(i));
      }
    }
    return above;
  }
}
