package org.mlflow4j.store.rest;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A test HTTP server on a loopback port that answers from a script (status, headers, body, delay)
 * and records every request it receives. The last scripted answer repeats.
 */
final class ScriptedServer implements AutoCloseable {
  /** One scripted answer. */
  record Answer(int status, String body, Map<String, String> headers, long delayMillis) {
    static Answer json(int status, String body) {
      return new Answer(status, body, Map.of("Content-Type", "application/json"), 0);
    }

    static Answer text(int status, String body) {
      return new Answer(status, body, Map.of("Content-Type", "text/html"), 0);
    }

    Answer withHeader(String name, String value) {
      Map<String, String> h = new java.util.HashMap<>(headers);
      h.put(name, value);
      return new Answer(status, body, Map.copyOf(h), delayMillis);
    }

    Answer delayed(long millis) {
      return new Answer(status, body, headers, millis);
    }
  }

  /** One received request. */
  record Received(
      String method, String path, String query, Map<String, List<String>> headers, String body) {
    String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          return e.getValue().get(0);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Deque<Answer> script = new ArrayDeque<>();
  private final List<Received> received = new ArrayList<>();

  ScriptedServer(Answer... answers) throws IOException {
    script.addAll(List.of(answers));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            Answer answer;
            synchronized (this) {
              received.add(
                  new Received(
                      exchange.getRequestMethod(),
                      exchange.getRequestURI().getPath(),
                      exchange.getRequestURI().getRawQuery(),
                      Map.copyOf(exchange.getRequestHeaders()),
                      new String(
                          exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
              answer = script.size() > 1 ? script.removeFirst() : script.peekFirst();
            }
            if (answer.delayMillis() > 0) {
              try {
                Thread.sleep(answer.delayMillis());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
              }
            }
            answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          }
        });
    server.setExecutor(executor);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  synchronized List<Received> received() {
    return List.copyOf(received);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
