"""docs/architecture.md's import rules as data, and the reader that checks every module's imports against them (ast).

A module's layer is its top-level package, except: the runtime's bundles (`runtime/items_api`, `runtime/release_hooks`)
are the layers `items_api` and `release_hooks`, as Lambda imports them; `verify/change_check/` is the layer
`change_check`; tests are `tests`. Only imports of our own packages are judged, plus the third-party packages a
layer must not load (CDK in the runtime and in verify).
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# Layer -> the layers of ours it may import (itself always allowed).
ALLOWED: dict[str, frozenset[str]] = {
    "configuration": frozenset(),
    "cloudformation": frozenset(),
    "iam": frozenset({"cloudformation"}),
    "items_api": frozenset(),
    "release_hooks": frozenset(),
    "apiclient": frozenset(),
    "canary": frozenset(),
    "stages": frozenset({"configuration", "items_api", "canary", "guardrails"}),
    "pipeline": frozenset({"configuration", "stages", "cloudformation"}),
    "guardrails": frozenset({"cloudformation", "iam"}),
    "local": frozenset({"configuration", "cloudformation", "items_api", "release_hooks"}),
    "verify": frozenset({"configuration", "cloudformation", "iam"}),
    "change_check": frozenset({"configuration", "cloudformation", "verify"}),
    "rehearsal": frozenset({"configuration", "cloudformation", "pipeline"}),
    "reliability": frozenset({"configuration", "cloudformation", "local", "apiclient"}),
    "bench": frozenset(
        {"configuration", "local", "items_api", "apiclient", "reliability", "stages", "app", "cloudformation"}
    ),
    "supplychain": frozenset({"configuration", "cloudformation", "local"}),
    "tools": frozenset({"configuration", "items_api", "pipeline"}),
    "app": frozenset({"configuration", "guardrails", "pipeline", "stages"}),
}
OURS = frozenset(ALLOWED) | {"runtime", "tests"}
# Third-party packages a layer must not import: the runtime runs in Lambda, verify is a tool without CDK.
CDK = frozenset({"aws_cdk", "constructs", "cdk_nag", "jsii", "cdk_monitoring_constructs"})
FORBIDDEN_THIRD_PARTY: dict[str, frozenset[str]] = {
    "items_api": CDK,
    "release_hooks": CDK,
    "verify": CDK,
    "change_check": CDK,
    "cloudformation": CDK,
    "iam": CDK,
    "configuration": CDK,
}
# local's subpackages, top to bottom: each may import the ones listed (through their package, never a module).
LOCAL_LAYERS: dict[str, frozenset[str]] = {
    "front": frozenset({"gateway", "template"}),
    "gateway": frozenset({"workers", "template"}),
    "workers": frozenset({"template"}),
    "database": frozenset({"template"}),
    "template": frozenset(),
}
PACKAGES = ("configuration", "cloudformation", "iam", "runtime", "stages", "pipeline", "guardrails", "local", "verify")
PACKAGES += ("rehearsal", "reliability", "bench", "supplychain", "apiclient", "canary", "tools", "tests")
SKIPPED = ("tests/unit/supplychain/fixtures/",)


@dataclass(frozen=True)
class Module:
    """One source file: its path relative to the project, its dotted name, and what it imports (dotted)."""

    path: str
    name: str
    imports: tuple[str, ...]


def layer_of(name: str) -> str:
    parts = name.split(".")
    if parts[0] == "runtime" and len(parts) > 1:
        return parts[1]
    if parts[:2] == ["verify", "change_check"]:
        return "change_check"
    return parts[0]


def _imports(tree: ast.AST, package: str) -> Iterator[str]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                prefix = ".".join([*base, node.module] if node.module else base)
            else:
                prefix = node.module or ""
            yield prefix
            yield from (f"{prefix}.{alias.name}" for alias in node.names)


def read_modules(root: Path, packages: Iterable[str] = PACKAGES) -> list[Module]:
    """Every Python module of the named packages (and app.py) under `root`, with its imports."""
    files = [root / "app.py"] if (root / "app.py").exists() else []
    for package in packages:
        files += sorted((root / package).rglob("*.py"))
    modules = []
    for file in files:
        relative = file.relative_to(root).as_posix()
        if relative.startswith(SKIPPED):
            continue
        parts = relative.removesuffix(".py").split("/")
        if parts[-1] == "__init__":
            parts = parts[:-1]
        name = ".".join(parts[1:] if parts[0] == "runtime" and len(parts) > 1 else parts)
        package = name if file.name == "__init__.py" else name.rpartition(".")[0]
        tree = ast.parse(file.read_text(), filename=str(file))
        modules.append(Module(relative, name, tuple(dict.fromkeys(_imports(tree, package)))))
    return modules


def _own_subpackage(module: Module) -> str | None:
    parts = module.name.split(".")
    return parts[1] if parts[0] == "local" and len(parts) > 1 and parts[1] in LOCAL_LAYERS else None


def _local_violation(module: Module, imported: str) -> str | None:
    """local's layering: a subpackage's modules are reached only through its package, and only downwards."""
    parts = imported.split(".")
    if parts[0] != "local" or len(parts) < 2 or parts[1] not in LOCAL_LAYERS:
        return None
    own = _own_subpackage(module)
    if own == parts[1] or module.path.startswith("tests/unit/local/"):
        return None
    if len(parts) > 2:
        return f"imports local's internal module {imported} (import from local.{parts[1]}, its API)"
    if own is not None and parts[1] not in LOCAL_LAYERS[own]:
        return f"local.{own} may not import local.{parts[1]} (local's layers)"
    return None


def violations(modules: Iterable[Module]) -> list[str]:
    """Every import that docs/architecture.md's rules do not allow, as `path: problem`."""
    modules = list(modules)
    module_names = {module.name for module in modules}
    found: list[str] = []
    for module in modules:
        source = layer_of(module.name)
        for imported in module.imports:
            top = imported.split(".")[0]
            if top in FORBIDDEN_THIRD_PARTY.get(source, ()):
                found.append(f"{module.path}: {source} may not import {top}")
            if top == "runtime":
                found.append(f"{module.path}: imports {imported}; the runtime's one import name is without `runtime.`")
                continue
            target = layer_of(imported)
            if top in OURS and source not in ("tests", target) and target not in ALLOWED.get(source, ()):
                found.append(f"{module.path}: {source} may not import {target} ({imported})")
            judged = imported in module_names or imported.count(".") == 1  # a subpackage, or a module of one
            problem = _local_violation(module, imported) if judged else None
            if problem:
                found.append(f"{module.path}: {problem}")
    return sorted(set(found))


ROOT_NAMES = frozenset({"PROJECT_ROOT", "ROOT"})  # assigned from `__file__`: a root of its own
PATHS_MODULE = "configuration/paths.py"
# Scripts run by path (`python bench/cold_start.py`) find the project before they can import it.
ROOT_FINDERS = frozenset({"bench/cold_start.py"})


def root_definitions(root: Path, packages: Iterable[str] = PACKAGES) -> list[str]:
    """Modules outside the tests that define the project's root themselves instead of importing configuration.paths."""
    found = []
    for package in packages:
        for file in sorted((root / package).rglob("*.py")):
            relative = file.relative_to(root).as_posix()
            if relative.startswith("tests/") or relative in ROOT_FINDERS or relative == PATHS_MODULE:
                continue
            for node in ast.parse(file.read_text()).body:
                targets = node.targets if isinstance(node, ast.Assign) else []
                named = any(isinstance(target, ast.Name) and target.id in ROOT_NAMES for target in targets)
                if named and "__file__" in ast.unparse(node.value):
                    found.append(f"{relative}:{node.lineno}")
    return found
