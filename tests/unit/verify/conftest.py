"""The synthesized app's stacks as the verifier reads them, and small templates to break on purpose."""

from __future__ import annotations

import copy
import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from iam.catalog import IamCatalog, bundled_catalog
from tests.unit.conftest import SynthesizedApp
from verify.assembly import DeployedStack, load_stacks

DEV_ACCOUNT = "222222222222"
REGION = "us-east-1"


@pytest.fixture(scope="session")
def catalog() -> IamCatalog:
    return bundled_catalog()


@pytest.fixture(scope="session")
def stacks(synthesized: SynthesizedApp) -> dict[str, DeployedStack]:
    """Every stack of the synthesized app, keyed by stack name."""
    return {stack.stack_name: stack for stack in load_stacks(synthesized.outdir)}


@pytest.fixture(scope="session")
def dev(stacks: dict[str, DeployedStack], synthesized: SynthesizedApp) -> DeployedStack:
    return stacks[f"{synthesized.config.project}-dev"]


@pytest.fixture(scope="session")
def prod(stacks: dict[str, DeployedStack], synthesized: SynthesizedApp) -> DeployedStack:
    return stacks[f"{synthesized.config.project}-prod"]


def changed(stack: DeployedStack, edit: Callable[[dict[str, Any]], object]) -> DeployedStack:
    """A copy of `stack` whose template `edit` changed in place (the original stays as synthesized)."""
    template = copy.deepcopy(dict(stack.template))
    edit(template)
    return dataclasses.replace(stack, template=template)


def logical_id_of(stack: DeployedStack, kind: str, containing: str = "") -> str:
    """The one resource of `kind` whose logical id contains `containing`."""
    (found,) = [key for key, r in stack.resources.items() if r["Type"] == kind and containing in key]
    return found


@pytest.fixture
def stack_of(tmp_path: Path) -> Callable[..., DeployedStack]:
    """A stack made from a hand-written template (written to disk, as cfn-lint reads files)."""

    def make(resources: dict[str, Any], name: str = "items-api-dev", account: str = DEV_ACCOUNT) -> DeployedStack:
        template = {"Resources": resources}
        path = tmp_path / f"{name}.template.json"
        path.write_text(json.dumps(template))
        return DeployedStack(name, name, account, REGION, path, template)

    return make
