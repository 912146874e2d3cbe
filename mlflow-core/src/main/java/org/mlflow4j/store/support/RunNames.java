package org.mlflow4j.store.support;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.mlflow4j.entity.MlflowTags;
import org.mlflow4j.entity.RunTag;
import org.mlflow4j.store.RunCreate;

/**
 * Random run names as MLflow gives a run created without a name: {@code
 * <predicate>-<noun>-<number>}, with MLflow's own word lists (159 predicates, 123 nouns) and a
 * number drawn from 0 to 1000 inclusive, e.g. {@code bold-owl-417}. Up to ten names are drawn to
 * find one of at most 20 characters; failing that the last one is cut to 20. Names are not
 * unique.
 *
 * <p>Stateless and thread-safe (given a thread-safe generator).
 */
public final class RunNames {
  private RunNames() {}

  /**
   * The name and tags of a run being created, as MLflow's stores settle them.
   *
   * @param runName the run's name
   * @param tags the requested tags without {@code mlflow.runName}, then {@code mlflow.runName}
   *     set to {@code runName}
   */
  public record NamedRun(String runName, List<RunTag> tags) {
    /** Checks for nulls and copies the tags. */
    public NamedRun {
      Objects.requireNonNull(runName, "runName");
      tags = List.copyOf(tags);
    }
  }

  /**
   * Settles the name of a new run as MLflow does: the requested name if not empty, else the last
   * {@code mlflow.runName} tag if not empty, else a {@link #generate() generated} name; both
   * given and different is an {@code INVALID_PARAMETER_VALUE} error ({@link
   * StoreErrors#runNameConflict}). The tag {@code mlflow.runName} always carries the name.
   */
  public static NamedRun resolve(RunCreate create) {
    Optional<String> tagName =
        create.tags().stream()
            .filter(t -> t.key().equals(MlflowTags.RUN_NAME))
            .reduce((first, last) -> last)
            .map(RunTag::value)
            .filter(v -> !v.isEmpty());
    Optional<String> given = create.runName().filter(n -> !n.isEmpty());
    if (given.isPresent() && tagName.isPresent() && !given.get().equals(tagName.get())) {
      throw StoreErrors.runNameConflict(given.get(), tagName.get());
    }
    String runName = given.or(() -> tagName).orElseGet(RunNames::generate);
    List<RunTag> tags = new ArrayList<>(create.tags().size() + 1);
    for (RunTag tag : create.tags()) {
      if (!tag.key().equals(MlflowTags.RUN_NAME)) {
        tags.add(tag);
      }
    }
    tags.add(RunTag.of(MlflowTags.RUN_NAME, runName));
    return new NamedRun(runName, tags);
  }

  private static final int MAX_LENGTH = 20;
  private static final int MAX_ATTEMPTS = 10;
  private static final int MAX_NUMBER = 1000;

  private static final RandomGenerator DEFAULT_RANDOM = new SecureRandom();

  // MLflow's word lists (mlflow/utils/name_utils.py), in its order; "resilient" appears twice
  // there, kept so that the draw has the same distribution.
  private static final String[] PREDICATES = {
      "abundant", "able", "abrasive", "adorable", "adaptable", "adventurous", "aged", "agreeable",
      "ambitious", "amazing", "amusing", "angry", "auspicious", "awesome", "bald", "beautiful",
      "bemused", "bedecked", "big", "bittersweet", "blushing", "bold", "bouncy", "brawny",
      "bright", "burly", "bustling", "calm", "capable", "carefree", "capricious", "caring",
      "casual", "charming", "chill", "classy", "clean", "clumsy", "colorful", "crawling",
      "dapper", "debonair", "dashing", "defiant", "delicate", "delightful", "dazzling",
      "efficient", "enchanting", "entertaining", "enthused", "exultant", "fearless", "flawless",
      "fortunate", "fun", "funny", "gaudy", "gentle", "gifted", "glamorous", "grandiose",
      "gregarious", "handsome", "hilarious", "honorable", "illustrious", "incongruous",
      "indecisive", "industrious", "intelligent", "inquisitive", "intrigued", "invincible",
      "judicious", "kindly", "languid", "learned", "legendary", "likeable", "loud", "luminous",
      "luxuriant", "lyrical", "magnificent", "marvelous", "masked", "melodic", "merciful",
      "mercurial", "monumental", "mysterious", "nebulous", "nervous", "nimble", "nosy",
      "omniscient", "orderly", "overjoyed", "peaceful", "painted", "persistent", "placid",
      "polite", "popular", "powerful", "puzzled", "rambunctious", "rare", "rebellious",
      "respected", "resilient", "righteous", "receptive", "redolent", "resilient", "rogue",
      "rumbling", "salty", "sassy", "secretive", "selective", "sedate", "serious", "shivering",
      "skillful", "sincere", "skittish", "silent", "smiling", "sneaky", "sophisticated", "spiffy",
      "stately", "suave", "stylish", "tasteful", "thoughtful", "thundering", "traveling",
      "treasured", "trusting", "unequaled", "upset", "unique", "unleashed", "useful", "upbeat",
      "unruly", "valuable", "vaunted", "victorious", "welcoming", "whimsical", "wistful", "wise",
      "worried", "youthful", "zealous",
  };

  private static final String[] NOUNS = {
      "ant", "ape", "asp", "auk", "bass", "bat", "bear", "bee", "bird", "boar", "bug", "calf",
      "carp", "cat", "chimp", "cod", "colt", "conch", "cow", "crab", "crane", "croc", "crow",
      "cub", "deer", "doe", "dog", "dolphin", "donkey", "dove", "duck", "eel", "elk", "fawn",
      "finch", "fish", "flea", "fly", "foal", "fowl", "fox", "frog", "gnat", "gnu", "goat",
      "goose", "grouse", "grub", "gull", "hare", "hawk", "hen", "hog", "horse", "hound", "jay",
      "kit", "kite", "koi", "lamb", "lark", "loon", "lynx", "mare", "midge", "mink", "mole",
      "moose", "moth", "mouse", "mule", "newt", "owl", "ox", "panda", "penguin", "perch", "pig",
      "pug", "quail", "ram", "rat", "ray", "robin", "roo", "rook", "seal", "shad", "shark",
      "sheep", "shoat", "shrew", "shrike", "shrimp", "skink", "skunk", "sloth", "slug", "smelt",
      "snail", "snake", "snipe", "sow", "sponge", "squid", "squirrel", "stag", "steed", "stoat",
      "stork", "swan", "tern", "toad", "trout", "turtle", "vole", "wasp", "whale", "wolf", "worm",
      "wren", "yak", "zebra",
  };

  /** A random run name drawn with a secure random generator. */
  public static String generate() {
    return generate(DEFAULT_RANDOM);
  }

  /** A random run name drawn with the given generator (deterministic for a seeded one). */
  public static String generate(RandomGenerator random) {
    String name = null;
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      name =
          PREDICATES[random.nextInt(PREDICATES.length)]
              + "-"
              + NOUNS[random.nextInt(NOUNS.length)]
              + "-"
              + random.nextInt(MAX_NUMBER + 1);
      if (name.length() <= MAX_LENGTH) {
        return name;
      }
    }
    return name.substring(0, MAX_LENGTH);
  }

  /** The number of predicates (159, as in MLflow). */
  static int predicateCount() {
    return PREDICATES.length;
  }

  /** The number of nouns (123, as in MLflow). */
  static int nounCount() {
    return NOUNS.length;
  }
}
