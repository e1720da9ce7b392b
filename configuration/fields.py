"""What the model declares at a place in the context: the keys allowed there, a field's bounds and its example.

Error messages use it to suggest the nearest known key and to show an example of a good value.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo


@dataclass(frozen=True)
class FieldAt:
    """The keys a location allows (when it holds an object) and, when it is a field, its bounds and example."""

    keys: tuple[str, ...]
    bounds: tuple[Any, Any] = (None, None)
    example: str | None = None
    description: str | None = None


def _key(name: str, info: FieldInfo) -> str:
    return info.alias or name


def _unwrap(annotation: Any) -> Any:
    """`X | None` -> X, `tuple[X, ...]` / `list[X]` -> X (the type a further location step lands in)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return _unwrap(options[0]) if len(options) == 1 else annotation
    return annotation


def _annotated(annotation: Any) -> tuple[Any, FieldInfo | None]:
    """`Annotated[str, Field(...)]` (a list's item type) -> (str, its FieldInfo)."""
    if typing.get_origin(annotation) is not typing.Annotated:
        return annotation, None
    base, *extras = typing.get_args(annotation)
    return base, next((extra for extra in extras if isinstance(extra, FieldInfo)), None)


def _item(annotation: Any) -> Any:
    annotation = _unwrap(annotation)
    if typing.get_origin(annotation) in (list, tuple):
        return _unwrap(typing.get_args(annotation)[0])
    return None


def _model_keys(annotation: Any) -> tuple[str, ...]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return tuple(_key(name, info) for name, info in annotation.model_fields.items())
    return ()


def _bounds(info: FieldInfo) -> tuple[Any, Any]:
    low = next((m.ge for m in info.metadata if isinstance(m, annotated_types.Ge)), None)
    high = next((m.le for m in info.metadata if isinstance(m, annotated_types.Le)), None)
    return low, high


def field_at(model: type[BaseModel], loc: Iterable[str | int]) -> FieldAt | None:
    """Follow `loc` through the model's fields; None when the location is not one the model declares."""
    annotation: Any = model
    info: FieldInfo | None = None
    for part in loc:
        if isinstance(part, int):
            annotation, info = _annotated(_item(annotation))
            continue
        annotation = _unwrap(annotation)
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None
        found = next(((n, i) for n, i in annotation.model_fields.items() if _key(n, i) == part), None)
        if found is None:
            return None
        info = found[1]
        annotation = info.annotation
    keys = _model_keys(_unwrap(annotation))
    if info is None:
        return FieldAt(keys=keys)
    example = f'"{info.alias}": {json.dumps(info.examples[0])}' if info.examples and info.alias else None
    return FieldAt(keys=keys, bounds=_bounds(info), example=example, description=info.description)
