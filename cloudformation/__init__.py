"""Read CloudFormation offline: intrinsic values (what they refer to, what they resolve to) and cloud assemblies.

No CDK import: the emulator (local/), the offline gate (verify/), the cdk-nag rules (guardrails/) and the supply-chain
checks read templates through this package, so each intrinsic has one reading.
"""

from cloudformation.assembly import (
    AssemblyError,
    StackArtifact,
    find_stage_stack,
    stack_artifacts,
    stage_names,
)
from cloudformation.intrinsics import (
    PSEUDO_PREFIX,
    as_list,
    get_att_parts,
    imports,
    referenced_ids,
    references,
    render,
    sub_parts,
    sub_pieces,
    sub_variable,
    target_of,
)
from cloudformation.resolver import DEFAULT_ACCOUNT, DEFAULT_REGION, Resolver, StackEnvironment, TemplateError

__all__ = [
    "DEFAULT_ACCOUNT",
    "DEFAULT_REGION",
    "PSEUDO_PREFIX",
    "AssemblyError",
    "Resolver",
    "StackArtifact",
    "StackEnvironment",
    "TemplateError",
    "as_list",
    "find_stage_stack",
    "get_att_parts",
    "imports",
    "referenced_ids",
    "references",
    "render",
    "stack_artifacts",
    "stage_names",
    "sub_parts",
    "sub_pieces",
    "sub_variable",
    "target_of",
]
