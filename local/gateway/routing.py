"""Match a request path to the API's resource paths as API Gateway does: literal segments win over `{param}`,
which wins over a greedy `{param+}`."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote


@dataclass(frozen=True)
class RouteMatch:
    resource_path: str
    path_parameters: dict[str, str]


@dataclass
class _Node:
    resource_path: str | None = None
    literals: dict[str, _Node] = field(default_factory=dict)
    variable: tuple[str, _Node] | None = None
    greedy: tuple[str, str] | None = None


def _segments(path: str) -> list[str]:
    trimmed = path.strip("/")
    return trimmed.split("/") if trimmed else []


class Router:
    """A tree of the API's resource paths."""

    def __init__(self, resource_paths: Iterable[str]) -> None:
        self._root = _Node()
        for path in resource_paths:
            self._insert(path)

    def _insert(self, path: str) -> None:
        node = self._root
        for segment in _segments(path):
            if segment.startswith("{") and segment.endswith("+}"):
                node.greedy = (segment[1:-2], path)
                return
            if segment.startswith("{") and segment.endswith("}"):
                if node.variable is None:
                    node.variable = (segment[1:-1], _Node())
                node = node.variable[1]
            else:
                node = node.literals.setdefault(segment, _Node())
        node.resource_path = path

    def match(self, raw_path: str) -> RouteMatch | None:
        """The resource serving `raw_path` (percent-encoded, without the stage), with raw path parameters."""
        return self._match(self._root, _segments(raw_path), {})

    def _match(self, node: _Node, segments: list[str], parameters: dict[str, str]) -> RouteMatch | None:
        if not segments:
            return RouteMatch(node.resource_path, parameters) if node.resource_path is not None else None
        segment, rest = segments[0], segments[1:]
        if not segment:
            return None
        child = node.literals.get(unquote(segment))
        found = self._match(child, rest, parameters) if child is not None else None
        if found is None and node.variable is not None:
            name, variable_node = node.variable
            found = self._match(variable_node, rest, {**parameters, name: segment})
        if found is None and node.greedy is not None:
            name, resource_path = node.greedy
            found = RouteMatch(resource_path, {**parameters, name: "/".join(segments)})
        return found
