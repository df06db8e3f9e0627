"""The reading's schema and validation rules, once: as Spark column expressions and, for Python callers, as a function."""
from __future__ import annotations

import json
import math
import time
from typing import TYPE_CHECKING, Any

from .config import MAX_FUTURE_SECONDS, TEMPERATURE_RANGE

if TYPE_CHECKING:
    from pyspark.sql import Column

FIELDS = {"sensor_id": "string", "temperature": "double", "timestamp": "long"}
"""The seed's required fields and their Spark types; extra fields are allowed and kept."""
SCHEMA = ", ".join(f"{name} {kind.upper()}" for name, kind in FIELDS.items())
"""The reading as a Spark DDL schema: `sensor_id STRING, temperature DOUBLE, timestamp LONG`."""
EXPECTED = {"string": ("text", ("str",)), "double": ("a number", ("int", "float")), "long": ("a number", ("int", "float"))}
"""Per Spark type: the words for it and the JSON kinds (Python type names) accepted for it."""
JSON_OPTIONS = {"allowSingleQuotes": "false"}
"""Spark's JSON reader as strict as Python's json module."""

EMPTY = "empty record: the value is null"
NOT_UTF8 = "not text: the value is not valid utf-8"
NOT_JSON = "not JSON: the value does not parse as JSON"
NOT_OBJECT = "not a JSON object: got %s"
MISSING = "missing field(s): %s"
WRONG_TYPE = "%s must be %s, got %s"
BLANK_ID = "sensor_id is empty"
LOW, HIGH = TEMPERATURE_RANGE
OUT_OF_RANGE = f"temperature %s is outside the physical range {LOW}..{HIGH} °C"
IN_FUTURE = f"timestamp %s is more than {MAX_FUTURE_SECONDS // 3600} h in the future"
BEFORE_1970 = "timestamp %s is before 1970"
"""Quarantine reasons; `%s` is filled the same way by Spark (`format_string`) and by Python (`%`)."""


class InvalidReading(ValueError):
    """A record that is not a valid reading; the message is the quarantine reason."""


