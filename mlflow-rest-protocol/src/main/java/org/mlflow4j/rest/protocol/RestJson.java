package org.mlflow4j.rest.protocol;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;
import org.mlflow4j.entity.Dataset;
import org.mlflow4j.entity.DatasetInput;
import org.mlflow4j.entity.Experiment;
import org.mlflow4j.entity.ExperimentTag;
import org.mlflow4j.entity.FileInfo;
import org.mlflow4j.entity.InputTag;
import org.mlflow4j.entity.Metric;
import org.mlflow4j.entity.Param;
import org.mlflow4j.entity.Run;
import org.mlflow4j.entity.RunData;
import org.mlflow4j.entity.RunInfo;
import org.mlflow4j.entity.RunTag;
import tools.jackson.core.JacksonException;
import tools.jackson.core.json.JsonReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one JSON codec of MLflow's REST API: reads and writes the request and response records of
 * this package, {@link ErrorResponse} and MLflow4j's entities with MLflow's rules (spec/rest-api.md
 * §1.2-1.5):
 *
 * <ul>
 *   <li>proto snake_case names; unknown fields ignored; {@code null} reads as unset;
 *   <li>written: unset fields and empty lists omitted, strings set to "" kept, int64 as JSON
 *       numbers, NaN and infinities as the strings {@code "NaN"}, {@code "Infinity"}, {@code
 *       "-Infinity"}, enums by name, {@code RunInfo} with both {@code run_uuid} and {@code run_id};
 *   <li>read: int64 from numbers or decimal strings (a non-integral number is an error); doubles
 *       from numbers, numeric strings, NaN/Infinity strings and {@code true}; enums by name or
 *       number; {@code experiment_id(s)} given as numbers become strings, a single string for
 *       {@code experiment_ids} is a one-element list; {@code run_id} wins over {@code run_uuid}; a
 *       body that is a JSON string holding JSON (old clients) is decoded twice;
 *   <li>a type mismatch or a missing required request field is an {@link
 *       ErrorCode#INVALID_PARAMETER_VALUE} {@link MlflowException} worded as MLflow's handlers word
 *       it.
 * </ul>
 *
 * <p>GET requests travel as URL query strings: {@link #readQuery} decodes one into the same request
 * records (repeated keys give lists, scalars take the first occurrence), and {@link #toQueryString}
 * encodes one.
 *
 * <p>Stateless; thread-safe.
 */
public final class RestJson {
  // Bare NaN/Infinity tokens are read because MLflow's server (Python's json) reads them; we
  // never write them (write() emits the strings "NaN", "Infinity", "-Infinity").
  private static final JsonMapper MAPPER =
      JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
  private static final Map<Class<?>, Mapping<?>> MAPPINGS = new LinkedHashMap<>();

  /** How one type is read and written; {@code repeated} names its list fields for queries. */
  private record Mapping<T>(
      Function<JsonIn, T> reader,
      BiConsumer<T, ObjectNode> writer,
      boolean request,
      Set<String> repeated) {}

  private static <T> void request(
      Class<T> type,
      Function<JsonIn, T> reader,
      BiConsumer<T, ObjectNode> writer,
      String... lists) {
    MAPPINGS.put(type, new Mapping<>(reader, writer, true, Set.of(lists)));
  }

  private static <T> void other(
      Class<T> type, Function<JsonIn, T> reader, BiConsumer<T, ObjectNode> writer) {
    MAPPINGS.put(type, new Mapping<>(reader, writer, false, Set.of()));
  }

  static {
    request(CreateExperiment.class, CreateExperiment::read, CreateExperiment::write);
    request(GetExperiment.class, GetExperiment::read, GetExperiment::write);
    request(GetExperimentByName.class, GetExperimentByName::read, GetExperimentByName::write);
    request(SearchExperiments.class, SearchExperiments::read, SearchExperiments::write, "order_by");
    request(DeleteExperiment.class, DeleteExperiment::read, DeleteExperiment::write);
    request(RestoreExperiment.class, RestoreExperiment::read, RestoreExperiment::write);
    request(UpdateExperiment.class, UpdateExperiment::read, UpdateExperiment::write);
    request(SetExperimentTag.class, SetExperimentTag::read, SetExperimentTag::write);
    request(DeleteExperimentTag.class, DeleteExperimentTag::read, DeleteExperimentTag::write);
    request(CreateRun.class, CreateRun::read, CreateRun::write);
    request(UpdateRun.class, UpdateRun::read, UpdateRun::write);
    request(DeleteRun.class, DeleteRun::read, DeleteRun::write);
    request(RestoreRun.class, RestoreRun::read, RestoreRun::write);
    request(GetRun.class, GetRun::read, GetRun::write);
    request(SearchRuns.class, SearchRuns::read, SearchRuns::write, "experiment_ids", "order_by");
    request(LogMetric.class, LogMetric::read, LogMetric::write);
    request(LogParam.class, LogParam::read, LogParam::write);
    request(SetTag.class, SetTag::read, SetTag::write);
    request(DeleteTag.class, DeleteTag::read, DeleteTag::write);
    request(LogBatch.class, LogBatch::read, LogBatch::write);
    request(LogInputs.class, LogInputs::read, LogInputs::write);
    request(GetMetricHistory.class, GetMetricHistory::read, GetMetricHistory::write);
    request(ListArtifacts.class, ListArtifacts::read, ListArtifacts::write);

    other(
        CreateExperimentResponse.class,
        CreateExperimentResponse::read,
        CreateExperimentResponse::write);
    other(GetExperimentResponse.class, GetExperimentResponse::read, GetExperimentResponse::write);
    other(
        SearchExperimentsResponse.class,
        SearchExperimentsResponse::read,
        SearchExperimentsResponse::write);
    other(CreateRunResponse.class, CreateRunResponse::read, CreateRunResponse::write);
    other(UpdateRunResponse.class, UpdateRunResponse::read, UpdateRunResponse::write);
    other(GetRunResponse.class, GetRunResponse::read, GetRunResponse::write);
    other(SearchRunsResponse.class, SearchRunsResponse::read, SearchRunsResponse::write);
    other(
        GetMetricHistoryResponse.class,
        GetMetricHistoryResponse::read,
        GetMetricHistoryResponse::write);
    other(ListArtifactsResponse.class, ListArtifactsResponse::read, ListArtifactsResponse::write);
    other(EmptyResponse.class, EmptyResponse::read, EmptyResponse::write);
    other(ErrorResponse.class, ErrorResponse::read, ErrorResponse::write);

    other(Experiment.class, EntityJson::readExperiment, EntityJson::writeExperiment);
    other(ExperimentTag.class, EntityJson::readExperimentTag, EntityJson::writeExperimentTag);
    other(Run.class, EntityJson::readRun, EntityJson::writeRun);
    other(RunInfo.class, EntityJson::readRunInfo, EntityJson::writeRunInfo);
    other(RunData.class, EntityJson::readRunData, EntityJson::writeRunData);
    other(Metric.class, EntityJson::readMetric, EntityJson::writeMetric);
    other(Param.class, EntityJson::readParam, EntityJson::writeParam);
    other(RunTag.class, EntityJson::readRunTag, EntityJson::writeRunTag);
    other(InputTag.class, EntityJson::readInputTag, EntityJson::writeInputTag);
    other(Dataset.class, EntityJson::readDataset, EntityJson::writeDataset);
    other(DatasetInput.class, EntityJson::readDatasetInput, EntityJson::writeDatasetInput);
    other(FileInfo.class, EntityJson::readFileInfo, EntityJson::writeFileInfo);
  }

  private RestJson() {}

  /** Whether this codec reads and writes {@code type}. */
  public static boolean supports(Class<?> type) {
    return MAPPINGS.containsKey(type);
  }

  // ---- writing

  /** The JSON text of a request, response, error body or entity, as MLflow writes it. */
  public static String write(Object message) {
    return MAPPER.writeValueAsString(toTree(message));
  }

  /** The UTF-8 JSON bytes of a request, response, error body or entity. */
  public static byte[] writeBytes(Object message) {
    return MAPPER.writeValueAsBytes(toTree(message));
  }

  private static ObjectNode toTree(Object message) {
    Objects.requireNonNull(message, "message");
    ObjectNode out = JsonOut.object();
    writeInto(mapping(message.getClass()), message, out);
    return out;
  }

  @SuppressWarnings("unchecked") // the mapping was registered for the message's own class
  private static <T> void writeInto(Mapping<T> mapping, Object message, ObjectNode out) {
    mapping.writer().accept((T) message, out);
  }

  /**
   * The query string ({@code a=1&b=x}, URL-encoded, no leading {@code ?}) of a GET request: lists
   * repeat their key. Empty when nothing is set.
   */
  public static String toQueryString(Object request) {
    StringBuilder query = new StringBuilder();
    for (Map.Entry<String, JsonNode> field : toTree(request).properties()) {
      JsonNode value = field.getValue();
      List<JsonNode> values = new ArrayList<>();
      if (value.isArray()) {
        value.forEach(values::add);
      } else {
        values.add(value);
      }
      for (JsonNode v : values) {
        if (query.length() > 0) {
          query.append('&');
        }
        query
            .append(URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8))
            .append('=')
            .append(URLEncoder.encode(v.asString(), StandardCharsets.UTF_8));
      }
    }
    return query.toString();
  }

  // ---- reading

  /** Reads a {@code type} from JSON text; an empty body reads as {@code {}}. */
  public static <T> T read(Class<T> type, String json) {
    Mapping<T> mapping = mapping(type);
    JsonNode root;
    try {
      root = json == null || json.isBlank() ? null : MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw malformed(mapping, e);
    }
    return readTree(mapping, root);
  }

  /** Reads a {@code type} from UTF-8 JSON bytes; an empty body reads as {@code {}}. */
  public static <T> T read(Class<T> type, byte[] json) {
    Mapping<T> mapping = mapping(type);
    JsonNode root;
    try {
      root = json == null || json.length == 0 ? null : MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw malformed(mapping, e);
    }
    return readTree(mapping, root);
  }

  private static <T> T readTree(Mapping<T> mapping, JsonNode root) {
    if (root != null && root.isString()) {
      // Old clients post their JSON double-encoded as a string.
      try {
        root = MAPPER.readTree(root.stringValue());
      } catch (JacksonException e) {
        throw malformed(mapping, e);
      }
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      root = JsonNodeFactory.instance.objectNode();
    }
    if (!root.isObject()) {
      throw new MlflowException(
          mapping.request() ? ErrorCode.INVALID_PARAMETER_VALUE : ErrorCode.INTERNAL_ERROR,
          "Invalid JSON body: expected an object, got " + root);
    }
    return mapping.reader().apply(JsonIn.root(root));
  }

  private static MlflowException malformed(Mapping<?> mapping, JacksonException e) {
    return mapping.request()
        ? MlflowException.invalidParameter(
            "Malformed JSON in request body: " + e.getOriginalMessage())
        : new MlflowException(
            ErrorCode.INTERNAL_ERROR, "Malformed JSON in response: " + e.getOriginalMessage(), e);
  }

  /**
   * Reads a GET request from its decoded query parameters, as MLflow's server does: a field that is
   * a list takes every occurrence of its key, a scalar the first; numbers, enums and booleans
   * ({@code true}/{@code false}, any case) are parsed from their text; unknown keys are ignored.
   */
  public static <T> T readQuery(Class<T> type, Map<String, List<String>> query) {
    Mapping<T> mapping = mapping(type);
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, List<String>> param : query.entrySet()) {
      List<String> values = param.getValue();
      if (values.isEmpty()) {
        continue;
      }
      if (mapping.repeated().contains(param.getKey())) {
        ArrayNode array = root.putArray(param.getKey());
        values.forEach(array::add);
      } else {
        root.put(param.getKey(), values.get(0));
      }
    }
    return mapping.reader().apply(new JsonIn(root, "", true));
  }

  /**
   * Splits a raw URL query string ({@code a=1&b=x%20y}, without {@code ?}) into decoded keys and
   * their values in order; {@code +} is a space.
   */
  public static Map<String, List<String>> parseQueryString(String rawQuery) {
    Map<String, List<String>> params = new LinkedHashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return params;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        params
            .computeIfAbsent(URLDecoder.decode(key, StandardCharsets.UTF_8), k -> new ArrayList<>())
            .add(URLDecoder.decode(value, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw MlflowException.invalidParameter("Malformed query string: '" + rawQuery + "'");
      }
    }
    return params;
  }

  @SuppressWarnings("unchecked") // MAPPINGS maps each class to a mapping of that class
  private static <T> Mapping<T> mapping(Class<T> type) {
    Mapping<?> mapping = MAPPINGS.get(type);
    if (mapping == null) {
      throw new IllegalArgumentException("RestJson does not map " + type.getName());
    }
    return (Mapping<T>) mapping;
  }
}
