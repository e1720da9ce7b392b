"""Where the project's own files are: the one definition every package and tool starts from (no CDK import)."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CDK_JSON = PROJECT_ROOT / "cdk.json"
RUNTIME_DIR = PROJECT_ROOT / "runtime"  # the Lambda bundle's root: `items_api` and `release_hooks` import from here
NODE_MODULES = PROJECT_ROOT / "node_modules"
DEFAULT_ASSEMBLY = PROJECT_ROOT / "cdk.out"
LOCAL_DIR = PROJECT_ROOT / ".local"  # what local runs keep: data, bench results, screenshots
