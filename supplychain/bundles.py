"""The Lambda code each API stage of a synthesized app deploys: the function asset folders in the cloud assembly.

The folders are found the way the local stack finds them (the template's `aws:asset:path` metadata), so the SBOM
and the audit describe the bundle that is zipped and deployed, not the requirements file it was built from.
"""

from __future__ import annotations

from pathlib import Path

from cloudformation import AssemblyError, TemplateError, stack_artifacts, stage_names
from local.template import load_service

BUNDLE_ERRORS = (AssemblyError, TemplateError)


def function_bundles(assembly: Path) -> dict[str, Path]:
    """Each stage's function asset folder keyed by stage name (`<stage>-<logical id>` when a stage has several)."""
    stages = sorted({name for artifact in stack_artifacts(assembly) for name in stage_names(artifact.load_template())})
    bundles: dict[str, Path] = {}
    for stage in stages:
        functions = load_service(assembly, stage).functions
        for logical_id, function in sorted(functions.items()):
            bundles[stage if len(functions) == 1 else f"{stage}-{logical_id}"] = function.code_dir
    if not bundles:
        raise AssemblyError(f"no API stage with a function in {assembly}: synthesize the app first (`make synth`)")
    return bundles
