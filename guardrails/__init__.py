"""LeastPrivilege: this project's own cdk-nag rule pack (see docs/guardrails.md)."""

from guardrails.pack import PACK_NAME, LeastPrivilegeChecks

__all__ = ["PACK_NAME", "LeastPrivilegeChecks"]
