"""CloudWatch metric math: a parser and the argument and result types AWS's function table gives each function.

Source: Amazon CloudWatch User Guide, "Using metric math" (Metric math syntax and functions): S is a scalar, TS a
time series, TS[] an array of time series. Array literals hold time series only: `MAX([m1, 1])` is rejected at
alarm creation with "Unsupported operand type(s) for MAX: '[Array[TimeSeries, Scalar]]'".
https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

S, TS, TS_ARRAY, STRING, KEYWORD = "S", "TS", "TS[]", "string", "keyword"

# Function -> accepted argument types -> result type (the table's Arguments and Return type columns).
_EACH: Mapping[tuple[str, ...], str] = MappingProxyType({(TS,): TS, (TS_ARRAY,): TS_ARRAY})
_REDUCE: Mapping[tuple[str, ...], str] = MappingProxyType({(TS,): S, (TS_ARRAY,): TS})
_PER_TIMESTAMP: Mapping[tuple[str, ...], str] = MappingProxyType({(TS,): TS})
_FILLER = (S, TS, KEYWORD)
FUNCTIONS: Mapping[str, Mapping[tuple[str, ...], str]] = {
    **dict.fromkeys(("ABS", "CEIL", "FLOOR", "DIFF", "DIFF_TIME", "LOG", "LOG10", "RATE", "RUNNING_SUM"), _EACH),
    **dict.fromkeys(("AVG", "MAX", "MIN", "SUM", "STDDEV", "DATAPOINT_COUNT"), _REDUCE),
    **dict.fromkeys(("MINUTE", "HOUR", "DAY", "DATE", "MONTH", "YEAR", "EPOCH", "SERVICE_QUOTA"), _PER_TIMESTAMP),
    "ANOMALY_DETECTION_BAND": {(TS,): TS_ARRAY, (TS, S): TS_ARRAY},
    "FILL": {**{(TS, f): TS for f in _FILLER}, **{(TS_ARRAY, f): TS_ARRAY for f in _FILLER}},
    "FIRST": {(TS_ARRAY,): TS},
    "LAST": {(TS_ARRAY,): TS},
    "INSIGHT_RULE_METRIC": {(STRING, STRING): TS},
    "METRIC_COUNT": {(TS_ARRAY,): S},
    "METRICS": {(): TS_ARRAY, (STRING,): TS_ARRAY},
    "PERIOD": {(TS,): S},
    "REMOVE_EMPTY": {(TS_ARRAY,): TS_ARRAY},
    "SEARCH": {(STRING, STRING, S): TS_ARRAY},
    "SLICE": {(TS_ARRAY, S): TS_ARRAY, (TS_ARRAY, S, S): TS_ARRAY},
    "SORT": {(TS_ARRAY, KEYWORD, KEYWORD): TS_ARRAY, (TS_ARRAY, KEYWORD, KEYWORD, S): TS_ARRAY},
    "TIME_SERIES": {(S,): TS},
}
# IF(condition, trueValue[, falseValue]) -> TS; the syntaxes the guide lists ("Using IF expressions").
IF_SIGNATURES = frozenset({(TS, TS, TS), (TS, S, TS), (TS, TS, S), (TS, S, S), (S, TS, TS), (TS, TS), (TS, S), (S, TS)})
# "You can't create an alarm based on a SEARCH expression."
NOT_IN_ALARMS = frozenset({"SEARCH"})
# "We recommend that you do not use this function in CloudWatch alarms ... This function acts differently when extra
# data is requested."
NOT_RECOMMENDED_IN_ALARMS = frozenset(
    {"AVG", "DATAPOINT_COUNT", "MAX", "MIN", "REMOVE_EMPTY", "RUNNING_SUM", "STDDEV", "SUM"}
)
ARITHMETIC = frozenset({"+", "-", "*", "/", "^"})
COMPARISON = frozenset({"==", "!=", "<=", ">=", "<", ">", "AND", "&&", "OR", "||"})

_TOKEN = re.compile(
    r"""\s*(?:(?P<number>\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|\.\d+)|(?P<string>"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')"""
    r"""|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>==|!=|<=|>=|&&|\|\||[-+*/^<>(),\[\]]))"""
)


class MetricMathError(ValueError):
    """An expression CloudWatch would reject, with AWS's reason."""


@dataclass(frozen=True)
class Analysis:
    """An expression's result type and the functions it calls."""

    type: str
    functions: frozenset[str]


def tokenize(expression: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    while position < len(expression.rstrip()):
        match = _TOKEN.match(expression, position)
        if match is None or match.end() == position:
            raise MetricMathError(f"unexpected text at {expression[position : position + 20]!r}")
        kind = match.lastgroup or "op"
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


class _Parser:
    """Precedence climbing over the tokens; each rule returns the type of what it read."""

    def __init__(self, expression: str, id_type: Callable[[str], str]) -> None:
        self.tokens = tokenize(expression)
        self.position = 0
        self.id_type = id_type
        self.functions: set[str] = set()

    def peek(self) -> str | None:
        return self.tokens[self.position][1] if self.position < len(self.tokens) else None

    def take(self, expected: str | None = None) -> tuple[str, str]:
        if self.position >= len(self.tokens):
            raise MetricMathError("the expression ends too early")
        token = self.tokens[self.position]
        if expected is not None and token[1] != expected:
            raise MetricMathError(f"expected {expected!r}, found {token[1]!r}")
        self.position += 1
        return token

    def parse(self) -> str:
        result = self.binary(0)
        if self.position != len(self.tokens):
            raise MetricMathError(f"unexpected {self.peek()!r}")
        return result

    LEVELS: tuple[frozenset[str], ...] = (
        frozenset({"OR", "||"}),
        frozenset({"AND", "&&"}),
        frozenset({"==", "!=", "<=", ">=", "<", ">"}),
        frozenset({"+", "-"}),
        frozenset({"*", "/"}),
        frozenset({"^"}),
    )

    def binary(self, level: int) -> str:
        if level == len(self.LEVELS):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in self.LEVELS[level]:
            operator = self.take()[1]
            left = combine(operator, left, self.binary(level + 1))
        return left

    def unary(self) -> str:
        if self.peek() == "-":
            self.take()
            operand = self.unary()
            if operand not in (S, TS, TS_ARRAY):
                raise MetricMathError(f"unsupported operand type for unary -: {operand}")
            return operand
        return self.primary()

    def primary(self) -> str:
        kind, text = self.take()
        if kind == "number":
            return S
        if kind == "string":
            return STRING
        if text == "(":
            inner = self.binary(0)
            self.take(")")
            return inner
        if text == "[":
            return self.array()
        if kind == "name" and self.peek() == "(":
            return self.call(text)
        if kind == "name":
            return KEYWORD if text.isupper() else self.id_type(text)
        raise MetricMathError(f"unexpected {text!r}")

    def arguments(self, closing: str) -> list[str]:
        found: list[str] = []
        while self.peek() != closing:
            found.append(self.binary(0))
            if self.peek() != closing:
                self.take(",")
        self.take(closing)
        return found

    def array(self) -> str:
        elements = self.arguments("]")
        if not elements or any(element not in (TS, TS_ARRAY) for element in elements):
            names = ", ".join({TS: "TimeSeries", S: "Scalar"}.get(e, e) for e in elements)
            raise MetricMathError(f"an array holds time series only, not [Array[{names}]]")
        return TS_ARRAY

    def call(self, name: str) -> str:
        self.take("(")
        arguments = tuple(self.arguments(")"))
        self.functions.add(name)
        if name == "IF":
            if arguments not in IF_SIGNATURES:
                raise MetricMathError(f"IF does not take ({', '.join(arguments)})")
            return TS
        if name not in FUNCTIONS:
            raise MetricMathError(f"{name} is not a metric math function")
        result = FUNCTIONS[name].get(arguments)
        if result is None:
            accepted = " or ".join(f"({', '.join(a)})" for a in FUNCTIONS[name])
            raise MetricMathError(f"unsupported operand type(s) for {name}: ({', '.join(arguments)}); takes {accepted}")
        return result


def combine(operator: str, left: str, right: str) -> str:
    """The type of `left operator right`, as the guide's operator tables allow."""
    pair = {left, right}
    if not pair <= {S, TS, TS_ARRAY} or (operator in COMPARISON and TS_ARRAY in pair) or left == right == TS_ARRAY:
        raise MetricMathError(f"unsupported operand type(s) for {operator}: {left} and {right}")
    if TS_ARRAY in pair:
        return TS_ARRAY
    return TS if TS in pair else S


def analyse(expression: str, id_types: Mapping[str, str] | Callable[[str], str]) -> Analysis:
    """The expression's result type, given the types of the ids it may name (metrics are TS)."""

    def id_type(name: str) -> str:
        found = id_types(name) if callable(id_types) else id_types.get(name)
        if found is None:
            raise MetricMathError(f"{name!r} names no metric or expression of this query")
        return found

    parser = _Parser(expression, id_type)
    return Analysis(parser.parse(), frozenset(parser.functions))


def query_types(metrics: Sequence[tuple[str, str | None]]) -> dict[str, str]:
    """Types of every id of one query: (id, expression or None for a metric); expressions may name each other."""
    known: dict[str, str] = {identifier: TS for identifier, expression in metrics if expression is None}
    pending = {identifier: expression for identifier, expression in metrics if expression is not None}
    resolving: set[str] = set()

    def id_type(name: str) -> str:
        if name in known:
            return known[name]
        if name not in pending or name in resolving:
            raise MetricMathError(f"{name!r} names no metric or expression of this query")
        resolving.add(name)
        known[name] = analyse(pending[name], id_type).type
        return known[name]

    for identifier in pending:
        id_type(identifier)
    return known
