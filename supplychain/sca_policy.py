"""The SCA policy: what fails the build (supplychain/sca.toml), and the verdict over the audit's findings.

npm advisories carry a severity: those at or above `npm.fail_at` fail. PyPI's advisory feed carries none, so a
Python finding always fails. Either fails unless a reviewed allow-list entry names the advisory (its id or any
alias) and has not expired; an expired entry fails the gate by itself, whether or not it still matches anything.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

SEVERITIES = ("info", "low", "moderate", "high", "critical")  # npm audit's scale, lowest first


class PolicyError(ValueError):
    """sca.toml is missing a setting or has a malformed allow-list entry."""


@dataclass(frozen=True)
class Finding:
    """One advisory against one package version, found in one or more audited sources."""

    ecosystem: str
    package: str
    version: str
    advisory: str
    aliases: tuple[str, ...] = ()
    severity: str | None = None  # None: the advisory service gave no severity (PyPI)
    sources: tuple[str, ...] = ()

    @property
    def ids(self) -> set[str]:
        return {self.advisory.upper(), *(alias.upper() for alias in self.aliases)}

    def describe(self) -> str:
        also = f" ({', '.join(self.aliases)})" if self.aliases else ""
        severity = self.severity or "no severity given"
        return f"{self.package} {self.version}: {self.advisory}{also}, {severity}, in {', '.join(self.sources)}"


@dataclass(frozen=True)
class Unchecked:
    """An audited source whose advisories could not be looked up, and why."""

    source: str
    reason: str


@dataclass(frozen=True)
class AllowEntry:
    """A reviewed exception: the advisory, why it is acceptable for now, and the day that review runs out."""

    id: str
    reason: str
    expires: date

    def expired(self, today: date) -> bool:
        return today > self.expires


@dataclass(frozen=True)
class Policy:
    """What is audited and what fails."""

    npm_fail_at: str
    requirements: tuple[str, ...]
    audit_environment: bool
    audit_function_bundles: bool
    npm_lockfiles: tuple[str, ...]
    allow: tuple[AllowEntry, ...]
    own_venv_requirements: tuple[str, ...] = ()  # each installed in a venv of its own: audited on its own


@dataclass
class Verdict:
    """The findings sorted by what the policy makes of them."""

    failing: list[Finding] = field(default_factory=list)
    below_threshold: list[Finding] = field(default_factory=list)
    allowed: list[tuple[Finding, AllowEntry]] = field(default_factory=list)
    expired: list[AllowEntry] = field(default_factory=list)
    unused: list[AllowEntry] = field(default_factory=list)
    unchecked: list[Unchecked] = field(default_factory=list)

    def exit_code(self, *, required: bool) -> int:
        """1 on a failing finding or an expired entry; on an unchecked source only when checking is required."""
        return 1 if self.failing or self.expired or (required and self.unchecked) else 0


def _allow_entry(raw: dict[str, Any], position: int) -> AllowEntry:
    where = f"allow entry {position}"
    missing = [key for key in ("id", "reason", "expires") if not raw.get(key)]
    if missing:
        raise PolicyError(f"{where}: missing {', '.join(missing)} (every exception needs an id, a reason, an expiry)")
    if not isinstance(raw["expires"], date):
        raise PolicyError(f"{where} ({raw['id']}): expires must be a TOML date such as 2027-01-31")
    return AllowEntry(id=str(raw["id"]).strip(), reason=str(raw["reason"]).strip(), expires=raw["expires"])


def load_policy(path: Path) -> Policy:
    try:
        raw = tomllib.loads(path.read_text())
        python, npm = raw["python"], raw["npm"]
        fail_at = npm["fail_at"]
        if fail_at not in SEVERITIES:
            raise PolicyError(f"npm.fail_at must be one of {', '.join(SEVERITIES)}, not {fail_at!r}")
        return Policy(
            npm_fail_at=fail_at,
            requirements=tuple(python["requirements"]),
            audit_environment=bool(python["environment"]),
            audit_function_bundles=bool(python["function_bundles"]),
            npm_lockfiles=tuple(npm["lockfiles"]),
            allow=tuple(_allow_entry(entry, n) for n, entry in enumerate(raw.get("allow", []), start=1)),
            own_venv_requirements=tuple(python.get("own_venv_requirements", ())),
        )
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise PolicyError(f"cannot read {path}: {error}") from None
    except KeyError as error:
        raise PolicyError(f"{path}: missing setting {error}") from None


def merge(findings: list[Finding]) -> list[Finding]:
    """One finding per (ecosystem, package, version, advisory), with every source it was found in."""
    merged: dict[tuple[str, str, str, str], Finding] = {}
    for found in findings:
        key = (found.ecosystem, found.package, found.version, found.advisory)
        if key in merged:
            previous = merged[key]
            sources = tuple(dict.fromkeys((*previous.sources, *found.sources)))
            merged[key] = replace(previous, sources=sources)
        else:
            merged[key] = found
    return sorted(merged.values(), key=lambda f: (f.ecosystem, f.package, f.advisory))


def _fails(finding: Finding, npm_fail_at: str) -> bool:
    if finding.severity not in SEVERITIES:  # PyPI gives none; an unknown word is not taken as harmless either
        return True
    return SEVERITIES.index(finding.severity) >= SEVERITIES.index(npm_fail_at)


def evaluate(findings: list[Finding], unchecked: list[Unchecked], policy: Policy, today: date) -> Verdict:
    verdict = Verdict(unchecked=list(unchecked))
    verdict.expired = [entry for entry in policy.allow if entry.expired(today)]
    used: set[str] = set()
    for finding in merge(findings):
        entry = next((e for e in policy.allow if e.id.upper() in finding.ids and not e.expired(today)), None)
        if entry is not None:
            verdict.allowed.append((finding, entry))
            used.add(entry.id)
        elif _fails(finding, policy.npm_fail_at):
            verdict.failing.append(finding)
        else:
            verdict.below_threshold.append(finding)
    verdict.unused = [e for e in policy.allow if e.id not in used and not e.expired(today)]
    return verdict
