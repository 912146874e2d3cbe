package org.mlflow4j.entity;

import java.util.Objects;
import java.util.Optional;

/**
 * A dataset a run used, as MLflow describes it.
 *
 * <p>Immutable.
 *
 * @param name the dataset's name
 * @param digest a short fingerprint of its content
 * @param sourceType the kind of source, e.g. {@code local}, {@code http}, {@code code}
 * @param source a JSON text describing where it came from, e.g. {@code {"uri": "data.csv"}}
 * @param schema a JSON schema text, if known
 * @param profile a JSON profile text (e.g. row counts), if known
 */
public record Dataset(
    String name,
    String digest,
    String sourceType,
    String source,
    Optional<String> schema,
    Optional<String> profile) {

  /** Checks for nulls. */
  public Dataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(sourceType, "sourceType");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(profile, "profile");
  }

  /** A dataset with no schema and no profile. */
  public static Dataset of(String name, String digest, String sourceType, String source) {
    return new Dataset(name, digest, sourceType, source, Optional.empty(), Optional.empty());
  }

  /** This dataset with the given schema. */
  public Dataset withSchema(String schema) {
    return new Dataset(name, digest, sourceType, source, Optional.of(schema), profile);
  }

  /** This dataset with the given profile. */
  public Dataset withProfile(String profile) {
    return new Dataset(name, digest, sourceType, source, schema, Optional.of(profile));
  }
}
