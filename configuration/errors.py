"""Configuration errors as one readable message each: the key's path in cdk.json, the problem, and an example.

pydantic reports every problem it finds with a location and a type; this module turns those into the lines a person
reads (`cdk.json context 'waves[1].aproval' is an unknown key; did you mean 'approval'?`) instead of pydantic's
own wording; a problem no key can name alone (a rule across settings) carries its key in a SettingsRuleError.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ValidationError

from configuration.fields import FieldAt, field_at


class ConfigError(ValueError):
    """The configuration is wrong; each line of the message names a key, the problem and, where it helps, an example."""

    def __init__(self, key: str, problem: str, example: str | None = None) -> None:
        self.problems: tuple[str, ...] = (_line(key, problem, example),)
        super().__init__(self.problems[0])

    @classmethod
    def of(cls, problems: Iterable[str]) -> ConfigError:
        error = cls.__new__(cls)
        error.problems = tuple(problems)
        ValueError.__init__(error, "\n".join(error.problems))
        return error


class SettingsRuleError(ValueError):
    """A rule across settings (raised inside a model validator): which key is wrong, why, and an example."""

    def __init__(self, key: str, problem: str, example: str) -> None:
        super().__init__(problem)
        self.key, self.problem, self.example = key, problem, example


def _line(key: str, problem: str, example: str | None) -> str:
    text = f"cdk.json context '{key}' {problem}"
    return f"{text}. Example: {example}" if example else text


def path_of(loc: Iterable[str | int], prefix: str = "") -> str:
    """`('waves', 1, 'approval')` -> `waves[1].approval`."""
    path = prefix
    for part in loc:
        path = f"{path}[{part}]" if isinstance(part, int) else f"{path}.{part}" if path else str(part)
    return path


def _bounds(field: FieldAt | None) -> str:
    low, high = field.bounds if field else (None, None)
    if low is not None and high is not None:
        return f"between {low} and {high}"
    return f"at least {low}" if low is not None else f"at most {high}"


def _suggestion(key: str, known: tuple[str, ...]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6) or difflib.get_close_matches(
        key.lower(), [name.lower() for name in known], n=1, cutoff=0.6
    )
    if not close:
        return f"known keys: {', '.join(known)}" if known else "no keys are allowed here"
    match = next(name for name in known if name.lower() == close[0].lower())
    return f"did you mean '{match}'?"


FIXED_PROBLEMS = {
    "missing": "is missing",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "dict_type": "must be an object",
    "list_type": "must be a list",
    "tuple_type": "must be a list",
    "too_short": "must not be empty",
}
NUMBER_TYPES = ("int_type", "float_type", "int_from_float", "int_parsing", "float_parsing")
BOUNDS = ("greater_than_equal", "less_than_equal", "greater_than", "less_than")
STRINGS = ("string_type", "string_pattern_mismatch", "string_too_short", "string_too_long")


def _problem(error: Mapping[str, Any], field: FieldAt | None, parent: FieldAt | None) -> str:
    """pydantic's error type in the project's words, with the value that was given."""
    kind, value = error["type"], error.get("input")
    problem = FIXED_PROBLEMS.get(kind)
    if kind == "extra_forbidden":
        problem = f"is an unknown key; {_suggestion(str(error['loc'][-1]), parent.keys if parent else ())}"
    elif kind in NUMBER_TYPES:
        problem = f"must be a {'whole ' if kind.startswith('int') else ''}number, got {value!r}"
    elif kind == "bool_type":
        problem = f"must be true or false, got {value!r}"
    elif kind in BOUNDS:
        problem = f"must be {_bounds(field)}, got {value!r}"
    elif kind == "literal_error":
        choices = error["ctx"]["expected"].replace("'", "").replace(" or ", ", ")
        problem = f"must be one of {choices}, got {value!r}"
    elif kind in STRINGS:
        problem = f"is malformed ({value!r}){f': {field.description}' if field and field.description else ''}"
    return problem or str(error["msg"]).removeprefix("Value error, ")


def from_validation_error(model: type[BaseModel], error: ValidationError, prefix: str = "") -> ConfigError:
    """One line per problem pydantic found, each with the path from the top of the context."""
    lines = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        cause = (item.get("ctx") or {}).get("error")
        if isinstance(cause, SettingsRuleError):
            lines.append(_line(path_of((*loc, cause.key), prefix), cause.problem, cause.example))
            continue
        if isinstance(cause, ConfigError):
            lines.extend(cause.problems)
            continue
        field, parent = field_at(model, loc), field_at(model, loc[:-1])
        example = field.example if field and item["type"] != "extra_forbidden" else None
        lines.append(_line(path_of(loc, prefix), _problem(item, field, parent), example))
    return ConfigError.of(lines)
