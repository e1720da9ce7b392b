"""LP8: buckets and topics deny requests without TLS."""

from __future__ import annotations

import pytest
from aws_cdk import RemovalPolicy
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_sns as sns

LP8 = "LeastPrivilege-LP8"


@pytest.fixture(scope="module")
def report(nag_app, case_stack, synth):
    s3.Bucket(case_stack("SslBucket"), "Bucket", enforce_ssl=True, removal_policy=RemovalPolicy.DESTROY)
    s3.Bucket(case_stack("PlainBucket"), "Bucket", removal_policy=RemovalPolicy.DESTROY)
    sns.Topic(case_stack("SslTopic"), "Topic", enforce_ssl=True)
    sns.Topic(case_stack("PlainTopic"), "Topic")
    bucket = s3.Bucket(case_stack("PolicyWithoutSslDeny"), "Bucket", removal_policy=RemovalPolicy.DESTROY)
    bucket.add_to_resource_policy(
        iam.PolicyStatement(  # the shape of the SSL deny, but an Allow without the condition
            actions=["s3:*"],
            principals=[iam.AnyPrincipal()],
            resources=[bucket.bucket_arn, bucket.arn_for_objects("*")],
        )
    )
    return synth(nag_app)


def test_bucket_that_enforces_ssl_passes(report):
    assert report.rule_findings_under("SslBucket", "LP8") == set()


def test_bucket_without_ssl_policy_is_reported(report):
    assert (LP8, "PlainBucket/Bucket/Resource") in report.violations


def test_topic_that_enforces_ssl_passes(report):
    assert report.rule_findings_under("SslTopic", "LP8") == set()


def test_topic_without_ssl_policy_is_reported(report):
    assert (LP8, "PlainTopic/Topic/Resource") in report.violations


def test_bucket_policy_without_an_ssl_deny_is_reported(report):
    assert (LP8, "PolicyWithoutSslDeny/Bucket/Resource") in report.violations