def _first_wins(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for name, value in pairs:
        doc.setdefault(name, value)
    return doc


_DECODER = json.JSONDecoder(object_pairs_hook=_first_wins)
"""Python's json module made to read a repeated field as Spark's from_json does: the first one counts."""


def kind(value: Any) -> str:
    """The Python type name of a decoded JSON value: str, int, float, bool, NoneType, list or dict."""
    return type(value).__name__


def double_text(value: float) -> str:
    """A float as Spark writes a DOUBLE as text (Java's Double.toString) for ordinary values: 480.0, NaN, Infinity."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return repr(value)


def reason(raw: bytes | str | None, now: float | None = None) -> tuple[dict[str, Any] | None, str | None]:
    """Python's copy of the rules: (reading, None) when valid, else (None, reason) (introduced in notebook 05)."""
    if raw is None:
        return None, EMPTY
    try:
        text = raw.decode("utf-8", errors="strict") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError:
        return None, NOT_UTF8
    try:
        doc = _DECODER.raw_decode(text.lstrip(" \t\n\r"))[0]  # like Spark: what follows the value is ignored
    except json.JSONDecodeError:
        return None, NOT_JSON
    if not isinstance(doc, dict):
        return None, NOT_OBJECT % kind(doc)
    missing = [name for name in FIELDS if name not in doc]
    if missing:
        return None, MISSING % ", ".join(missing)
    for name, spark_type in FIELDS.items():
        words, kinds = EXPECTED[spark_type]
        if kind(doc[name]) not in kinds:
            return None, WRONG_TYPE % (name, words, kind(doc[name]))
    if not doc["sensor_id"].strip():
        return None, BLANK_ID
    temperature, timestamp = float(doc["temperature"]), doc["timestamp"]
    if not math.isfinite(temperature) or not LOW <= temperature <= HIGH:
        return None, OUT_OF_RANGE % double_text(temperature)
    if timestamp > (time.time() if now is None else now) + MAX_FUTURE_SECONDS:
        return None, IN_FUTURE % json.dumps(timestamp)
    if timestamp < 0:
        return None, BEFORE_1970 % json.dumps(timestamp)
    return doc, None


# Spark: the same rules as column expressions.

def fields(value: Any) -> Column:
    """Every field of a JSON object as a map name → VARIANT (null when the value is not a JSON object)."""
    from pyspark.sql import functions as F

    return F.from_json(value, "MAP<STRING, VARIANT>", JSON_OPTIONS)


VARIANT_KINDS = {"STRING": "str", "BOOLEAN": "bool", "VOID": "NoneType", "ARRAY": "list", "OBJECT": "dict",
                 "BIGINT": "int", "INT": "int", "SMALLINT": "int", "TINYINT": "int", "DOUBLE": "float", "FLOAT": "float"}
"""Spark's `schema_of_variant` type names (up to any `<`) → Python type names; DECIMAL(p,0) is int, other DECIMALs float."""


def json_kind(variant: Any) -> Column:
    """The Python type name of a VARIANT's JSON value (str, int, float, bool, NoneType, list, dict), as Python names it."""
    from pyspark.sql import functions as F

    t = F.schema_of_variant(variant)
    names = F.create_map(*[F.lit(x) for pair in VARIANT_KINDS.items() for x in pair])
    decimal = F.when(t.endswith(",0)"), F.lit("int")).otherwise(F.lit("float"))
    return F.coalesce(F.element_at(names, F.substring_index(t, "<", 1)), decimal)


def kinds(parsed: Any) -> Column:
    """The JSON kind of each required field, as a struct (null where the field is missing)."""
    from pyspark.sql import functions as F

    return F.struct(*[json_kind(parsed[name]).alias(name) for name in FIELDS])


def json_text(variant: Any) -> Column:
    """A VARIANT's value as JSON text without quotes, for reasons (Python: json.dumps)."""
    from pyspark.sql import functions as F

    return F.regexp_replace(F.to_json(variant), '"', "")


def typed(parsed: Any) -> Column:
    """The required fields as a struct of the schema's types (meaningful once the reason is null)."""
    from pyspark.sql import functions as F

    return F.struct(*[F.try_variant_get(parsed[name], "$", spark_type).alias(name)
                      for name, spark_type in FIELDS.items()])


def reason_column(value: Any, valid_utf8: Any, parsed: Any, kind_of: Any, reading: Any, now: Any) -> Column:
    """Why a record is not a reading, as a string column; null for a valid reading; `now`: seconds (notebook 05)."""
    from pyspark.sql import functions as F

    whole = F.try_parse_json(value)
    missing = F.array_compact(F.array(*[F.when(~F.map_contains_key(parsed, name), F.lit(name)) for name in FIELDS]))
    rule = (F.when(value.isNull(), F.lit(EMPTY))
            .when(~valid_utf8, F.lit(NOT_UTF8))
            .when(parsed.isNull() & whole.isNull(), F.lit(NOT_JSON))
            .when(parsed.isNull(), F.format_string(NOT_OBJECT, json_kind(whole)))
            .when(F.size(missing) > 0, F.format_string(MISSING, F.array_join(missing, ", "))))
    for name, spark_type in FIELDS.items():
        words, accepted = EXPECTED[spark_type]
        rule = rule.when(~kind_of[name].isin(*accepted), F.format_string(WRONG_TYPE, F.lit(name), F.lit(words), kind_of[name]))
    temperature, timestamp = reading["temperature"], F.try_variant_get(parsed["timestamp"], "$", "double")
    return (rule.when(reading["sensor_id"].rlike(r"(?U)^\s*$"), F.lit(BLANK_ID))
            .when(F.isnan(temperature) | (temperature < LOW) | (temperature > HIGH),
                  F.format_string(OUT_OF_RANGE, temperature.cast("string")))
            .when(timestamp > now + MAX_FUTURE_SECONDS, F.format_string(IN_FUTURE, json_text(parsed["timestamp"])))
            .when(timestamp < 0, F.format_string(BEFORE_1970, json_text(parsed["timestamp"]))))
