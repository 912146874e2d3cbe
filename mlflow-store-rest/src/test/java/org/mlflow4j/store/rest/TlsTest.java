package org.mlflow4j.store.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mlflow4j.MlflowException;

/**
 * TLS against an HTTPS server with a self-signed certificate made by the JDK's keytool: refused by
 * default (and not retried), accepted with MLFLOW_TRACKING_INSECURE_TLS or with the certificate as
 * MLFLOW_TRACKING_SERVER_CERT_PATH.
 */
class TlsTest {
  private static final char[] PASSWORD = "changeit".toCharArray();
  @TempDir static Path dir;
  private static HttpsServer server;
  private static Path caPem;
  private static final AtomicInteger requests = new AtomicInteger();

  @BeforeAll
  static void startHttpsServer() throws Exception {
    Path keystore = dir.resolve("server.p12");
    caPem = dir.resolve("ca.pem");
    keytool(
        "-genkeypair",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit",
        "-alias",
        "server",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-validity",
        "2",
        "-dname",
        "CN=localhost",
        "-ext",
        "SAN=ip:127.0.0.1,dns:localhost");
    keytool(
        "-exportcert",
        "-rfc",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit",
        "-alias",
        "server",
        "-file",
        caPem.toString());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, PASSWORD);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            requests.incrementAndGet();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    server.start();
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private static URI uri(String host) {
    return URI.create("https://" + host + ":" + server.getAddress().getPort());
  }

  @Test
  void anUntrustedCertificateIsRefusedWithoutRetries() {
    int before = requests.get();
    try (RestTrackingStore store =
        new RestTrackingStore(
            RestStoreOptions.builder(uri("127.0.0.1")).maxRetries(3).build(),
            d -> {
              throw new AssertionError("a TLS failure must not be retried");
            },
            () -> 0)) {
      MlflowException e = catchThrowableOfType(MlflowException.class, () -> store.deleteRun("r"));
      assertThat(e.getMessage()).contains("failed after 1 attempt").contains("SSL");
    }
    assertThat(requests.get()).isEqualTo(before);
  }

  @Test
  void insecureTlsAcceptsAnyCertificate() {
    try (RestTrackingStore store =
        RestTrackingStore.open(
            RestStoreOptions.builder(uri("127.0.0.1")).insecureTls(true).build())) {
      store.deleteRun("r");
    }
  }

  @Test
  void theServerCertificateAsCaBundleIsTrusted() {
    int before = requests.get();
    try (RestTrackingStore store =
        RestTrackingStore.open(
            RestStoreOptions.builder(uri("localhost")).serverCertPath(caPem).build())) {
      store.deleteRun("r");
    }
    assertThat(requests.get()).isEqualTo(before + 1);
  }
}
