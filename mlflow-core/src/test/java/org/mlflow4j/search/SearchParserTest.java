package org.mlflow4j.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mlflow4j.ErrorCode;
import org.mlflow4j.MlflowException;

class SearchParserTest {

  private static FilterClause clause(
      EntityType entity, String key, Operator op, FilterValue value) {
    return new FilterClause(entity, key, op, value);
  }

  private static FilterValue num(String literal) {
    return new FilterValue.Numeric(literal, Double.parseDouble(literal));
  }

  private static FilterValue text(String s) {
    return new FilterValue.Text(s);
  }

  private static FilterValue list(String... s) {
    return new FilterValue.TextList(List.of(s));
  }

  static AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(Runnable parse) {
    return assertThatThrownBy(parse::run)
        .isInstanceOf(MlflowException.class)
        .satisfies(
            e ->
                assertThat(((MlflowException) e).errorCode())
                    .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE));
  }

  static AbstractThrowableAssert<?, ? extends Throwable> assertRunFilterInvalid(String filter) {
    return assertInvalid(() -> SearchParser.parseRunFilter(filter));
  }

  @Nested
  class SpecValidExamples {
    @Test
    void metricAbove() {
      assertThat(SearchParser.parseRunFilter("metrics.accuracy > 0.9"))
          .containsExactly(clause(EntityType.METRIC, "accuracy", Operator.GT, num("0.9")));
    }

    @Test
    void metricAndParam() {
      assertThat(SearchParser.parseRunFilter("metrics.loss <= 0.25 AND params.optimizer = 'adam'"))
          .containsExactly(
              clause(EntityType.METRIC, "loss", Operator.LE, num("0.25")),
              clause(EntityType.PARAM, "optimizer", Operator.EQ, text("adam")));
    }

    @Test
    void doubleQuotedValue() {
      assertThat(SearchParser.parseRunFilter("params.lr = \"0.01\""))
          .containsExactly(clause(EntityType.PARAM, "lr", Operator.EQ, text("0.01")));
    }

    @Test
    void backtickedDottedTagKey() {
      assertThat(SearchParser.parseRunFilter("tags.`mlflow.source.type` = 'NOTEBOOK'"))
          .containsExactly(
              clause(EntityType.TAG, "mlflow.source.type", Operator.EQ, text("NOTEBOOK")));
    }

    @Test
    void likeAndIlike() {
      assertThat(SearchParser.parseRunFilter("tags.team LIKE 'vis%'"))
          .containsExactly(clause(EntityType.TAG, "team", Operator.LIKE, text("vis%")));
      assertThat(SearchParser.parseRunFilter("tags.team ILIKE '%VISION%'"))
          .containsExactly(clause(EntityType.TAG, "team", Operator.ILIKE, text("%VISION%")));
    }

    @Test
    void statusWithAndWithoutPrefix() {
      assertThat(SearchParser.parseRunFilter("attributes.status = 'FINISHED'"))
          .containsExactly(clause(EntityType.ATTRIBUTE, "status", Operator.EQ, text("FINISHED")));
      assertThat(SearchParser.parseRunFilter("status != 'FAILED'"))
          .containsExactly(clause(EntityType.ATTRIBUTE, "status", Operator.NE, text("FAILED")));
    }

    @Test
    void timeWindow() {
      assertThat(
              SearchParser.parseRunFilter(
                  "attributes.start_time >= 1733400000000 AND attributes.end_time < 1733500000000"))
          .containsExactly(
              clause(EntityType.ATTRIBUTE, "start_time", Operator.GE, num("1733400000000")),
              clause(EntityType.ATTRIBUTE, "end_time", Operator.LT, num("1733500000000")));
    }

    @Test
    void createdIsStartTime() {
      assertThat(SearchParser.parseRunFilter("created > 1700000000000"))
          .containsExactly(
              clause(EntityType.ATTRIBUTE, "start_time", Operator.GT, num("1700000000000")));
      assertThat(SearchParser.parseRunFilter("attr.Created > 1"))
          .containsExactly(clause(EntityType.ATTRIBUTE, "start_time", Operator.GT, num("1")));
    }

    @Test
    void runIdIn() {
      assertThat(
              SearchParser.parseRunFilter(
                  "attributes.run_id IN ('5f0c2a9e7d4b4c1e9a3f6b2d8c7e1a04',"
                      + " 'a1b2c3d4e5f60718293a4b5c6d7e8f90')"))
          .containsExactly(
              clause(
                  EntityType.ATTRIBUTE,
                  "run_id",
                  Operator.IN,
                  list("5f0c2a9e7d4b4c1e9a3f6b2d8c7e1a04", "a1b2c3d4e5f60718293a4b5c6d7e8f90")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"`Run name`", "`run name`", "`Run Name`", "\"Run name\"", "run_name"})
    void runNameAliases(String key) {
      assertThat(SearchParser.parseRunFilter("attributes." + key + " LIKE 'bright-%'"))
          .containsExactly(
              clause(EntityType.ATTRIBUTE, "run_name", Operator.LIKE, text("bright-%")));
    }

    @Test
    void datasets() {
      assertThat(
              SearchParser.parseRunFilter(
                  "datasets.name = 'mnist' AND datasets.context = 'training'"))
          .containsExactly(
              clause(EntityType.DATASET, "name", Operator.EQ, text("mnist")),
              clause(EntityType.DATASET, "context", Operator.EQ, text("training")));
      assertThat(SearchParser.parseRunFilter("dataset.digest IN ('abc', 'DEF')"))
          .containsExactly(clause(EntityType.DATASET, "digest", Operator.IN, list("abc", "DEF")));
    }

    @Test
    void metricKeyWithSlash() {
      assertThat(SearchParser.parseRunFilter("metrics.`loss/val` < 0.4"))
          .containsExactly(clause(EntityType.METRIC, "loss/val", Operator.LT, num("0.4")));
    }

    @Test
    void experimentFilter() {
      assertThat(
              SearchParser.parseExperimentFilter(
                  "name LIKE 'proj-%' AND tags.owner = 'alice' AND creation_time > 1700000000000"))
          .containsExactly(
              clause(EntityType.ATTRIBUTE, "name", Operator.LIKE, text("proj-%")),
              clause(EntityType.TAG, "owner", Operator.EQ, text("alice")),
              clause(EntityType.ATTRIBUTE, "creation_time", Operator.GT, num("1700000000000")));
      assertThat(
              SearchParser.parseExperimentFilter(
                  "attribute.last_update_time <= 5 AND tag.t != 'x'"))
          .containsExactly(
              clause(EntityType.ATTRIBUTE, "last_update_time", Operator.LE, num("5")),
              clause(EntityType.TAG, "t", Operator.NE, text("x")));
    }
  }

  @Nested
  class SpecInvalidExamples {
    @Test
    void orIsRejected() {
      assertRunFilterInvalid("metrics.acc > 0.9 OR params.x = 'a'")
          .hasMessageStartingWith("Invalid clause(s) in filter string: ")
          .hasMessageContaining("'OR' at index 18");
    }

    @Test
    void unquotedParamValue() {
      assertRunFilterInvalid("params.model = 5")
          .hasMessageStartingWith(
              "Expected a quoted string value for parameter (e.g. 'my-value'). Got value 5");
    }

    @Test
    void quotedMetricValue() {
      assertRunFilterInvalid("metrics.acc = '0.9'")
          .hasMessageStartingWith("Expected numeric value type for metric. Found '0.9'");
    }

    @Test
    void unknownEntity() {
      assertRunFilterInvalid("foo.acc > 1")
          .hasMessage(
              "Invalid entity type 'foo'. Valid values are ['metric', 'parameter', 'tag',"
                  + " 'attribute', 'dataset'] (in clause 'foo.acc > 1')");
    }

    @Test
    void likeOnMetric() {
      assertRunFilterInvalid("metrics.acc LIKE 0.5")
          .hasMessageStartingWith("Invalid comparator 'LIKE' not one of '{")
          .hasMessageContaining("metrics.acc LIKE 0.5");
      // with a quoted value the value error comes first
      assertRunFilterInvalid("metrics.acc LIKE '0.5'")
          .hasMessageStartingWith("Expected numeric value type for metric. Found '0.5'");
    }

    @Test
    void unknownAttribute() {
      assertRunFilterInvalid("acc >= 0.94")
          .hasMessageStartingWith("Invalid attribute key 'acc' specified. Valid keys are ")
          .hasMessageContaining("'run_id'");
    }

    @Test
    void listOnlyForRunId() {
      assertRunFilterInvalid("attributes.user_id IN ('a')")
          .hasMessageStartingWith(
              "Only the 'run_id' attribute supports comparison with a list of quoted string"
                  + " values.");
    }

    @Test
    void isNull() {
      assertRunFilterInvalid("tags.x IS NULL")
          .hasMessageStartingWith("Invalid clause(s) in filter string: 'tags.x IS NULL'")
          .hasMessageContaining("'IS' at index 7");
    }

    @Test
    void multipleStatements() {
      assertRunFilterInvalid("metric.acc >= 0.94; metrics.rmse < 1")
          .hasMessage(
              "Search filter contained multiple expression 'metric.acc >= 0.94; metrics.rmse < 1'. "
                  + "Provide AND-ed expression list.");
      assertRunFilterInvalid("metric.acc >= 0.94;")
          .hasMessageStartingWith("Invalid clause(s) in filter string: ';'");
    }

    @Test
    void inWithParamsOrTags() {
      assertRunFilterInvalid("tags.t IN ('x')")
          .hasMessageStartingWith(
              "Expected a quoted string value for tag (e.g. 'my-value'). Got value ('x')");
      assertRunFilterInvalid("params.p NOT IN ('x')")
          .hasMessageStartingWith(
              "Expected a quoted string value for parameter (e.g. 'my-value'). Got value ('x')");
    }

    @Test
    void notLike() {
      assertRunFilterInvalid("tags.t NOT LIKE 'x'")
          .hasMessageStartingWith("Invalid comparator 'NOT LIKE' not one of '{");
    }

    @Test
    void infinityIsNoNumber() {
      assertRunFilterInvalid("metrics.m < inf")
          .hasMessageStartingWith("Expected numeric value type for metric. Found inf");
    }

    @Test
    void quotedNumberForNumericAttribute() {
      assertRunFilterInvalid("start_time > '1000'")
          .hasMessageStartingWith(
              "Expected numeric value type for numeric attribute: start_time. Found '1000'");
      assertRunFilterInvalid("created > '1000'")
          .hasMessageStartingWith(
              "Expected numeric value type for numeric attribute: created. Found '1000'");
    }

    @ParameterizedTest
    @CsvSource(
        delimiter = '|',
        value = {"params.x = abc|abc", "params.x = `abc`|`abc`", "status = FINISHED|FINISHED"})
    void unquotedStringValue(String filter, String value) {
      assertRunFilterInvalid(filter)
          .hasMessageStartingWith(
              "Parameter value is either not quoted or unidentified quote types used for string"
                  + " value "
                  + value
                  + ". Use either single or double quotes.");
    }

    @Test
    void singleQuotedKey() {
      assertRunFilterInvalid("tags.'t' = 'x'")
          .hasMessageStartingWith("Invalid clause(s) in filter string: 'tags.");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "(params.x = 'a')",
          "'a' = params.p",
          "NOT params.x = 'a'",
          "metrics.a BETWEEN 1 AND 2",
          "metrics.a",
          "metrics.a >",
          "= 1",
          "metrics.a > +1",
          "metrics . a > 1",
          "metrics.a = 1 metrics.b = 2",
          "run_id IN 'a'",
          "run_id IN ('a'",
          "params.p = 'unterminated",
          "params.p = 'a' OR"
        })
    void malformedClauses(String filter) {
      assertRunFilterInvalid(filter)
          .hasMessageStartingWith("Invalid clause(s) in filter string: '");
    }

    @Test
    void errorsSayWhere() {
      assertRunFilterInvalid("params.p = 'a' AND metrics.m > 1 OR x")
          .hasMessageContaining("'OR' at index 33");
      assertRunFilterInvalid("params.p = 'unterminated")
          .hasMessageContaining("unterminated quote at index 11");
      assertRunFilterInvalid("metrics.a >").hasMessageContaining("ends too early");
    }

    @Test
    void unknownDatasetKey() {
      assertRunFilterInvalid("datasets.foo = 'a'")
          .hasMessageStartingWith("Invalid dataset key 'foo' specified. Valid keys are ");
    }

    @Test
    void unsearchableAttributes() {
      assertRunFilterInvalid("experiment_id = '1'")
          .hasMessageStartingWith("Invalid attribute key 'experiment_id' specified.");
      assertRunFilterInvalid("lifecycle_stage = 'active'")
          .hasMessageStartingWith("Invalid attribute key 'lifecycle_stage' specified.");
    }

    @Test
    void entityNamesAreCaseSensitive() {
      assertRunFilterInvalid("METRICS.a > 1")
          .hasMessageStartingWith("Invalid entity type 'METRICS'.");
      assertRunFilterInvalid("\"metric\".a > 1")
          .hasMessageStartingWith("Invalid entity type '\"metric\"'.");
    }

    @Test
    void keyErrorsComeBeforeComparatorErrors() {
      assertRunFilterInvalid("metrics.a LIKE 1 AND params.p = 5")
          .hasMessageStartingWith("Expected a quoted string value for parameter");
    }

    @Test
    void comparatorSpellingsMlflowDoesNotKnow() {
      assertRunFilterInvalid("metrics.a <> 1")
          .hasMessageStartingWith("Invalid comparator '<>' not one of");
      assertRunFilterInvalid("metrics.a == 1")
          .hasMessageStartingWith("Invalid comparator '==' not one of");
      assertRunFilterInvalid("tags.t > 'a'")
          .hasMessageStartingWith("Invalid comparator '>' not one of");
      assertRunFilterInvalid("start_time LIKE 1")
          .hasMessageStartingWith("Invalid comparator 'LIKE' not one of");
      assertRunFilterInvalid("run_id = ('a')").hasMessageContaining("use IN or NOT IN");
    }

    @Test
    void badLists() {
      assertRunFilterInvalid("run_id IN ()")
          .hasMessageStartingWith(
              "While parsing a list in the query, expected a non-empty list of string values, but"
                  + " got empty list");
      assertRunFilterInvalid("run_id IN (1, 2)")
          .hasMessageStartingWith(
              "While parsing a list in the query, expected string value, punctuation, or"
                  + " whitespace, but got different type in list: (1, 2)");
      assertRunFilterInvalid("run_id IN ('a' 'b')")
          .hasMessageStartingWith(
              "While parsing a list in the query, expected a non-empty list of string values, but"
                  + " got ill-formed list.");
      assertRunFilterInvalid("run_id IN (,)").hasMessageContaining("ill-formed list");
    }

    @Test
    void experimentErrors() {
      assertInvalid(() -> SearchParser.parseExperimentFilter("attributes.name = 'a'"))
          .hasMessage(
              "Invalid entity type 'attributes'. Valid entity types are ('attribute', 'tag',"
                  + " 'tags') (in clause 'attributes.name = 'a'')");
      assertInvalid(() -> SearchParser.parseExperimentFilter("metrics.a > 1"))
          .hasMessageStartingWith(
              "Invalid entity type 'metrics'. Valid entity types are ('attribute', 'tag', 'tags')");
      assertInvalid(() -> SearchParser.parseExperimentFilter("name IN ('a')"))
          .hasMessageStartingWith(
              "Only the 'run_id' attribute supports comparison with a list of quoted string"
                  + " values.");
      assertInvalid(() -> SearchParser.parseExperimentFilter("experiment_id = '1'"))
          .hasMessageStartingWith("Invalid attribute key 'experiment_id' specified.");
      assertInvalid(() -> SearchParser.parseExperimentFilter("creation_time = 'x'"))
          .hasMessageStartingWith(
              "Expected numeric value type for numeric attribute: creation_time. Found 'x'");
      assertInvalid(() -> SearchParser.parseExperimentFilter("name > 'a'"))
          .hasMessageStartingWith("Invalid comparator '>' not one of");
      assertInvalid(() -> SearchParser.parseExperimentFilter("creation_time LIKE 5"))
          .hasMessageStartingWith("Invalid comparator 'LIKE' not one of");
      assertInvalid(() -> SearchParser.parseExperimentFilter("name = 'a' OR name = 'b'"))
          .hasMessageStartingWith("Invalid clause(s) in filter string: ");
    }
  }

  @Nested
  class Lexing {
    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t\n", "AND", " and AND "})
    void emptyFiltersHaveNoClauses(String filter) {
      assertThat(SearchParser.parseRunFilter(filter)).isEmpty();
      assertThat(SearchParser.parseExperimentFilter(filter)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "params.p = 'a' AND",
          "AND params.p = 'a'",
          "and params.p = 'a' And",
          "params.p='a'",
          "  params.p   =\t'a'  ",
          "param.p = 'a'",
          "parameter.p = 'a'",
          "parameters.p = 'a'",
          "`params`.p = 'a'",
          "params.`p` = 'a'",
          "params.\"p\" = 'a'"
        })
    void danglingAndWhitespaceAndPrefixes(String filter) {
      assertThat(SearchParser.parseRunFilter(filter))
          .containsExactly(clause(EntityType.PARAM, "p", Operator.EQ, text("a")));
    }

    @Test
    void andIsCaseInsensitiveAndNeedsNoSpaceAfterAString() {
      assertThat(SearchParser.parseRunFilter("params.x='a'and params.y='b' AnD metrics.m>=1"))
          .containsExactly(
              clause(EntityType.PARAM, "x", Operator.EQ, text("a")),
              clause(EntityType.PARAM, "y", Operator.EQ, text("b")),
              clause(EntityType.METRIC, "m", Operator.GE, num("1")));
    }

    @ParameterizedTest
    @CsvSource({
      "1, 1.0",
      "-1, -1.0",
      "0.5, 0.5",
      ".5, 0.5",
      "5., 5.0",
      "1e-3, 0.001",
      "2E3, 2000.0",
      "-.25, -0.25"
    })
    void numbers(String literal, double value) {
      assertThat(SearchParser.parseRunFilter("metrics.m > " + literal))
          .containsExactly(
              clause(EntityType.METRIC, "m", Operator.GT, new FilterValue.Numeric(literal, value)));
    }

    @Test
    void doubledQuotesInsideStrings() {
      assertThat(SearchParser.parseRunFilter("tags.t = 'it''s'"))
          .containsExactly(clause(EntityType.TAG, "t", Operator.EQ, text("it's")));
      assertThat(SearchParser.parseRunFilter("tags.t = \"say \"\"hi\"\"\""))
          .containsExactly(clause(EntityType.TAG, "t", Operator.EQ, text("say \"hi\"")));
      assertThat(SearchParser.parseRunFilter("tags.t = 'a AND b'"))
          .containsExactly(clause(EntityType.TAG, "t", Operator.EQ, text("a AND b")));
      assertThat(SearchParser.parseRunFilter("tags.`we``ird` = ''"))
          .containsExactly(clause(EntityType.TAG, "we`ird", Operator.EQ, text("")));
    }

    @Test
    void quotedKeys() {
      assertThat(SearchParser.parseRunFilter("tags.\"t.a.g\" = 'x' AND tags.`a b-c:d` != 'y'"))
          .containsExactly(
              clause(EntityType.TAG, "t.a.g", Operator.EQ, text("x")),
              clause(EntityType.TAG, "a b-c:d", Operator.NE, text("y")));
      assertThat(
              SearchParser.parseRunFilter(
                  "metrics.1st>.5 AND tags.v2.0 = 'x' AND metrics.`a`.5 > 1"))
          .containsExactly(
              clause(EntityType.METRIC, "1st", Operator.GT, num(".5")),
              clause(EntityType.TAG, "v2.0", Operator.EQ, text("x")),
              clause(EntityType.METRIC, "`a`.5", Operator.GT, num("1")));
      // the identifier is split at the first dot
      assertThat(SearchParser.parseRunFilter("metrics.a.b > 1"))
          .containsExactly(clause(EntityType.METRIC, "a.b", Operator.GT, num("1")));
    }

    @Test
    void keywordsAreCaseInsensitive() {
      assertThat(
              SearchParser.parseRunFilter(
                  "tags.a like 'x%' and tags.b ilike 'y' and run_id in ('a') and run_id not in"
                      + " ('b')"))
          .extracting(FilterClause::operator)
          .containsExactly(Operator.LIKE, Operator.ILIKE, Operator.IN, Operator.NOT_IN);
    }

    @Test
    void runIdListsDropValuesMlflowDrops() {
      assertThat(SearchParser.parseRunFilter("run_id IN ('abc', 'ABC', 'aBc', '123', \"def\",)"))
          .containsExactly(clause(EntityType.ATTRIBUTE, "run_id", Operator.IN, list("abc", "def")));
    }

    @Test
    void allRunAttributesAndEntityAliases() {
      assertThat(
              SearchParser.parseRunFilter(
                  "run.user_id = 'u' AND attr.artifact_uri LIKE 's3:%' AND attribute.end_time != 0"
                      + " AND metric.m = 1 AND tag.t = 'x' AND dataset.name = 'd'"))
          .extracting(FilterClause::entity, FilterClause::key)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(EntityType.ATTRIBUTE, "user_id"),
              org.assertj.core.groups.Tuple.tuple(EntityType.ATTRIBUTE, "artifact_uri"),
              org.assertj.core.groups.Tuple.tuple(EntityType.ATTRIBUTE, "end_time"),
              org.assertj.core.groups.Tuple.tuple(EntityType.METRIC, "m"),
              org.assertj.core.groups.Tuple.tuple(EntityType.TAG, "t"),
              org.assertj.core.groups.Tuple.tuple(EntityType.DATASET, "name"));
    }
  }

  @Nested
  class OrderBy {
    @Test
    void defaultRunOrder() {
      assertThat(SearchParser.parseRunOrderBy(List.of()))
          .containsExactly(
              OrderByClause.attribute("start_time", false),
              OrderByClause.attribute("run_id", true));
    }

    @Test
    void runOrderWithTieBreakers() {
      assertThat(
              SearchParser.parseRunOrderBy(
                  List.of("metrics.rmse DESC", "params.lr", "tags.`a b` asc")))
          .containsExactly(
              new OrderByClause(EntityType.METRIC, "rmse", false),
              new OrderByClause(EntityType.PARAM, "lr", true),
              new OrderByClause(EntityType.TAG, "a b", true),
              OrderByClause.attribute("start_time", false),
              OrderByClause.attribute("run_id", true));
    }

    @Test
    void startTimeGivenIsNotRepeated() {
      assertThat(SearchParser.parseRunOrderBy(List.of("created")))
          .containsExactly(
              OrderByClause.attribute("start_time", true), OrderByClause.attribute("run_id", true));
      assertThat(SearchParser.parseRunOrderBy(List.of("attributes.start_time DESC", "run.status")))
          .containsExactly(
              OrderByClause.attribute("start_time", false),
              OrderByClause.attribute("status", true),
              OrderByClause.attribute("run_id", true));
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "run_id",
          "run_name",
          "user_id",
          "status",
          "artifact_uri",
          "start_time",
          "end_time"
        })
    void orderableAttributes(String key) {
      assertThat(SearchParser.parseRunOrderBy(List.of(key + " DESC")).get(0))
          .isEqualTo(OrderByClause.attribute(key, false));
    }

    @Test
    void errors() {
      assertInvalid(() -> SearchParser.parseRunOrderBy(List.of("metrics.m ASCENDING")))
          .hasMessage("Invalid ordering key in order_by clause 'metrics.m ASCENDING'.");
      assertInvalid(() -> SearchParser.parseRunOrderBy(List.of("Run name")))
          .hasMessage("Invalid ordering key in order_by clause 'Run name'.");
      assertInvalid(() -> SearchParser.parseRunOrderBy(List.of("metrics.m DESC extra")))
          .hasMessage("Invalid order_by clause 'metrics.m DESC extra'. Could not be parsed.");
      assertInvalid(() -> SearchParser.parseRunOrderBy(List.of("metrics.m + 1")))
          .hasMessage("Invalid order_by clause 'metrics.m + 1'. Could not be parsed.");
      assertInvalid(() -> SearchParser.parseRunOrderBy(List.of("")))
          .hasMessage("Invalid order_by clause ''. Could not be parsed.");
      assertInvalid(() -> SearchParser.parseRunOrderBy(List.of("`Run name`")))
          .hasMessageStartingWith("Invalid attribute key 'Run name' specified.")
          .hasMessageEndingWith("(in order_by clause '`Run name`')");
      assertInvalid(() -> SearchParser.parseRunOrderBy(List.of("datasets.name")))
          .hasMessageStartingWith("Invalid order_by entity type 'dataset'");
      assertInvalid(() -> SearchParser.parseRunOrderBy(List.of("foo.bar")))
          .hasMessageStartingWith("Invalid entity type 'foo'.");
    }

    @Test
    void duplicatesAreRejectedWith400() {
      assertInvalid(() -> SearchParser.parseRunOrderBy(List.of("start_time", "created DESC")))
          .hasMessage("`order_by` contains duplicate fields: ['start_time', 'created DESC']");
      assertInvalid(() -> SearchParser.parseRunOrderBy(List.of("metrics.m", "metric.m DESC")))
          .hasMessageStartingWith("`order_by` contains duplicate fields: ");
      // same key, different entities: no duplicate
      assertThat(SearchParser.parseRunOrderBy(List.of("metrics.m", "params.m"))).hasSize(4);
    }

    @Test
    void experimentOrder() {
      assertThat(SearchParser.parseExperimentOrderBy(List.of()))
          .containsExactly(
              OrderByClause.attribute("creation_time", false),
              OrderByClause.attribute("experiment_id", true));
      assertThat(
              SearchParser.parseExperimentOrderBy(
                  List.of("name", "attribute.last_update_time DESC")))
          .containsExactly(
              OrderByClause.attribute("name", true),
              OrderByClause.attribute("last_update_time", false),
              OrderByClause.attribute("experiment_id", false));
      assertThat(SearchParser.parseExperimentOrderBy(List.of("name", "name DESC"))).hasSize(3);
      assertInvalid(() -> SearchParser.parseExperimentOrderBy(List.of("tags.x")))
          .hasMessageStartingWith("Invalid order_by entity: tag");
      assertInvalid(() -> SearchParser.parseExperimentOrderBy(List.of("start_time")))
          .hasMessageStartingWith("Invalid attribute key 'start_time' specified.");
      assertInvalid(() -> SearchParser.parseExperimentOrderBy(List.of("attr.name")))
          .hasMessageStartingWith("Invalid entity type 'attr'.");
    }
  }
}
