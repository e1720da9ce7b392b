"""The app's configuration: one closed, typed model of cdk.json's context, and the one reader of it.

`load_project_config()` reads cdk.json (tools, the local stack, tests); `load_config(context)` reads a context that
the CDK app was given (synth, with `-c` overrides). Neither imports aws_cdk. A wrong key or value raises ConfigError,
whose message names the key's path, the problem and an example; `reported()` turns it into an exit without a
traceback. `cdk.schema.json` is this model as JSON Schema, for editors (python -m configuration.schema).
"""

from configuration.aws_names import (
    api_test_role_name,
    api_test_runner_role_name,
    drift_check_role_name,
    drift_reader_role_name,
    pipeline_role_name,
    role_boundary_name,
    stack_check_role_names,
    stack_reader_role_name,
    stage_id,
)
from configuration.context import MAX_BAKE_MINUTES, LoadTestConfig, PermissionsCheck, ProjectContext, ReleaseControls
from configuration.errors import ConfigError
from configuration.loading import (
    context_overrides,
    load_config,
    load_project_config,
    project_context,
    reported,
)
from configuration.model import AppConfig, EnvironmentConfig, SourceConfig, WaveConfig
from configuration.paths import CDK_JSON
from configuration.settings import AUTOSCALING_TARGET_UTILIZATION_PERCENT, LogLevel, SyntheticsConfig

__all__ = [
    "AUTOSCALING_TARGET_UTILIZATION_PERCENT",
    "CDK_JSON",
    "MAX_BAKE_MINUTES",
    "AppConfig",
    "ConfigError",
    "EnvironmentConfig",
    "LoadTestConfig",
    "LogLevel",
    "PermissionsCheck",
    "ProjectContext",
    "ReleaseControls",
    "SourceConfig",
    "SyntheticsConfig",
    "WaveConfig",
    "api_test_role_name",
    "api_test_runner_role_name",
    "context_overrides",
    "drift_check_role_name",
    "drift_reader_role_name",
    "load_config",
    "load_project_config",
    "pipeline_role_name",
    "project_context",
    "reported",
    "role_boundary_name",
    "stack_check_role_names",
    "stack_reader_role_name",
    "stage_id",
]
