"""Read what the local stack serves from a synthesized stage: its REST API, the functions behind it, its tables.

Nothing about the service is hard-coded here: routes, handler, code asset, environment variables, timeout and
table schemas all come from the template, so a change in the stack shows up locally after `make synth`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cloudformation import Resolver, StackArtifact, StackEnvironment, TemplateError, find_stage_stack
from cloudformation.resolver import TABLE_TYPES
from local.template.api import ProxyIntegration, RestApiStage, read_api

log = logging.getLogger(__name__)

LAMBDA_DEFAULT_TIMEOUT = 3
LAMBDA_DEFAULT_MEMORY = 128
ASSET_PATH_METADATA = "aws:asset:path"
INDEX_KEYS = ("IndexName", "KeySchema", "Projection", "ProvisionedThroughput")
# Only these shape a table locally; encryption, backups, tags and the like are left to AWS.
TABLE_SCHEMA_KEYS = (
    "KeySchema",
    "AttributeDefinitions",
    "BillingMode",
    "ProvisionedThroughput",
    "GlobalSecondaryIndexes",
    "LocalSecondaryIndexes",
    "TimeToLiveSpecification",
)


@dataclass(frozen=True)
class FunctionSpec:
    """A Lambda function as the template defines it, with its code asset found in the assembly."""

    logical_id: str
    name: str
    arn: str
    handler: str
    runtime: str
    code_dir: Path
    environment: dict[str, str]
    timeout_seconds: int
    memory_mb: int


@dataclass(frozen=True)
class TableSpec:
    """A DynamoDB table: its local name and the CreateTable request that reproduces its schema."""

    logical_id: str
    name: str
    create_request: dict[str, Any]
    ttl_attribute: str | None = None

    @property
    def key_schema(self) -> list[dict[str, str]]:
        return self.create_request["KeySchema"]

    @classmethod
    def on_demand(cls, name: str, partition_key: str) -> TableSpec:
        """An on-demand table keyed by one string attribute (benchmarks and tests that need no template)."""
        request = {
            "TableName": name,
            "KeySchema": [{"AttributeName": partition_key, "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": partition_key, "AttributeType": "S"}],
            "BillingMode": "PAY_PER_REQUEST",
        }
        return cls(logical_id=name, name=name, create_request=request)


@dataclass(frozen=True)
class ServiceTemplate:
    """One synthesized stage as the local stack serves it."""

    artifact: StackArtifact
    environment: StackEnvironment
    api: RestApiStage
    functions: dict[str, FunctionSpec]
    tables: dict[str, TableSpec]

    @property
    def region(self) -> str:
        return self.environment.region


def _code_dir(resolver: Resolver, logical_id: str, template_dir: Path) -> Path:
    """The asset folder: from the `aws:asset:path` metadata, else from the S3 key's hash."""
    resource = resolver.resources[logical_id]
    where = f"Resources.{logical_id}.Properties.Code"
    code = resource.get("Properties", {}).get("Code", {})
    if "ZipFile" in code or "ImageUri" in code:
        raise TemplateError(where, "only code assets (Code.from_asset) are served locally, not inline code or images")
    candidates = []
    asset_path = resource.get("Metadata", {}).get(ASSET_PATH_METADATA)
    if asset_path:
        candidates.append(template_dir / asset_path)
    key = code.get("S3Key")
    if isinstance(key, str) and key.endswith(".zip"):
        candidates += [folder / f"asset.{key.removesuffix('.zip')}" for folder in (template_dir, *template_dir.parents)]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate.resolve()
    raise TemplateError(
        where, f"code asset not found (looked for {asset_path or key!r} near {template_dir}); run `make synth`"
    )


