package org.mlflow4j.store.support;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.Dataset;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.InputTag;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.RunTag;

/**
 * MLflow's validation rules for ids, names, keys, values, batches, dataset inputs and paths
 * (spec/validation.md), applied the same way on every store. Every violation is an {@link
 * MlflowException} with {@code INVALID_PARAMETER_VALUE} (HTTP 400) whose message follows MLflow's
 * wording and names the offending key and value (long values are cut to 100 characters and
 * {@code ...} in messages).
 *
 * <p>Lengths are counted in Unicode code points, as Python counts them, never in UTF-16 units.
 * Key characters follow Python's Unicode-aware {@code \w}: letters, decimal digits and other
 * numeric characters of any script, and {@code _}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Validation {
  private Validation() {}

  /** Maximum length of a metric, param, run tag or experiment tag key. */
  public static final int MAX_KEY_LENGTH = 250;

  /** Maximum length of a param value (longer values are truncated when allowed). */
  public static final int MAX_PARAM_VALUE_LENGTH = 6000;

  /** Maximum length of a run tag value (longer values are truncated when allowed). */
  public static final int MAX_TAG_VALUE_LENGTH = 8000;

  /** Maximum length of an experiment tag value (never truncated). */
  public static final int MAX_EXPERIMENT_TAG_VALUE_LENGTH = 5000;

  /** Maximum length of an experiment name. */
  public static final int MAX_EXPERIMENT_NAME_LENGTH = 500;

  /** Maximum number of metrics in one batch. */
  public static final int MAX_METRICS_PER_BATCH = 1000;

  /** Maximum number of params in one batch. */
  public static final int MAX_PARAMS_PER_BATCH = 100;

  /** Maximum number of tags in one batch. */
  public static final int MAX_TAGS_PER_BATCH = 100;

  /** Maximum number of metrics, params and tags together in one batch. */
  public static final int MAX_ENTITIES_PER_BATCH = 1000;

  /** Maximum length of a dataset name. */
  public static final int MAX_DATASET_NAME_LENGTH = 500;

  /** Maximum length of a dataset digest. */
  public static final int MAX_DATASET_DIGEST_LENGTH = 36;

  /** Maximum length of a dataset source. */
  public static final int MAX_DATASET_SOURCE_LENGTH = 65535;

  /** Maximum length of a dataset schema. */
  public static final int MAX_DATASET_SCHEMA_LENGTH = 1048575;

  /** Maximum length of a dataset profile. */
  public static final int MAX_DATASET_PROFILE_LENGTH = 16777215;

  /** Maximum length of an input tag key. */
  public static final int MAX_INPUT_TAG_KEY_LENGTH = 255;

  /** Maximum length of an input tag value. */
  public static final int MAX_INPUT_TAG_VALUE_LENGTH = 500;

  /** Values longer than this many code points are cut in error messages. */
  private static final int MESSAGE_VALUE_LIMIT = 100;

  /** Percent-decoding rounds before a path is given up on, as in MLflow. */
  private static final int MAX_DECODE_ROUNDS = 10;

  private static final String BAD_CHARACTER_MESSAGE =
      "Names may only contain alphanumerics, underscores (_), dashes (-), periods (.),"
          + " spaces ( ), colon(:) and slashes (/).";

  /**
   * The result of {@link #validateBatch}: params and tags truncated when allowed; tags
   * de-duplicated by key, the value of the last occurrence of a key winning (at the position of
   * its first occurrence).
   *
   * <p>Immutable.
   *
   * @param metrics the metrics, as given
   * @param params the params, values possibly truncated
   * @param tags the tags, values possibly truncated, one per key
   */
  public record ValidatedBatch(List<Metric> metrics, List<Param> params, List<RunTag> tags) {
    /** Copies the lists. */
    public ValidatedBatch {
      metrics = List.copyOf(metrics);
      params = List.copyOf(params);
      tags = List.copyOf(tags);
    }
  }

  // ---------------------------------------------------------------- batches

  /**
   * Validates a {@code logBatch} request in MLflow's order: the run id's format, then every item
   * (keys, values, lengths; paths named {@code metrics[0].name}, {@code params[1].value}, {@code
   * tags[0].value}, ...), then the count limits, then duplicate param keys. A null list counts as
   * empty.
   *
   * @param truncateLongValues whether param and tag values over their limit are cut to it ({@code
   *     MLFLOW_TRUNCATE_LONG_VALUES}, true by default in MLflow) rather than rejected
   * @return the batch to write
   */
  public static ValidatedBatch validateBatch(
      String runId,
      List<Metric> metrics,
      List<Param> params,
      List<RunTag> tags,
      boolean truncateLongValues) {
    validateRunId(runId);
    List<Metric> ms = metrics == null ? List.of() : metrics;
    List<Param> ps = params == null ? List.of() : params;
    List<RunTag> ts = tags == null ? List.of() : tags;

    for (int i = 0; i < ms.size(); i++) {
      Metric m = ms.get(i);
      String path = "metrics[" + i + "]";
      if (m == null) {
        throw MlflowException.invalidParameter(missingValue(path));
      }
      validateMetric(m, path + ".");
    }
    List<Param> validParams = new ArrayList<>(ps.size());
    for (int i = 0; i < ps.size(); i++) {
      Param p = ps.get(i);
      String path = "params[" + i + "]";
      if (p == null) {
        throw MlflowException.invalidParameter(missingValue(path));
      }
      validParams.add(validateParam(p, path + ".", truncateLongValues));
    }
    List<RunTag> validTags = new ArrayList<>(ts.size());
    for (int i = 0; i < ts.size(); i++) {
      RunTag t = ts.get(i);
      String path = "tags[" + i + "]";
      if (t == null) {
        throw MlflowException.invalidParameter(missingValue(path));
      }
      validTags.add(validateRunTag(t, path + ".", truncateLongValues));
    }

    checkBatchLimit("metrics", MAX_METRICS_PER_BATCH, ms.size());
    checkBatchLimit("params", MAX_PARAMS_PER_BATCH, ps.size());
    checkBatchLimit("tags", MAX_TAGS_PER_BATCH, ts.size());
    checkBatchLimit(
        "metrics, params, and tags", MAX_ENTITIES_PER_BATCH, ms.size() + ps.size() + ts.size());

    checkParamKeysUnique(validParams);

    Map<String, RunTag> lastByKey = new LinkedHashMap<>();
    for (RunTag t : validTags) {
      lastByKey.put(t.key(), t);
    }
    return new ValidatedBatch(ms, validParams, new ArrayList<>(lastByKey.values()));
  }

  /**
   * Checks that none of the new params changes the value of an already logged param (the same
   * value again is fine). Compare after truncation. Throws one error listing every conflict, in
   * the list form of MLflow's SQL store.
   *
   * @param existingParams the run's params, key to value
   */
  public static void checkParamsUnchanged(
      String runId, Map<String, String> existingParams, List<Param> newParams) {
    StringBuilder conflicts = new StringBuilder();
    for (Param p : newParams) {
      String old = existingParams.get(p.key());
      if (old != null && !old.equals(p.value())) {
        conflicts
            .append(conflicts.length() == 0 ? "" : ", ")
            .append("{'key': ")
            .append(quote(p.key()))
            .append(", 'old_value': ")
            .append(quote(old))
            .append(", 'new_value': ")
            .append(quote(p.value()))
            .append('}');
      }
    }
    if (conflicts.length() > 0) {
      throw MlflowException.invalidParameter(
          "Changing param values is not allowed. Params were already logged='["
              + conflicts
              + "]' for run ID='"
              + runId
              + "'.");
    }
  }

  /**
   * Validates one metric point: key characters and path form, timestamp at least 0, key length.
   * NaN and the infinities are legal values; any step is legal.
   */
  public static void validateMetric(Metric metric) {
    if (metric == null) {
      throw MlflowException.invalidParameter(missingValue("metric"));
    }
    validateMetric(metric, "");
  }

  /**
   * Validates one param and returns it with its value truncated to {@link
   * #MAX_PARAM_VALUE_LENGTH} when {@code truncateLongValues}, else a longer value is an error.
   */
  public static Param validateParam(Param param, boolean truncateLongValues) {
    if (param == null) {
      throw MlflowException.invalidParameter(missingValue("param"));
    }
    return validateParam(param, "", truncateLongValues);
  }

  /**
   * Validates one run tag and returns it with its value truncated to {@link
   * #MAX_TAG_VALUE_LENGTH} when {@code truncateLongValues}, else a longer value is an error.
   */
  public static RunTag validateRunTag(RunTag tag, boolean truncateLongValues) {
    if (tag == null) {
      throw MlflowException.invalidParameter(missingValue("tag"));
    }
    return validateRunTag(tag, "", truncateLongValues);
  }

  private static void validateMetric(Metric m, String prefix) {
    validateKeyName(m.key(), prefix + "name");
    if (m.timestamp() < 0) {
      throw MlflowException.invalidParameter(
          invalidValue(
              prefix + "timestamp",
              Long.toString(m.timestamp()),
              "metric "
                  + quote(m.key())
                  + " (value="
                  + pythonFloat(m.value())
                  + "). Timestamp must be a nonnegative long (64-bit integer)"));
    }
    checkKeyLength(prefix + "name", MAX_KEY_LENGTH, m.key());
  }

  private static Param validateParam(Param p, String prefix, boolean truncate) {
    validateKeyName(p.key(), prefix + "key");
    checkKeyLength(prefix + "key", MAX_KEY_LENGTH, p.key());
    String value =
        limitValue(prefix + "value", MAX_PARAM_VALUE_LENGTH, "param", p.key(), p.value(), truncate);
    return value == p.value() ? p : new Param(p.key(), value);
  }

  private static RunTag validateRunTag(RunTag t, String prefix, boolean truncate) {
    validateKeyName(t.key(), prefix + "key");
    checkKeyLength(prefix + "key", MAX_KEY_LENGTH, t.key());
    String value =
        limitValue(prefix + "value", MAX_TAG_VALUE_LENGTH, "tag", t.key(), t.value(), truncate);
    return value == t.value() ? t : new RunTag(t.key(), value);
  }

  private static void checkBatchLimit(String entities, int limit, int count) {
    if (count > limit) {
      throw MlflowException.invalidParameter(
          "A batch logging request can contain at most "
              + limit
              + " "
              + entities
              + ". Got "
              + count
              + " "
              + entities
              + ". Please split up "
              + entities
              + " across multiple requests and try again.");
    }
  }

  private static void checkParamKeysUnique(List<Param> params) {
    Set<String> seen = new HashSet<>();
    List<String> dupes = new ArrayList<>();
    for (Param p : params) {
      if (!seen.add(p.key())) {
        dupes.add(quote(p.key()));
      }
    }
    if (!dupes.isEmpty()) {
      throw MlflowException.invalidParameter(
          "Duplicate parameter keys have been submitted: ["
              + String.join(", ", dupes)
              + "]. Please ensure the request contains only one param value per param key.");
    }
  }

  // ---------------------------------------------------------------- ids and names

  /** Checks a run id's format: {@code ^[a-zA-Z0-9][\w\-]{0,255}$}. */
  public static void validateRunId(String runId) {
    if (runId == null) {
      throw MlflowException.invalidParameter(missingValue("run_id"));
    }
    if (!isId(runId, 256)) {
      throw MlflowException.invalidParameter(
          "Invalid value " + json(runId) + " for parameter 'run_id' supplied.");
    }
  }

  /**
   * Checks an experiment id's format: {@code ^[a-zA-Z0-9][\w\-]{0,63}$} (MLflow's file-store rule;
   * used by every local store, it also keeps ids safe as directory names).
   */
  public static void validateExperimentId(String experimentId) {
    if (experimentId == null) {
      throw MlflowException.invalidParameter(missingValue("experiment_id"));
    }
    if (!isId(experimentId, 64)) {
      throw MlflowException.invalidParameter(
          "Invalid experiment ID: '" + abbreviate(experimentId) + "'");
    }
  }

  /** Checks an experiment name: not null, not empty, at most 500 characters. */
  public static void validateExperimentName(String name) {
    if (name == null) {
      throw MlflowException.invalidParameter(missingValue("name"));
    }
    if (name.isEmpty()) {
      throw MlflowException.invalidParameter("Invalid experiment name: ''");
    }
    int length = length(name);
    if (length > MAX_EXPERIMENT_NAME_LENGTH) {
      throw MlflowException.invalidParameter(
          exceedsMaximumLength("name", MAX_EXPERIMENT_NAME_LENGTH)
              + ": experiment name "
              + quote(name)
              + " has "
              + length
              + " characters");
    }
  }

  /**
   * Checks an experiment tag: key characters and path form, key at most 250 characters, value at
   * most 5000 (never truncated). Applied on every store (MLflow's file store checks the key
   * characters only).
   */
  public static void validateExperimentTag(ExperimentTag tag) {
    if (tag == null) {
      throw MlflowException.invalidParameter(missingValue("tag"));
    }
    validateKeyName(tag.key(), "key");
    checkKeyLength("key", MAX_KEY_LENGTH, tag.key());
    limitValue(
        "value", MAX_EXPERIMENT_TAG_VALUE_LENGTH, "experiment tag", tag.key(), tag.value(), false);
  }

  /**
   * Checks the key of a tag to delete (run or experiment tag): not null, characters and path form.
   */
  public static void validateTagKey(String key) {
    validateKeyName(key, "key");
  }

  // ---------------------------------------------------------------- dataset inputs

  /**
   * Validates dataset inputs (field lengths of datasets and input tags) and collapses inputs of
   * the same dataset name and digest, the first one winning. A null list counts as empty.
   *
   * @return the inputs to write, in their order
   */
  public static List<DatasetInput> validateInputs(List<DatasetInput> inputs) {
    if (inputs == null) {
      return List.of();
    }
    Map<List<String>, DatasetInput> byNameAndDigest = new LinkedHashMap<>();
    for (int i = 0; i < inputs.size(); i++) {
      DatasetInput input = inputs.get(i);
      if (input == null) {
        throw MlflowException.invalidParameter(missingValue("datasets[" + i + "]"));
      }
      Dataset d = input.dataset();
      checkDatasetField("name", MAX_DATASET_NAME_LENGTH, d.name(), d);
      checkDatasetField("digest", MAX_DATASET_DIGEST_LENGTH, d.digest(), d);
      checkDatasetField("source", MAX_DATASET_SOURCE_LENGTH, d.source(), d);
      if (d.schema().isPresent()) {
        checkDatasetField("schema", MAX_DATASET_SCHEMA_LENGTH, d.schema().get(), d);
      }
      if (d.profile().isPresent()) {
        checkDatasetField("profile", MAX_DATASET_PROFILE_LENGTH, d.profile().get(), d);
      }
      for (InputTag tag : input.tags()) {
        checkKeyLength("key", MAX_INPUT_TAG_KEY_LENGTH, tag.key());
        limitValue(
            "value", MAX_INPUT_TAG_VALUE_LENGTH, "input tag", tag.key(), tag.value(), false);
      }
      byNameAndDigest.putIfAbsent(List.of(d.name(), d.digest()), input);
    }
    return List.copyOf(byNameAndDigest.values());
  }

  private static void checkDatasetField(String field, int limit, String value, Dataset d) {
    int length = length(value);
    if (length > limit) {
      throw MlflowException.invalidParameter(
          exceedsMaximumLength(field, limit)
              + ": "
              + field
              + " of dataset "
              + quote(d.name())
              + " has "
              + length
              + " characters");
    }
  }

  // ---------------------------------------------------------------- paths

  /**
   * Checks an artifact path given to {@code logArtifact(s)} (MLflow's {@code
   * verify_artifact_path}): the empty path (the root) is fine; any other must be "path-unique":
   * POSIX normalisation leaves it unchanged, and it is not {@code .}, does not start with {@code
   * ..} or {@code /}. Stores writing to a file system should also apply {@link
   * #validatePathIsSafe}.
   */
  public static void validateArtifactPath(String path) {
    if (path == null) {
      throw MlflowException.invalidParameter(missingValue("artifact_path"));
    }
    if (!path.isEmpty() && pathNotUnique(path)) {
      throw MlflowException.invalidParameter(
          "Invalid artifact path: " + quote(path) + ". " + badPathMessage(path));
    }
  }

  /**
   * Checks that a relative path received from a caller (an artifact path to list, download or
   * upload) is safe to join to a trusted root (MLflow's {@code validate_path_is_safe}). The path
   * is percent-decoded repeatedly until stable (at most 10 rounds); a {@code file:} URI is turned
   * into its path; then the path is refused if it contains {@code #}, a backslash, a control
   * character (NUL included), a {@code ..} segment (also {@code ..;x}, which servers that strip
   * path parameters read as {@code ..}), is absolute (POSIX {@code /x}, Windows {@code
   * C:\x}, {@code \\server}) or starts with a drive letter ({@code C:}). The last three are
   * refused on every OS, unlike MLflow which refuses backslashes and drive letters on Windows only
   * and escapes control characters instead of refusing them. The empty path (the root) is fine.
   */
  public static void validatePathIsSafe(String path) {
    if (path == null) {
      throw MlflowException.invalidParameter(missingValue("path"));
    }
    String decoded = path;
    boolean stable = false;
    for (int round = 0; round < MAX_DECODE_ROUNDS; round++) {
      String next = percentDecode(decoded);
      if (next.equals(decoded)) {
        stable = true;
        break;
      }
      decoded = next;
    }
    if (!stable || !isSafeDecodedPath(decoded)) {
      throw MlflowException.invalidParameter("Invalid path: " + quote(path));
    }
  }

  private static boolean isSafeDecodedPath(String path) {
    if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || path.indexOf('#') >= 0) {
      return false;
    }
    String p = path;
    if (isFileUri(p)) {
      p = fileUriPath(p);
      if (p.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        return false;
      }
    }
    if (p.indexOf('\\') >= 0 || p.startsWith("/")) {
      return false;
    }
    for (String segment : p.split("/", -1)) {
      // "..;x" is ".." to servers that strip ";" path parameters from a segment (Jetty, Tomcat).
      int semicolon = segment.indexOf(';');
      String name = semicolon < 0 ? segment : segment.substring(0, semicolon);
      if (name.equals("..")) {
        return false;
      }
    }
    // A drive letter ("C:x", "C:/x"), refused everywhere so that a Windows server is safe too.
    return !(p.length() >= 2 && p.charAt(1) == ':');
  }

  private static boolean isFileUri(String s) {
    return s.regionMatches(true, 0, "file:", 0, 5);
  }

  /** The path component of a {@code file:} URI, percent-decoded (as url2pathname does). */
  private static String fileUriPath(String uri) {
    String rest = uri.substring(5);
    if (rest.startsWith("//")) {
      int end = indexOfAny(rest, 2, "/?#");
      rest = end < 0 ? "" : rest.substring(end);
    }
    int q = rest.indexOf('?');
    if (q >= 0) {
      rest = rest.substring(0, q);
    }
    return percentDecode(rest);
  }

  static int indexOfAny(String s, int from, String chars) {
    for (int i = from; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Percent-decodes like Python's {@code urllib.parse.unquote}: {@code %XX} sequences are decoded
   * as UTF-8 (malformed bytes become U+FFFD), {@code +} is kept, a lone {@code %} is kept.
   */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '%' && i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2))) {
        bytes.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
        i += 3;
        continue;
      }
      if (bytes.size() > 0) {
        out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
        bytes.reset();
      }
      out.append(c);
      i++;
    }
    if (bytes.size() > 0) {
      out.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
    }
    return out.toString();
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  // ---------------------------------------------------------------- key rules

  private static void validateKeyName(String key, String path) {
    if (key == null) {
      throw MlflowException.invalidParameter(missingValue(path));
    }
    if (!key.codePoints().allMatch(Validation::isKeyCharacter)) {
      throw MlflowException.invalidParameter(invalidValue(path, json(key), BAD_CHARACTER_MESSAGE));
    }
    if (pathNotUnique(key)) {
      throw MlflowException.invalidParameter(invalidValue(path, json(key), badPathMessage(key)));
    }
  }

  /** {@code [/\w.\- :]} with Python's Unicode {@code \w}. */
  private static boolean isKeyCharacter(int cp) {
    return cp == '/' || cp == '.' || cp == '-' || cp == ' ' || cp == ':' || isWordCharacter(cp);
  }

  /**
   * Python's Unicode {@code \w}: alphanumeric in Python's sense (letters, decimal digits, other
   * numeric characters) or {@code _}. Unlike Java's Unicode {@code \w} it excludes combining
   * marks and connector punctuation other than {@code _}.
   */
  static boolean isWordCharacter(int cp) {
    if (cp == '_' || Character.isLetter(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.DECIMAL_DIGIT_NUMBER
        || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  /** {@code ^[a-zA-Z0-9][\w\-]{0,max-1}$}, counted in code points. */
  private static boolean isId(String id, int max) {
    if (id.isEmpty() || length(id) > max) {
      return false;
    }
    char first = id.charAt(0);
    boolean asciiAlnum =
        (first >= 'a' && first <= 'z')
            || (first >= 'A' && first <= 'Z')
            || (first >= '0' && first <= '9');
    return asciiAlnum && id.codePoints().skip(1).allMatch(cp -> cp == '-' || isWordCharacter(cp));
  }

  /**
   * Whether a name would resolve to another name when treated as a relative POSIX path: its
   * normal form differs from it, or is {@code .}, starts with {@code ..} or with {@code /}.
   */
  static boolean pathNotUnique(String name) {
    String n = normpath(name);
    return !n.equals(name) || n.equals(".") || n.startsWith("..") || n.startsWith("/");
  }

  /**
   * Python's {@code posixpath.normpath}: collapses repeated slashes, drops {@code .} segments,
   * resolves {@code ..} against the preceding segment, keeps exactly two leading slashes, and
   * gives {@code .} for an empty result.
   */
  static String normpath(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    int initialSlashes = 0;
    if (path.startsWith("/")) {
      initialSlashes = path.startsWith("//") && !path.startsWith("///") ? 2 : 1;
    }
    List<String> parts = new ArrayList<>();
    for (String comp : path.split("/", -1)) {
      if (comp.isEmpty() || comp.equals(".")) {
        continue;
      }
      boolean keep =
          !comp.equals("..")
              || (initialSlashes == 0 && parts.isEmpty())
              || (!parts.isEmpty() && parts.get(parts.size() - 1).equals(".."));
      if (keep) {
        parts.add(comp);
      } else if (!parts.isEmpty()) {
        parts.remove(parts.size() - 1);
      }
    }
    String result = "/".repeat(initialSlashes) + String.join("/", parts);
    return result.isEmpty() ? "." : result;
  }

  private static String badPathMessage(String name) {
    return "Names may be treated as files in certain cases, and must not resolve to other names"
        + " when treated as such. This name would resolve to "
        + quote(normpath(name));
  }

  // ---------------------------------------------------------------- lengths

  private static void checkKeyLength(String path, int limit, String key) {
    int length = length(key);
    if (length > limit) {
      throw MlflowException.invalidParameter(
          exceedsMaximumLength(path, limit)
              + ": key "
              + quote(key)
              + " has "
              + length
              + " characters");
    }
  }

  /** The value, cut to the limit if allowed; the same instance when within the limit. */
  private static String limitValue(
      String path, int limit, String kind, String key, String value, boolean truncate) {
    int length = length(value);
    if (length <= limit) {
      return value;
    }
    if (truncate) {
      return value.substring(0, value.offsetByCodePoints(0, limit));
    }
    throw MlflowException.invalidParameter(
        exceedsMaximumLength(path, limit)
            + ": value "
            + quote(value)
            + " of "
            + kind
            + " "
            + quote(key)
            + " has "
            + length
            + " characters");
  }

  /** The length of a string in Unicode code points, as Python's {@code len}. */
  static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  // ---------------------------------------------------------------- messages

  private static String missingValue(String path) {
    return "Missing value for required parameter '" + path + "'.";
  }

  private static String invalidValue(String path, String formattedValue, String detail) {
    return "Invalid value " + formattedValue + " for parameter '" + path + "' supplied: " + detail;
  }

  private static String exceedsMaximumLength(String path, int limit) {
    return "'" + path + "' exceeds the maximum length of " + limit + " characters";
  }

  /** The value cut to 100 code points followed by {@code ...} when longer. */
  static String abbreviate(String s) {
    if (s.length() <= MESSAGE_VALUE_LIMIT || length(s) <= MESSAGE_VALUE_LIMIT) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, MESSAGE_VALUE_LIMIT)) + "...";
  }

  /** The (abbreviated) value quoted as Python's {@code repr} of a string quotes it. */
  static String quote(String s) {
    if (s == null) {
      return "None";
    }
    String v = abbreviate(s);
    char q = v.indexOf('\'') >= 0 && v.indexOf('"') < 0 ? '"' : '\'';
    StringBuilder b = new StringBuilder(v.length() + 2).append(q);
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == q || c == '\\') {
        b.append('\\').append(c);
      } else if (c == '\n') {
        b.append("\\n");
      } else if (c == '\r') {
        b.append("\\r");
      } else if (c == '\t') {
        b.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append(q).toString();
  }

  /** The (abbreviated) value as a JSON string. */
  static String json(String s) {
    String v = abbreviate(s);
    StringBuilder b = new StringBuilder(v.length() + 2).append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** A double spelled as Python's {@code str(float)} spells the special values. */
  private static String pythonFloat(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    return Double.toString(d);
  }
}
