"""The REST API: SigV4 on every method but OPTIONS, CORS, stage variables, access logs, throttling.

The Lambda proxy integration invokes the alias named by the stage variable `lambdaAlias`, so the
stage decides which released version serves traffic; invoke permission exists for that alias only.
API Gateway writes access and execution logs with its account-level CloudWatch role, which is set once
per account and region by `make bootstrap` (bootstrap/apigateway-cloudwatch-role.json), not by this stack.
"""

from __future__ import annotations

import jsii
from aws_cdk import ArnFormat, Aws, Duration, Stack
from aws_cdk import aws_apigateway as apigw
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct
from items_api import names

from configuration import EnvironmentConfig
from stages.constructs.log_groups import service_log_group

ALIAS_STAGE_VARIABLE = "lambdaAlias"
INTEGRATION_RETRY_AFTER_SECONDS = 1
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "'*'",
    "Access-Control-Allow-Headers": "'" + ",".join(names.CORS_ALLOW_HEADERS) + "'",
    "Access-Control-Allow-Methods": "'" + ",".join(names.CORS_ALLOW_METHODS) + "'",
    "Access-Control-Expose-Headers": "'" + ",".join(names.CORS_EXPOSE_HEADERS) + "'",
}
# Parameters API Gateway validates before calling the function; the body is validated by the function.
REQUEST_PARAMETERS = {
    ("GET", names.ITEMS_PATH): {"method.request.querystring.limit": False, "method.request.querystring.cursor": False},
    ("POST", names.ITEMS_PATH): {"method.request.header.Idempotency-Key": False},
    ("GET", names.ITEM_PATH): {"method.request.path.id": True},
    ("PUT", names.ITEM_PATH): {"method.request.path.id": True, "method.request.header.If-Match": False},
    ("DELETE", names.ITEM_PATH): {"method.request.path.id": True, "method.request.header.If-Match": False},
}


@jsii.implements(apigw.IAccessLogDestination)
class LogGroupArnDestination:
    """Access logs to a log group named by its plain ARN, the form API Gateway documents
    (`arn:aws:logs:{region}:{account-id}:log-group:{log-group-name}`), not the log group's `Arn` attribute, which
    ends in `:*`."""

    def __init__(self, log_group: logs.ILogGroup) -> None:
        self._log_group = log_group

    def bind(self, stage: apigw.IStage) -> apigw.AccessLogDestinationConfig:
        arn = Stack.of(stage).format_arn(
            service="logs",
            resource="log-group",
            resource_name=self._log_group.log_group_name,
            arn_format=ArnFormat.COLON_RESOURCE_NAME,
        )
        return apigw.AccessLogDestinationConfig(destination_arn=arn)


