package org.mlflow4j.store.rest;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link HttpCaller}s shared by the artifact repositories of one server and one set of settings,
 * counted by reference: a caller is created by the first {@link #acquire} of its key and closed
 * when the last lease of it is closed.
 *
 * <p>Why: every run has its own artifact root, so a client that logs artifacts to many runs would
 * otherwise open a connection pool, and a new TCP connection, per run. The key is the options with
 * the base URI cut to the server ({@code scheme://[user@]host:port[/prefix]}): repositories that
 * differ in any setting that reaches the wire (credentials, TLS, timeouts, retries, pool size) get
 * callers of their own.
 *
 * <p>Thread-safe: creation and release are guarded by one lock, so that a key never has two live
 * callers and a caller is never handed out after its last lease closed it.
 */
final class SharedHttpCallers {
  /** The callers of repositories opened with {@link HttpArtifactRepository#openShared}. */
  static final SharedHttpCallers ARTIFACTS =
      new SharedHttpCallers(
          options -> new HttpCaller(options, HttpCaller.Sleeper.REAL, HttpCaller::uniform));

  private final Object lock = new Object();
  private final Map<RestStoreOptions, Shared> callers = new HashMap<>(); // guarded by lock
  private final Function<RestStoreOptions, HttpCaller> factory;

  SharedHttpCallers(Function<RestStoreOptions, HttpCaller> factory) {
    this.factory = factory;
  }

  /** A lease of the caller for the key, creating the caller if no lease of it is open. */
  Lease acquire(RestStoreOptions key) {
    synchronized (lock) {
      Shared shared = callers.get(key);
      if (shared == null) {
        // created under the lock: the constructor does no network I/O
        shared = new Shared(key, factory.apply(key));
        callers.put(key, shared);
      }
      shared.users++;
      return new Lease(shared);
    }
  }

  /** The number of live callers: for tests. */
  int size() {
    synchronized (lock) {
      return callers.size();
    }
  }

  private static final class Shared {
    final RestStoreOptions key;
    final HttpCaller caller;
    int users; // guarded by the registry's lock

    Shared(RestStoreOptions key, HttpCaller caller) {
      this.key = key;
      this.caller = caller;
    }
  }

  /** One user's hold on a shared caller; closing it twice releases it once. */
  final class Lease implements AutoCloseable {
    private final Shared shared;
    private boolean released; // guarded by the registry's lock

    private Lease(Shared shared) {
      this.shared = shared;
    }

    HttpCaller caller() {
      return shared.caller;
    }

    @Override
    public void close() {
      synchronized (lock) {
        if (released) {
          return;
        }
        released = true;
        if (--shared.users > 0) {
          return;
        }
        callers.remove(shared.key);
      }
      // outside the lock: a graceful close waits for requests still running
      shared.caller.close();
    }
  }
}
