# healthops: every entry point. `bash .ci/bootstrap <target>` prepares a fresh
# machine first; on a prepared one, `make <target>` is enough.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV      := .venv
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export CONTAINERS_CONF ?= $(CURDIR)/molecule/shared/containers.conf
export ANSIBLE_CONFIG := $(CURDIR)/ansible.cfg
export ANSIBLE_FORCE_COLOR ?= 0
export PY_COLORS ?= 0
export NO_COLOR ?= 1
# A test that skips fails the run (tests/conftest.py): only the live Oracle tests, which
# need HEALTHOPS_ORACLE_DSN, may skip. HEALTHOPS_REQUIRE_ALL=0 lets skips pass.
export HEALTHOPS_REQUIRE_ALL ?= 1

LAB_HOSTS ?= 3
LAB_DB    ?= 0
SCENARIO  ?=
INVENTORY ?=
LIMIT     ?=
APPROVE   ?=
BASE      ?= origin/main
PYTEST    := $(VENV)/bin/pytest
# The suite runs on TEST_WORKERS pytest-xdist workers (2: the CI machine's cores; most of the time a
# worker waits on containers). tests/parallel.py keeps apart what must not run at once and hands the
# longest work out first.
TEST_WORKERS ?= 2
XDIST     := -n $(TEST_WORKERS) --dist loadgroup

.PHONY: help
help: ## List the targets
	@awk 'BEGIN{FS=":.*## "} /^[a-z-]+:.*## /{printf "  %-16s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r requirements.txt

.PHONY: venv
venv: $(VENV)/bin/python ## Create .venv with the pinned dependencies

.PHONY: image
image: venv ## Build (or reuse) the Debian 12 base image and the Debian 11 one (the inspection's lab test runs both)
	molecule/shared/image.sh base
	molecule/shared/image.sh base-bullseye

.PHONY: lab
lab: venv ## Start (or repair) LAB_HOSTS lab containers (default 3; LAB_DB=1 adds a PostgreSQL and a backup storage host); write inventories/lab/lab_hosts.yml and known_hosts
	LAB_HOSTS=$(LAB_HOSTS) LAB_DB=$(LAB_DB) molecule/shared/lab.sh up

.PHONY: lab-down
lab-down: ## Remove the lab containers
	molecule/shared/lab.sh down

.PHONY: known-hosts
known-hosts: venv ## Show the SSH host keys of INVENTORY's hosts (LIMIT=...) with fingerprints; add NEW ones to its known_hosts once approved (APPROVE=<review code>)
	@[ -n "$(INVENTORY)" ] || { echo "usage: make known-hosts INVENTORY=inventories/<site> [LIMIT=<hosts>] [APPROVE=<review code>]" >&2; exit 2; }
	ansible-playbook -i "$(INVENTORY)" playbooks/known_hosts.yml $(if $(LIMIT),--limit "$(LIMIT)") $(if $(APPROVE),-e known_hosts_approve="$(APPROVE)")

.PHONY: plan
plan: venv ## Change review: preview the change playbooks (tomcat.yml, patch, passwords, certificates) with --check --diff against INVENTORY (LIMIT=...); summary + full diff under plans/; exit 2 when something would change
	@[ -n "$(INVENTORY)" ] || { echo "usage: make plan INVENTORY=inventories/<site> [LIMIT=<hosts>]" >&2; exit 2; }
	bin/healthops plan -i "$(INVENTORY)" $(if $(LIMIT),--limit "$(LIMIT)")

.PHONY: plan-ci
plan-ci: venv ## CI: the plan of INVENTORY into plans/ci/ (summary.md, plan.diff), the merge request's artifact; fails only when the preview itself failed
	@[ -n "$(INVENTORY)" ] || { echo "usage: make plan-ci INVENTORY=inventories/<site> [LIMIT=<hosts>]" >&2; exit 2; }
	@rm -rf plans/ci; rc=0; bin/healthops plan -i "$(INVENTORY)" --out plans/ci $(if $(LIMIT),--limit "$(LIMIT)") || rc=$$?; \
	case $$rc in 0) echo "plan: nothing would change";; 2) echo "plan: changes pending, see plans/ci/summary.md";; *) exit 1;; esac

