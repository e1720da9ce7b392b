"""A role policy's document with some statements dropped, decided when the document is rendered at synth time, after
CDK and CDK Pipelines have added every statement (they add grants we cannot keep from being made)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jsii
from aws_cdk import IResolvable, IResolveContext

Statement = dict[str, Any]


def statement_actions(statement: Statement) -> list[str]:
    actions = statement.get("Action", [])
    return actions if isinstance(actions, list) else [actions]


@jsii.implements(IResolvable)
class WithoutStatements:
    """`document` rendered without the statements `dropped` selects; `label` names it where a token is printed."""

    def __init__(self, document: Any, dropped: Callable[[Statement], bool], label: str) -> None:
        self._document = document
        self._dropped = dropped
        self._label = label

    @property
    def creation_stack(self) -> list[str]:
        return []

    def resolve(self, context: IResolveContext) -> Any:
        rendered = context.resolve(self._document)
        kept = [statement for statement in rendered["Statement"] if not self._dropped(statement)]
        return {**rendered, "Statement": kept}

    def to_string(self) -> str:
        return self._label
