"""What a check reports: where, what is wrong, and how to fix it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

Stack = TypeVar("Stack")


@dataclass(frozen=True, order=True)
class Finding:
    """One defect: the check that found it, the template and resource, the problem and the fix."""

    check: str
    where: str
    problem: str
    fix: str

    def __str__(self) -> str:
        return f"[{self.check}] {self.where}: {self.problem}\n    fix: {self.fix}"


@dataclass(frozen=True)
class CheckResult:
    """The findings of one check, and notes on what it did not or could not judge."""

    name: str
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = ()
    checked: int = 0  # how many things it judged (resources, statements, ...), for the summary

    @property
    def passed(self) -> bool:
        return not self.findings


def per_stack(name: str, stacks: Iterable[Stack], check: Callable[[Stack], tuple[list[Finding], int]]) -> CheckResult:
    """One check's result over many stacks, from what it finds and judges in each."""
    findings: list[Finding] = []
    checked = 0
    for stack in stacks:
        found, count = check(stack)
        findings += found
        checked += count
    return CheckResult(name, tuple(sorted(findings)), checked=checked)