.PHONY: demo
demo: lab ## The main job: the weekly inspection of the lab, then the report path
	ansible-playbook playbooks/inspect.yml

.PHONY: lint
lint: venv ## ansible-lint (production profile), yamllint, ruff, vermin (target-side code on Python 3.6)
	yamllint -s .
	ruff check .
	ruff format --check .
	$(PYTEST) -q tests/unit/test_target_python.py  # target-side code: vermin, Python 3.6
	ansible-lint

.PHONY: pre-commit
pre-commit: venv ## The pre-commit hooks (.pre-commit-config.yaml: the lint above and a secret scanner) on every tracked file, offline
	$(VENV)/bin/pre-commit run --all-files --show-diff-on-failure

.PHONY: unit
unit: venv ## Unit tests (no containers, no network), on TEST_WORKERS workers
	$(PYTEST) $(XDIST) tests/unit

.PHONY: integration
integration: venv image ## Integration tests against real services and the lab, on TEST_WORKERS workers
	$(PYTEST) $(XDIST) tests/integration -m "integration and not molecule"

.PHONY: molecule
molecule: venv image ## Molecule scenarios (all, or SCENARIO=name), TEST_WORKERS at once
	$(PYTEST) $(XDIST) tests/integration -m molecule $(if $(SCENARIO),-k "$(SCENARIO)")

.PHONY: molecule-changed
molecule-changed: venv image ## Merge requests: only the Molecule scenarios exercising what changed since BASE (target branch or commit, default origin/main)
	@scenarios=$$($(VENV)/bin/python .ci/changed_scenarios.py --base "$(BASE)") || exit 1; \
	if [ -z "$$scenarios" ]; then echo "no Molecule scenario exercises what changed since $(BASE)"; exit 0; fi; \
	echo "Molecule scenarios:" $$scenarios; \
	$(PYTEST) $(XDIST) $$(printf 'tests/integration/test_molecule.py::test_scenario[%s] ' $$scenarios)

.PHONY: test
test: lint ## Everything CI runs: lint, then unit, integration and Molecule tests in one pytest run on TEST_WORKERS workers
	molecule/shared/image.sh base >/dev/null
	$(PYTEST) $(XDIST) --durations=25 tests/unit tests/integration

.PHONY: bench
bench: bench-inspect bench-switch bench-db bench-db-compare ## Every benchmark (each prints its ratio or figures against its target)

.PHONY: bench-inspect
bench-inspect: venv image ## inspect.yml against plain parallel ssh of the same probe (LAB_HOSTS=20 by default; 50 works)
	LAB_HOSTS=$(if $(filter file,$(origin LAB_HOSTS)),20,$(LAB_HOSTS)) $(VENV)/bin/python tests/bench/bench_inspect.py

.PHONY: bench-switch
bench-switch: venv ## switch_ports on a 48-port switch over SNMP (< 1 s) and SSH (< 3 s); needs root for veth/netns
	$(VENV)/bin/python tests/bench/bench_switch_ports.py

.PHONY: bench-db
bench-db: venv ## A monthly and a tuning postgres_probe run against a throwaway PostgreSQL (target < 5 s each)
	$(VENV)/bin/python tests/bench/bench_db_probe.py

.PHONY: bench-db-compare
bench-db-compare: venv ## db_compare against reladiff 0.6.0 on two 1,000,000-row PostgreSQL databases (target <= 1/4 of its time)
	$(VENV)/bin/pip install -q --disable-pip-version-check -r tests/bench/requirements.txt
	$(VENV)/bin/python tests/bench/bench_db_compare.py

.PHONY: clean
clean: lab-down ## Remove the lab, caches and reports (keeps .venv and the image cache)
	rm -rf .cache/facts .cache/state reports .pytest_cache .ruff_cache
