"""Resolve the CloudFormation intrinsics of a synthesized stack (Ref, Fn::GetAtt, Fn::Join, ...) to concrete values.

Physical names are derived the way CloudFormation derives them, minus its random suffix, so that they are
stable across restarts (the emulator's persisted tables are found again): `<stack name>-<logical id>`, unless the
template sets an explicit name. The verifier extends it with CloudFormation's suffixes (verify/names.py).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from typing import Any

from cloudformation.intrinsics import get_att_parts, sub_pieces

PSEUDO_PARAMETERS = (
    "AWS::Region",
    "AWS::AccountId",
    "AWS::Partition",
    "AWS::StackName",
    "AWS::StackId",
    "AWS::URLSuffix",
)
DEFAULT_ACCOUNT = "000000000000"
DEFAULT_REGION = "us-east-1"
TABLE_TYPES = ("AWS::DynamoDB::Table", "AWS::DynamoDB::GlobalTable")


class TemplateError(ValueError):
    """The template uses something that cannot be resolved offline; the message names the template key."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class StackEnvironment:
    """What pseudo parameters resolve to, and the prefix of generated physical names."""

    stack_name: str
    account: str = DEFAULT_ACCOUNT
    region: str = DEFAULT_REGION
    partition: str = "aws"

    @property
    def stack_id(self) -> str:
        """A stack ARN as CloudFormation forms it, its unique part fixed per account, region and stack name."""
        unique = uuid.uuid5(uuid.NAMESPACE_URL, f"{self.account}/{self.region}/{self.stack_name}")
        return f"arn:{self.partition}:cloudformation:{self.region}:{self.account}:stack/{self.stack_name}/{unique}"


class Resolver:
    """Turns template values into plain strings, failing with the key path when it cannot."""

    def __init__(self, template: dict[str, Any], environment: StackEnvironment) -> None:
        self.resources: dict[str, Any] = template.get("Resources", {})
        self.parameters: dict[str, Any] = template.get("Parameters", {})
        self.environment = environment

    def resource(self, logical_id: str, where: str) -> dict[str, Any]:
        if logical_id not in self.resources:
            raise TemplateError(where, f"refers to {logical_id!r}, which is not a resource of this stack")
        return self.resources[logical_id]

    def properties(self, logical_id: str) -> dict[str, Any]:
        return self.resources[logical_id].get("Properties", {})

    # Physical names and ids -------------------------------------------------------------------------

    def _generated_name(self, logical_id: str, explicit_property: str, limit: int) -> str:
        explicit = self.properties(logical_id).get(explicit_property)
        if explicit is not None:
            return str(self.resolve(explicit, f"Resources.{logical_id}.Properties.{explicit_property}"))
        return f"{self.environment.stack_name}-{logical_id}"[:limit]

    def table_name(self, logical_id: str) -> str:
        return self._generated_name(logical_id, "TableName", 255)

    def function_name(self, logical_id: str) -> str:
        return self._generated_name(logical_id, "FunctionName", 64)

    def function_arn(self, logical_id: str) -> str:
        env = self.environment
        return f"arn:{env.partition}:lambda:{env.region}:{env.account}:function:{self.function_name(logical_id)}"

    def table_arn(self, logical_id: str) -> str:
        env = self.environment
        return f"arn:{env.partition}:dynamodb:{env.region}:{env.account}:table/{self.table_name(logical_id)}"

    def api_id(self, logical_id: str) -> str:
        """A stable 10-character id shaped like API Gateway's."""
        digest = hashlib.sha256(f"{self.environment.stack_name}/{logical_id}".encode()).hexdigest()
        return digest[:10]

    # Intrinsics -------------------------------------------------------------------------------------

    def resolve(self, value: Any, where: str) -> Any:
        if isinstance(value, list):
            return [self.resolve(item, f"{where}[{index}]") for index, item in enumerate(value)]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, argument),) = value.items()
            if key == "Ref":
                return self.ref(argument, where)
            if key.startswith("Fn::"):
                return self._function(key, argument, where)
        return {key: self.resolve(item, f"{where}.{key}") for key, item in value.items()}

    def _function(self, name: str, argument: Any, where: str) -> Any:
        if name == "Fn::GetAtt":
            return self.get_att(*get_att_parts(argument), where)
        if name == "Fn::Join":
            delimiter, items = argument
            return delimiter.join(str(item) for item in self.resolve(items, where))
        if name == "Fn::Sub":
            return self._sub(argument, where)
        if name == "Fn::Select":
            index, items = argument
            return self.resolve(items, where)[int(self.resolve(index, where))]
        if name == "Fn::Split":
            delimiter, text = argument
            return str(self.resolve(text, where)).split(delimiter)
        raise TemplateError(where, f"cannot resolve {{{name!r}: ...}} locally")

    def _sub(self, argument: Any, where: str) -> str:
        return "".join(str(self.resolve(piece, where)) for piece in sub_pieces(argument))

    def ref(self, name: str, where: str) -> str:
        env = self.environment
        pseudo = {
            "AWS::Region": env.region,
            "AWS::AccountId": env.account,
            "AWS::Partition": env.partition,
            "AWS::StackName": env.stack_name,
            "AWS::StackId": env.stack_id,
            "AWS::URLSuffix": "amazonaws.com",
        }
        if name in pseudo:
            return pseudo[name]
        if name in self.parameters:
            return self._parameter(name, where)
        kind = self.resource(name, where).get("Type")
        physical_ids = {
            "AWS::DynamoDB::Table": self.table_name,
            "AWS::DynamoDB::GlobalTable": self.table_name,
            "AWS::Lambda::Function": self.function_name,
            "AWS::Lambda::Alias": lambda logical_id: self._alias_arn(logical_id, where),
            "AWS::ApiGateway::RestApi": self.api_id,
            "AWS::ApiGateway::Stage": lambda logical_id: str(self.properties(logical_id)["StageName"]),
        }
        if kind not in physical_ids:
            raise TemplateError(where, f"cannot resolve {{'Ref': {name!r}}} ({kind}) locally")
        return physical_ids[kind](name)

    def _alias_arn(self, logical_id: str, where: str) -> str:
        env = self.environment
        function = str(self.resolve(self.properties(logical_id)["FunctionName"], where))
        if not function.startswith("arn:"):
            function = f"arn:{env.partition}:lambda:{env.region}:{env.account}:function:{function}"
        return f"{function}:{self.resolve(self.properties(logical_id)['Name'], where)}"

    def _parameter(self, name: str, where: str) -> str:
        parameter = self.parameters[name]
        if "Default" not in parameter or str(parameter.get("Type", "String")).startswith("AWS::"):
            raise TemplateError(where, f"refers to parameter {name!r}, which has no local value")
        return str(parameter["Default"])

    def get_att(self, logical_id: str, attribute: str, where: str) -> str:
        kind = self.resource(logical_id, where).get("Type")
        if kind in TABLE_TYPES and attribute == "Arn":
            return self.table_arn(logical_id)
        if (kind, attribute) == ("AWS::Lambda::Function", "Arn"):
            return self.function_arn(logical_id)
        if (kind, attribute) == ("AWS::Lambda::Version", "Version"):
            return "$LATEST"
        raise TemplateError(where, f"cannot resolve {{'Fn::GetAtt': [{logical_id!r}, {attribute!r}]}} ({kind}) locally")
