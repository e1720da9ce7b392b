"""The drift reader role reads what CloudFormation's drift detection reads, on the service stacks' own resources.

DetectStackDrift reads each resource's live configuration with the caller's permissions, through the resource
type's read handler (its provider schema's `handlers.read.permissions`). For every resource of a service stack,
each read-handler permission whose IAM access level is Read or List is evaluated against the drift reader role of
the stack's account and region (bootstrap/drift-reader-role.json), for the ARNs the call acts on, with the same
judgement as the execution-policy coverage (verify/checks/coverage.py). A read handler that lists a write action
(WAFv2's WebACLAssociation lists Associate/Disassociate calls of several services) is not granted: a drift reader
must change nothing, so those calls are left out and named in a note.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from iam.catalog import IamCatalog
from verify.assembly import DeployedStack
from verify.checks.coverage import CoverageCheck
from verify.findings import CheckResult
from verify.provider_schemas import HandlerPermissions, ProviderSchemas

NAME = "drift-reader"
ROLE_FILE = "bootstrap/drift-reader-role.json"
READ_LEVELS = frozenset({"Read", "List"})


class ReadHandlers:
    """A resource type's read-handler permissions, as the coverage judgement's `permissions` reads them."""

    def __init__(self, schemas: ProviderSchemas, catalog: IamCatalog) -> None:
        self._schemas = schemas
        self._catalog = catalog
        self.left_out: set[str] = set()

    def permissions(self, resource_type: str) -> HandlerPermissions | None:
        schema = self._schemas.schema(resource_type)
        if schema is None:
            return None
        listed = ((schema.get("handlers") or {}).get("read") or {}).get("permissions") or []
        reads = tuple(permission for permission in listed if self._reads(permission))
        return HandlerPermissions(resource_type, {"read": reads}, tagging=(), taggable=False)

    def _reads(self, permission: str) -> bool:
        action = self._catalog.action(permission)
        if action is not None and action.access_level not in READ_LEVELS:
            self.left_out.add(permission)
            return False
        return True


def check_stack(
    catalog: IamCatalog, schemas: ProviderSchemas, stack: DeployedStack, policy: Sequence[Mapping[str, object]]
) -> CheckResult:
    handlers = ReadHandlers(schemas, catalog)
    result = CoverageCheck(catalog, handlers, name=NAME, policy_file=ROLE_FILE).run(stack, policy)
    note = f"write actions in read handlers, not granted: {', '.join(sorted(handlers.left_out))}"
    return CheckResult(result.name, result.findings, (*result.notes, note) if handlers.left_out else result.notes,
                       result.checked)  # fmt: skip
