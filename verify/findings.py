"""What a check reports: where, what is wrong, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


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
