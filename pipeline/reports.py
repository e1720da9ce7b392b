"""Test reports: one CodeBuild report group per suite (JUnit XML from pytest), written only by the project that runs it.

The buildspec names each report group by its ARN, so CodeBuild never creates one. The projects CodeBuild and CDK
Pipelines create also get a grant to create and write report groups named `<project>-*` (CodeBuild's default for a
buildspec that names a report group that does not exist); none of them needs it, so it is removed from their
policies and each project keeps exactly the write grant on its own suite's group.
"""

from __future__ import annotations

from aws_cdk import RemovalPolicy, Stack
from aws_cdk import aws_codebuild as codebuild
from aws_cdk import aws_iam as iam
from constructs import Construct

from pipeline.policy_filter import Statement, WithoutStatements, statement_actions
from stages.children import default_child

REPORT_DIRECTORY = "reports"
JUNIT_FORMAT = "JUNITXML"
UNIT_REPORT = "unit-tests"
# Only CodeBuild's own project grant holds this action: a project whose buildspec names its groups by ARN never
# creates one.
CREATE_REPORT_GROUP = "codebuild:CreateReportGroup"


class TestReports(Construct):
    """The report groups of the pipeline's test suites: kept like the artifact bucket (retained), exported nowhere.

    CodeBuild keeps each run's results and the trends for 30 days in the console; the raw JUnit files add nothing
    an export to S3 would be needed for.
    """

    def __init__(self, scope: Construct, construct_id: str, *, project: str, suites: list[str]) -> None:
        super().__init__(scope, construct_id)
        self._stack = Stack.of(self)
        self.groups = {
            suite: codebuild.ReportGroup(
                self,
                "".join(part.title() for part in suite.split("-")),
                report_group_name=f"{project}-{suite}",
                type=codebuild.ReportGroupType.TEST,
                # Kept with its reports when the pipeline is deleted, but not by a failed create (its name is fixed).
                removal_policy=RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
            )
            for suite in [UNIT_REPORT, *suites]
        }

    def arn(self, suite: str) -> str:
        """The group's ARN as a plain string (the buildspec stays readable JSON; the grant orders the deploy)."""
        name = default_child(self.groups[suite], codebuild.CfnReportGroup).name
        return self._stack.format_arn(service="codebuild", resource="report-group", resource_name=name)

    def build_spec(self, suite: str) -> codebuild.BuildSpec:
        """The buildspec part that uploads the suite's JUnit file to its report group."""
        return codebuild.BuildSpec.from_object(
            {
                "reports": {
                    self.arn(suite): {
                        "files": [junit_file(suite)],
                        "base-directory": REPORT_DIRECTORY,
                        "file-format": JUNIT_FORMAT,
                    }
                }
            }
        )

    def grant_write(self, suite: str, project: codebuild.IProject) -> None:
        """CreateReport, UpdateReport and BatchPutTestCases on this suite's group only."""
        self.groups[suite].grant_write(project)


def api_suite(environment: str, *, production: bool) -> str:
    """The report suite of an environment's API tests: the whole suite before an approval, smoke tests after."""
    return f"{environment}-{'smoke' if production else 'integration'}-tests"


def junit_file(suite: str) -> str:
    return f"{suite}.xml"


def junit_option(suite: str) -> str:
    """The pytest option that writes the suite's report where its buildspec uploads it from."""
    return f"--junitxml={REPORT_DIRECTORY}/{junit_file(suite)}"


def _creates_report_groups(statement: Statement) -> bool:
    return CREATE_REPORT_GROUP in statement_actions(statement)


def remove_report_group_creation(stack: Stack) -> None:
    """Drop CodeBuild's default report-group grant from the policy of every CodeBuild project role in `stack`."""
    policies = {
        policy.node.path: policy
        for project in stack.node.find_all()
        if isinstance(project, codebuild.Project) and project.role is not None
        for policy in [project.role.node.try_find_child("DefaultPolicy")]
        if isinstance(policy, iam.Policy)
    }  # keyed by construct path: the asset projects share one role
    for policy in policies.values():
        default_child(policy, iam.CfnPolicy).policy_document = WithoutStatements(
            policy.document, _creates_report_groups, "PolicyDocumentWithoutReportGroupCreation"
        )
