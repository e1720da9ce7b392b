"""A stage's stack as the local stage reads it from the cloud assembly: functions, tables and the REST API.

What `__all__` names is the package's API: other packages import these, never its modules.
"""

from local.template.api import GatewayResponse, MappedHeader, Method, MockIntegration, ProxyIntegration, RestApiStage
from local.template.service import FunctionSpec, ServiceTemplate, TableSpec, load_service

__all__ = [
    "FunctionSpec",
    "GatewayResponse",
    "MappedHeader",
    "Method",
    "MockIntegration",
    "ProxyIntegration",
    "RestApiStage",
    "ServiceTemplate",
    "TableSpec",
    "load_service",
]
