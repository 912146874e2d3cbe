package org.mlflow4j.examples;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.mlflow4j.entity.Dataset;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Run;
import org.mlflow4j.fluent.ActiveRun;
import org.mlflow4j.fluent.Mlflow;

/**
 * The README's main job: trains a logistic regression on generated data in pure Java and tracks
 * it with MLflow4j — params, a loss and an accuracy per epoch, and the dataset as a run input —
 * then prints the run id and a short summary.
 *
 * <p>It logs to the tracking URI of {@code MLFLOW_TRACKING_URI}, or to MLflow4j's default store
 * when that is unset, like any MLflow program.
 */
public final class LogisticRegressionExample {
  private LogisticRegressionExample() {}

  /** Options of a training run. */
  record Options(int samples, int epochs, double learningRate, long seed) {
    static Options defaults() {
      return new Options(1_000, 30, 0.5, 42L);
    }
  }

  /** The outcome of {@link #train}. */
  record Result(String runId, double finalLoss, double finalAccuracy, int epochs) {}

  /** Runs the example with default options. */
  public static void main(String[] args) {
    Result result = train(Options.defaults());
    Run run = Mlflow.client().getRun(result.runId());
    System.out.println("Tracking URI: " + Mlflow.getTrackingUri());
    System.out.println("Run id:       " + result.runId());
    System.out.println("Experiment:   " + run.info().experimentId());
    System.out.println("Artifacts:    " + run.info().artifactUri());
    System.out.printf(
        Locale.ROOT,
        "Trained %d epochs: loss %.4f, accuracy %.3f (status %s)%n",
        result.epochs(),
        result.finalLoss(),
        result.finalAccuracy(),
        run.info().status());
  }

  /** Trains the model and logs the run; returns what was logged last. */
  static Result train(Options options) {
    double[][] features = new double[options.samples()][];
    int[] labels = new int[options.samples()];
    generate(options.seed(), features, labels);

    Mlflow.setExperiment("mlflow4j-example-logistic-regression");
    try (ActiveRun run = Mlflow.startRun("logistic-regression")) {
      Mlflow.logParams(
          Map.of(
              "model", "logistic_regression",
              "learning_rate", Double.toString(options.learningRate()),
              "epochs", Integer.toString(options.epochs()),
              "samples", Integer.toString(options.samples()),
              "seed", Long.toString(options.seed())));
      Mlflow.logInput(datasetInput(features, labels));

      double[] weights = new double[3]; // bias, w1, w2
      double loss = Double.NaN;
      double accuracy = Double.NaN;
      for (int epoch = 0; epoch < options.epochs(); epoch++) {
        double[] gradient = new double[3];
        loss = 0;
        int correct = 0;
        for (int i = 0; i < features.length; i++) {
          double p = sigmoid(weights[0] + weights[1] * features[i][0] + weights[2] * features[i][1]);
          double error = p - labels[i];
          gradient[0] += error;
          gradient[1] += error * features[i][0];
          gradient[2] += error * features[i][1];
          loss -= labels[i] == 1 ? Math.log(p + 1e-12) : Math.log(1 - p + 1e-12);
          correct += (p >= 0.5 ? 1 : 0) == labels[i] ? 1 : 0;
        }
        for (int j = 0; j < weights.length; j++) {
          weights[j] -= options.learningRate() * gradient[j] / features.length;
        }
        loss /= features.length;
        accuracy = (double) correct / features.length;
        Mlflow.logMetric("loss", loss, epoch);
        Mlflow.logMetric("accuracy", accuracy, epoch);
      }
      Mlflow.logDict(
          Map.of("bias", weights[0], "weights", List.of(weights[1], weights[2])),
          "model/coefficients.json");
      return new Result(run.runId(), loss, accuracy, options.epochs());
    }
  }

  /** Two Gaussian blobs, one per class, reproducible from the seed. */
  private static void generate(long seed, double[][] features, int[] labels) {
    Random random = new Random(seed);
    for (int i = 0; i < features.length; i++) {
      int label = i % 2;
      double centre = label == 1 ? 1.0 : -1.0;
      features[i] = new double[] {centre + random.nextGaussian(), centre + random.nextGaussian()};
      labels[i] = label;
    }
  }

  private static DatasetInput datasetInput(double[][] features, int[] labels) {
    StringBuilder content = new StringBuilder();
    for (int i = 0; i < features.length; i++) {
      content.append(features[i][0]).append(',').append(features[i][1]).append(',');
      content.append(labels[i]).append('\n');
    }
    String schema =
        "{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"x1\", \"required\": true},"
            + " {\"type\": \"double\", \"name\": \"x2\", \"required\": true},"
            + " {\"type\": \"long\", \"name\": \"label\", \"required\": true}]}";
    Dataset dataset =
        Dataset.of(
                "synthetic-blobs",
                sha256(content.toString()).substring(0, 8),
                "code",
                "{\"generator\": \"" + LogisticRegressionExample.class.getName() + "\"}")
            .withSchema(schema)
            .withProfile("{\"num_rows\": " + features.length + "}");
    return DatasetInput.of(dataset, "training");
  }

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java platform", e);
    }
  }
}