def read_function(resolver: Resolver, logical_id: str, template_dir: Path) -> FunctionSpec:
    """A function's handler, code, environment (intrinsics resolved), timeout and memory."""
    where = f"Resources.{logical_id}.Properties"
    properties = resolver.properties(logical_id)
    runtime = str(properties.get("Runtime", ""))
    if not runtime.startswith("python"):
        raise TemplateError(
            f"{where}.Runtime", f"{runtime or 'a container image'} is not served locally (Python runtimes only)"
        )
    if properties.get("Layers"):
        log.warning("%s has layers; locally its dependencies come from the virtualenv instead", logical_id)
    variables = (properties.get("Environment") or {}).get("Variables") or {}
    environment = {
        name: str(resolver.resolve(value, f"{where}.Environment.Variables.{name}")) for name, value in variables.items()
    }
    return FunctionSpec(
        logical_id=logical_id,
        name=resolver.function_name(logical_id),
        arn=resolver.function_arn(logical_id),
        handler=str(properties["Handler"]),
        runtime=runtime,
        code_dir=_code_dir(resolver, logical_id, template_dir),
        environment=environment,
        timeout_seconds=int(properties.get("Timeout", LAMBDA_DEFAULT_TIMEOUT)),
        memory_mb=int(properties.get("MemorySize", LAMBDA_DEFAULT_MEMORY)),
    )


def _index(index: dict[str, Any], provisioned: bool) -> dict[str, Any]:
    kept = {key: value for key, value in index.items() if key in INDEX_KEYS}
    if not provisioned:
        kept.pop("ProvisionedThroughput", None)
    elif "ProvisionedThroughput" not in kept:
        kept["ProvisionedThroughput"] = {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
    return kept


def read_table(resolver: Resolver, logical_id: str) -> TableSpec:
    """The CreateTable request for a table (GlobalTable resources are created as on-demand tables)."""
    where = f"Resources.{logical_id}.Properties"
    properties = {
        key: resolver.resolve(value, f"{where}.{key}")
        for key, value in resolver.properties(logical_id).items()
        if key in TABLE_SCHEMA_KEYS
    }
    is_global = resolver.resources[logical_id]["Type"] == "AWS::DynamoDB::GlobalTable"
    provisioned = not is_global and properties.get("BillingMode", "PROVISIONED") == "PROVISIONED"
    request: dict[str, Any] = {
        "TableName": resolver.table_name(logical_id),
        "KeySchema": properties["KeySchema"],
        "AttributeDefinitions": properties["AttributeDefinitions"],
        "BillingMode": "PROVISIONED" if provisioned else "PAY_PER_REQUEST",
    }
    if provisioned:
        request["ProvisionedThroughput"] = properties.get(
            "ProvisionedThroughput", {"ReadCapacityUnits": 1, "WriteCapacityUnits": 1}
        )
    for kind, keep_throughput in (("GlobalSecondaryIndexes", provisioned), ("LocalSecondaryIndexes", False)):
        if properties.get(kind):
            request[kind] = [_index(index, keep_throughput) for index in properties[kind]]
    ttl = properties.get("TimeToLiveSpecification") or {}
    return TableSpec(
        logical_id=logical_id,
        name=request["TableName"],
        create_request=request,
        ttl_attribute=ttl.get("AttributeName") if ttl.get("Enabled") else None,
    )


def _integrated_functions(api: RestApiStage) -> list[str]:
    ids = {
        method.integration.function_id
        for methods in api.routes.values()
        for method in methods.values()
        if isinstance(method.integration, ProxyIntegration)
    }
    return sorted(ids)


def load_service(assembly_dir: Path, stage_name: str) -> ServiceTemplate:
    """The stage `stage_name` of the app synthesized into `assembly_dir`."""
    artifact, template = find_stage_stack(assembly_dir, stage_name)
    defaults = StackEnvironment(stack_name=artifact.stack_name)
    environment = StackEnvironment(
        stack_name=artifact.stack_name,
        account=artifact.account or defaults.account,
        region=artifact.region or defaults.region,
    )
    resolver = Resolver(template, environment)
    api = read_api(resolver, stage_name)
    functions = {
        logical_id: read_function(resolver, logical_id, artifact.directory) for logical_id in _integrated_functions(api)
    }
    tables = {
        logical_id: read_table(resolver, logical_id)
        for logical_id, resource in resolver.resources.items()
        if resource.get("Type") in TABLE_TYPES
    }
    return ServiceTemplate(artifact=artifact, environment=environment, api=api, functions=functions, tables=tables)
