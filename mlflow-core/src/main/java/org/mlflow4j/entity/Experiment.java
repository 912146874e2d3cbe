package org.mlflow4j.entity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An experiment: a named group of runs.
 *
 * <p>Immutable.
 *
 * @param experimentId the id, a string even when numeric
 * @param name the unique name
 * @param artifactLocation the URI or path under which runs of this experiment keep artifacts
 * @param lifecycleStage active or deleted
 * @param creationTime milliseconds since the epoch (0 when unknown)
 * @param lastUpdateTime milliseconds since the epoch (0 when unknown)
 * @param tags the experiment's tags
 */
public record Experiment(
    String experimentId,
    String name,
    String artifactLocation,
    LifecycleStage lifecycleStage,
    long creationTime,
    long lastUpdateTime,
    List<ExperimentTag> tags) {

  /** Checks for nulls and copies the tags. */
  public Experiment {
    Objects.requireNonNull(experimentId, "experimentId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(artifactLocation, "artifactLocation");
    Objects.requireNonNull(lifecycleStage, "lifecycleStage");
    tags = List.copyOf(tags);
  }

  /** The value of the tag with the given key, if the experiment has it. */
  public Optional<String> tag(String key) {
    return tags.stream().filter(t -> t.key().equals(key)).map(ExperimentTag::value).findFirst();
  }

  /** The tags as a map from key to value, in the order of {@link #tags()}. */
  public Map<String, String> tagMap() {
    Map<String, String> map = new LinkedHashMap<>();
    tags.forEach(t -> map.put(t.key(), t.value()));
    return map;
  }

  /** Whether the experiment is active. */
  public boolean isActive() {
    return lifecycleStage == LifecycleStage.ACTIVE;
  }

  /** A builder for an experiment. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this experiment's values. */
  public Builder toBuilder() {
    return new Builder()
        .experimentId(experimentId)
        .name(name)
        .artifactLocation(artifactLocation)
        .lifecycleStage(lifecycleStage)
        .creationTime(creationTime)
        .lastUpdateTime(lastUpdateTime)
        .tags(tags);
  }

  /** Builds an {@link Experiment}. Confined to one thread. */
  public static final class Builder {
    private String experimentId;
    private String name;
    private String artifactLocation = "";
    private LifecycleStage lifecycleStage = LifecycleStage.ACTIVE;
    private long creationTime;
    private long lastUpdateTime;
    private List<ExperimentTag> tags = List.of();

    private Builder() {}

    /** Sets the id. */
    public Builder experimentId(String experimentId) {
      this.experimentId = experimentId;
      return this;
    }

    /** Sets the name. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Sets the artifact location. */
    public Builder artifactLocation(String artifactLocation) {
      this.artifactLocation = artifactLocation;
      return this;
    }

    /** Sets the lifecycle stage (default active). */
    public Builder lifecycleStage(LifecycleStage lifecycleStage) {
      this.lifecycleStage = lifecycleStage;
      return this;
    }

    /** Sets the creation time in epoch milliseconds. */
    public Builder creationTime(long creationTime) {
      this.creationTime = creationTime;
      return this;
    }

    /** Sets the last update time in epoch milliseconds. */
    public Builder lastUpdateTime(long lastUpdateTime) {
      this.lastUpdateTime = lastUpdateTime;
      return this;
    }

    /** Sets the tags. */
    public Builder tags(List<ExperimentTag> tags) {
      this.tags = tags;
      return this;
    }

    /** The experiment. */
    public Experiment build() {
      return new Experiment(
          experimentId, name, artifactLocation, lifecycleStage, creationTime, lastUpdateTime, tags);
    }
  }
}
