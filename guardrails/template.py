"""The synthesized CloudFormation view of one resource: what every rule inspects.

Rules read the template written to the cloud assembly, not the L1 properties, so they judge what
CloudFormation receives: property overrides, tags added by aspects, DeletionPolicy, Fn::ImportValue.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from aws_cdk import CfnResource, Stack, Stage, Token


@dataclass(frozen=True, eq=False)
class ResourceView:
    """One resource of a synthesized template, with the template and the stack's environment around it."""

    logical_id: str
    template: Mapping[str, Any]
    account: str | None = None
    """The stack's account; None when the stack is environment-agnostic."""
    region: str | None = None

    @property
    def definition(self) -> Mapping[str, Any]:
        return self.template["Resources"][self.logical_id]

    @property
    def type(self) -> str:
        return self.definition["Type"]

    @property
    def properties(self) -> Mapping[str, Any]:
        return self.definition.get("Properties", {})

    def resource(self, logical_id: str) -> Mapping[str, Any] | None:
        """Another resource of the same template, or None (a parameter, or not in this template)."""
        return self.template.get("Resources", {}).get(logical_id)

    def resources_of_type(self, resource_type: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
        for logical_id, definition in self.template.get("Resources", {}).items():
            if definition.get("Type") == resource_type:
                yield logical_id, definition


@dataclass(frozen=True)
class _StackFacts:
    template_path: Path
    account: str | None
    region: str | None


def view_of(node: CfnResource) -> ResourceView:
    """Locate the node's resource in the template its stack wrote to the cloud assembly."""
    stack = node.stack
    facts = _stack_facts(stack)
    stat = facts.template_path.stat()
    return ResourceView(
        logical_id=stack.resolve(node.logical_id),
        template=_load(str(facts.template_path), stat.st_mtime_ns, stat.st_size),
        account=facts.account,
        region=facts.region,
    )


@lru_cache(maxsize=16)
def _stack_facts(stack: Stack) -> _StackFacts:
    """What every resource of `stack` shares, read once per stack: each read is a round trip to the jsii kernel."""
    stage = Stage.of(stack)
    if stage is None or stage.outdir is None:
        raise LookupError(f"{stack.node.path} is not inside a Stage, so it has no cloud assembly")
    return _StackFacts(Path(stage.outdir) / stack.template_file, _concrete(stack.account), _concrete(stack.region))


def _concrete(value: str) -> str | None:
    return None if Token.is_unresolved(value) else value


@lru_cache(maxsize=16)
def _load(path: str, _mtime_ns: int, _size: int) -> Mapping[str, Any]:
    """Parse each template once per validation run (the key changes when the file does)."""
    return json.loads(Path(path).read_text(encoding="utf-8"))