class ItemsApi(Construct):
    """Regional REST API with a Lambda proxy integration through the `lambdaAlias` stage variable."""

    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        project: str,
        environment: EnvironmentConfig,
        function: lambda_.IFunction,
        alias: lambda_.Alias,
    ) -> None:
        super().__init__(scope, construct_id)
        self.access_logs = service_log_group(self, "AccessLogs", environment)
        self.api = apigw.RestApi(
            self,
            "Api",
            rest_api_name=f"{project}-{environment.name}",
            description=f"Items API ({environment.name})",
            endpoint_types=[apigw.EndpointType.REGIONAL],
            cloud_watch_role=False,
            deploy_options=self._stage_options(environment, alias.alias_name),
            default_cors_preflight_options=apigw.CorsOptions(
                allow_origins=apigw.Cors.ALL_ORIGINS,
                allow_methods=list(names.CORS_ALLOW_METHODS),
                allow_headers=list(names.CORS_ALLOW_HEADERS),
                max_age=Duration.seconds(names.CORS_MAX_AGE_SECONDS),
            ),
            default_method_options=apigw.MethodOptions(authorization_type=apigw.AuthorizationType.IAM),
        )
        self.stage_name = environment.name
        # The stack outputs the URL under a stable name (ApiUrl); RestApi's own hashed-name copy would be a second one.
        self.api.node.try_remove_child("Endpoint")
        self._add_gateway_responses()
        self.methods = self._add_routes(function, alias)

    def _add_gateway_responses(self) -> None:
        for response_type in (apigw.ResponseType.DEFAULT_4_XX, apigw.ResponseType.DEFAULT_5_XX):
            self.api.add_gateway_response(f"Gateway{response_type.response_type}", type=response_type,
                                          response_headers=CORS_HEADERS)  # fmt: skip
        # The function throttled at its reserved concurrency (or otherwise not invoked): a dependency that is
        # momentarily unavailable, so 503 with Retry-After, not the 500 API Gateway would answer.
        self.api.add_gateway_response(
            "GatewayIntegrationFailure",
            type=apigw.ResponseType.INTEGRATION_FAILURE,
            status_code="503",
            response_headers={**CORS_HEADERS, "Retry-After": f"'{INTEGRATION_RETRY_AFTER_SECONDS}'"},
            templates={"application/json": '{"message": "service temporarily unavailable, retry later"}'},
        )

    def _add_routes(self, function: lambda_.IFunction, alias: lambda_.Alias) -> list[apigw.Method]:
        """Every route proxies to the alias the stage variable names; each may invoke it from its own path only."""
        validator = self.api.add_request_validator("Parameters", validate_request_parameters=True)
        integration = apigw.Integration(
            type=apigw.IntegrationType.AWS_PROXY,
            integration_http_method="POST",
            uri=(
                f"arn:{Aws.PARTITION}:apigateway:{Aws.REGION}:lambda:path/2015-03-31/functions/"
                f"{function.function_arn}:${{stageVariables.{ALIAS_STAGE_VARIABLE}}}/invocations"
            ),
        )
        resources = {names.ITEMS_PATH: self.api.root.add_resource("items")}
        resources[names.ITEM_PATH] = resources[names.ITEMS_PATH].add_resource("{id}")
        methods: list[apigw.Method] = []
        for path, route_methods in names.ROUTES.items():
            for http_method in route_methods:
                methods.append(
                    resources[path].add_method(
                        http_method,
                        integration,
                        request_validator=validator,
                        request_parameters=REQUEST_PARAMETERS[(http_method, path)],
                    )
                )
                alias.add_permission(
                    f"Invoke{http_method}{path.replace('/', '').replace('{id}', 'Item').title()}",
                    principal=iam.ServicePrincipal("apigateway.amazonaws.com"),
                    source_arn=self.api.arn_for_execute_api(http_method, execute_api_path(path), self.stage_name),
                )
        return methods

    def _stage_options(self, environment: EnvironmentConfig, alias_name: str) -> apigw.StageOptions:
        return apigw.StageOptions(
            stage_name=environment.name,
            variables={"environment": environment.name, ALIAS_STAGE_VARIABLE: alias_name},
            access_log_destination=LogGroupArnDestination(self.access_logs),
            access_log_format=apigw.AccessLogFormat.json_with_standard_fields(
                caller=True,
                http_method=True,
                ip=True,
                protocol=True,
                request_time=True,
                resource_path=True,
                response_length=True,
                status=True,
                user=True,
            ),
            logging_level=apigw.MethodLoggingLevel[environment.api_execution_log_level],
            data_trace_enabled=environment.api_data_trace,
            tracing_enabled=True,
            metrics_enabled=True,
            throttling_rate_limit=environment.api_rate_limit,
            throttling_burst_limit=environment.api_burst_limit,
        )

    def grant_invoke(self, grantee: iam.IGrantable) -> None:
        """execute-api:Invoke on this API's methods in this stage, and nothing else."""
        arns = [
            self.api.arn_for_execute_api(method, execute_api_path(path), self.stage_name)
            for path, methods in names.ROUTES.items()
            for method in methods
        ]
        iam.Grant.add_to_principal(grantee=grantee, actions=["execute-api:Invoke"], resource_arns=sorted(set(arns)))


def execute_api_path(path: str) -> str:
    """An execute-api ARN path: path parameters become `*`, as API Gateway matches them."""
    return "/".join("*" if part.startswith("{") else part for part in path.split("/"))
