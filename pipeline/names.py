"""Names that are part of the pipeline's contract with people and tools (console, `make releases`); no CDK import."""

from __future__ import annotations

SOURCE_ACTION = "GitHub"


def pipeline_name(project: str) -> str:
    """The console name of the pipeline, also what `make releases` reads by default."""
    return f"{project}-delivery"
