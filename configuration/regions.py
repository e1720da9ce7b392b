"""The AWS regions an environment may name: those of AWS's published partitions data (botocore's partitions.json),
so a typo fails when the configuration loads, not at deploy, and without importing aws_cdk."""

from __future__ import annotations

from functools import cache

from botocore.loaders import create_loader


@cache
def known_regions() -> frozenset[str]:
    partitions = create_loader().load_data("partitions")["partitions"]
    # "aws-global" and its kind are endpoint pseudo-regions, not places a stack can deploy to.
    return frozenset(
        region for partition in partitions for region in partition["regions"] if not region.endswith("-global")
    )


def check_region(value: str) -> str:
    """A pydantic after-validator: the region must be one AWS publishes."""
    if value not in known_regions():
        raise ValueError(f"is not a known AWS region ({value!r})")
    return value
