"""A synthesized stage served on this machine: the emulator behind `make run` (docs/architecture.md#local).

Layers, each a subpackage whose `__init__` is its API: `front` (HTTP) → `gateway` (API Gateway) → `workers`
(Lambda) → `database` (DynamoDB-compatible servers), all reading `template` (the stage's stack). `local.service`
composes them into `LocalService`; `local.cli` is `python -m local`.
"""
