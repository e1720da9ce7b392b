"""Rehearsals of what the pipeline's own tools do with the real cloud assembly, run here at the pinned versions.

`python -m rehearsal.assets --assembly cdk.out` runs the Assets step's exact commands with the locked cdk-assets
against a local S3 and STS stand-in (moto's server), and reads the assembly with the locked CDK CLI.
"""
