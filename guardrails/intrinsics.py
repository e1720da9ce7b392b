"""Read CloudFormation values that may contain intrinsic functions, without deploying them.

A value is rendered to one string in which references become `${...}` placeholders, so rules can
compare ARNs and build stable finding ids; references and imports are collected from the raw value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

PSEUDO_PREFIX = "AWS::"
_SUB_VARIABLE = re.compile(r"\$\{([^}!][^}]*)\}")


def as_list(value: Any) -> list[Any]:
    """IAM and CloudFormation accept a single value where a list is allowed."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def render(value: Any) -> str:
    """One string for a value: literals as they are, references as `${Name}` / `${Name.Attr}`."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dict) and len(value) == 1:
        ((function, argument),) = value.items()
        return _render_function(function, argument)
    return "${?}"


def _render_function(function: str, argument: Any) -> str:
    renderer = _RENDERERS.get(function)
    return renderer(argument) if renderer else f"${{{function}}}"


def _render_get_att(argument: Any) -> str:
    name = ".".join(argument) if isinstance(argument, list) else str(argument)
    return f"${{{name}}}"


def _render_join(argument: Any) -> str:
    separator, parts = argument
    return str(separator).join(render(part) for part in as_list(parts))


def _render_sub(argument: Any) -> str:
    template, variables = _sub_parts(argument)
    return _SUB_VARIABLE.sub(
        lambda match: render(variables[match.group(1)]) if match.group(1) in variables else match.group(0),
        template,
    )


def _render_select(argument: Any) -> str:
    index, choices = argument
    if isinstance(choices, list) and str(index).isdigit():
        return render(choices[int(index)])
    return "${Fn::Select}"


def _sub_parts(argument: Any) -> tuple[str, dict[str, Any]]:
    if isinstance(argument, list):
        return str(argument[0]), dict(argument[1]) if len(argument) > 1 else {}
    return str(argument), {}


_RENDERERS: dict[str, Callable[[Any], str]] = {
    "Ref": lambda argument: f"${{{argument}}}",
    "Fn::GetAtt": _render_get_att,
    "Fn::Join": _render_join,
    "Fn::Sub": _render_sub,
    "Fn::Select": _render_select,
    "Fn::ImportValue": lambda argument: f"${{ImportValue({render(argument)})}}",
}


def references(value: Any) -> set[str]:
    """Logical ids and parameters a value refers to (pseudo parameters excluded)."""
    return {name for name in _walk_references(value) if not name.startswith(PSEUDO_PREFIX)}


def _walk_references(value: Any) -> Iterator[str]:
    if isinstance(value, list):
        for item in value:
            yield from _walk_references(item)
    elif isinstance(value, dict):
        for function, argument in value.items():
            if function == "Ref":
                yield str(argument)
            elif function == "Fn::GetAtt":
                yield argument[0] if isinstance(argument, list) else str(argument).split(".", 1)[0]
            elif function == "Fn::Sub":
                yield from _sub_references(argument)
            else:
                yield from _walk_references(argument)


def _sub_references(argument: Any) -> Iterator[str]:
    template, variables = _sub_parts(argument)
    for name in _SUB_VARIABLE.findall(template):
        if name not in variables:
            yield name.split(".", 1)[0]
    yield from _walk_references(list(variables.values()))


def imports(value: Any) -> bool:
    """Whether the value reads another stack's export (Fn::ImportValue anywhere inside)."""
    if isinstance(value, list):
        return any(imports(item) for item in value)
    if isinstance(value, dict):
        return any(function == "Fn::ImportValue" or imports(argument) for function, argument in value.items())
    return False
