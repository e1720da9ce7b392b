"""The one reader of CloudFormation intrinsic syntax: what a value refers to, and how it reads as one string.

`Fn::Sub` strings, `Fn::GetAtt` in its string and list forms, and pseudo parameters are parsed here only; the
emulator and the verifier evaluate values with `cloudformation.resolver.Resolver`, which splits `Fn::Sub` with
`sub_pieces` below. `render` writes a value as one string in which references become `${...}` placeholders, so
rules can compare ARNs and build stable finding ids.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

PSEUDO_PREFIX = "AWS::"
# `${Name}`, `${Name.Attr}`, and the escape `${!Literal}` (which stands for the text `${Literal}`).
SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")

SubPiece = str | dict[str, Any]


def as_list(value: Any) -> list[Any]:
    """IAM and CloudFormation accept a single value where a list is allowed."""
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def get_att_parts(argument: Any) -> tuple[str, str]:
    """`Fn::GetAtt`'s argument, `"Logical.Attr"` or `["Logical", "Attr"]`, as (logical id, attribute)."""
    if isinstance(argument, str):
        logical_id, _, attribute = argument.partition(".")
        return logical_id, attribute
    logical_id, attribute = argument
    return str(logical_id), str(attribute)


def sub_parts(argument: Any) -> tuple[str, dict[str, Any]]:
    """`Fn::Sub`'s argument, a string or `[string, {variables}]`, as (string, variables)."""
    if isinstance(argument, list):
        return str(argument[0]), dict(argument[1]) if len(argument) > 1 else {}
    return str(argument), {}


def sub_variable(name: str) -> dict[str, Any]:
    """What `${name}` in an `Fn::Sub` string stands for when the Sub's own variables do not define it."""
    if "." in name and not name.startswith(PSEUDO_PREFIX):
        logical_id, attribute = name.split(".", 1)
        return {"Fn::GetAtt": [logical_id, attribute]}
    return {"Ref": name}


def sub_pieces(argument: Any) -> list[SubPiece]:
    """An `Fn::Sub` as literal text and the values it substitutes (its own variables' values, else Ref/GetAtt)."""
    text, variables = sub_parts(argument)
    pieces: list[SubPiece] = []
    position = 0
    for match in SUB_VARIABLE.finditer(text):
        pieces.append(text[position : match.start()])
        name = match.group(1)
        if name.startswith("!"):
            pieces.append("${" + name[1:] + "}")
        elif name in variables:
            pieces.append(variables[name])
        else:
            pieces.append(sub_variable(name))
        position = match.end()
    pieces.append(text[position:])
    return [piece for piece in pieces if piece != ""]


def target_of(value: Any) -> str | None:
    """The logical id (or parameter) a single `Ref` or `Fn::GetAtt` points at; None for anything else."""
    if isinstance(value, Mapping) and len(value) == 1:
        ((function, argument),) = value.items()
        if function == "Ref" and isinstance(argument, str):
            return argument
        if function == "Fn::GetAtt":
            return get_att_parts(argument)[0]
    return None


def referenced_ids(value: Any) -> Iterator[str]:
    """Logical ids and parameters a value refers to anywhere inside, in template order (pseudo parameters excluded).

    Ref, Fn::GetAtt (both forms) and the `${Logical}` / `${Logical.Attr}` variables of Fn::Sub all count; a Sub's own
    variables count through their values, and `${!Literal}` is text.
    """
    return (name for name in _walk_references(value) if not name.startswith(PSEUDO_PREFIX))


def references(value: Any) -> set[str]:
    """`referenced_ids` as a set."""
    return set(referenced_ids(value))


def _walk_references(value: Any) -> Iterator[str]:
    if isinstance(value, list):
        for item in value:
            yield from _walk_references(item)
    elif isinstance(value, Mapping):
        for function, argument in value.items():
            if function == "Ref":
                yield str(argument)
            elif function == "Fn::GetAtt":
                yield get_att_parts(argument)[0]
            elif function == "Fn::Sub":
                yield from _walk_references(sub_pieces(argument))
            else:
                yield from _walk_references(argument)


def imports(value: Any) -> bool:
    """Whether the value reads another stack's export (Fn::ImportValue anywhere inside)."""
    if isinstance(value, list):
        return any(imports(item) for item in value)
    if isinstance(value, Mapping):
        return any(function == "Fn::ImportValue" or imports(argument) for function, argument in value.items())
    return False


def render(value: Any) -> str:
    """One string for a value: literals as they are, references as `${Name}` / `${Name.Attr}`."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, Mapping) and len(value) == 1:
        ((function, argument),) = value.items()
        renderer = _RENDERERS.get(function)
        return renderer(argument) if renderer else f"${{{function}}}"
    return "${?}"


def _render_get_att(argument: Any) -> str:
    return "${" + ".".join(get_att_parts(argument)) + "}"


def _render_join(argument: Any) -> str:
    separator, parts = argument
    return str(separator).join(render(part) for part in as_list(parts))


def _render_select(argument: Any) -> str:
    index, choices = argument
    if isinstance(choices, list) and str(index).isdigit():
        return render(choices[int(index)])
    return "${Fn::Select}"


_RENDERERS: dict[str, Callable[[Any], str]] = {
    "Ref": lambda argument: f"${{{argument}}}",
    "Fn::GetAtt": _render_get_att,
    "Fn::Join": _render_join,
    "Fn::Sub": lambda argument: "".join(render(piece) for piece in sub_pieces(argument)),
    "Fn::Select": _render_select,
    "Fn::ImportValue": lambda argument: f"${{ImportValue({render(argument)})}}",
}
