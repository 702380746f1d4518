# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run both database probe modules share (``oracle_probe``, ``postgres_probe``).

A module gives its driver calls as one function, ``inspect(ctx, started, server)``: it connects,
runs the catalogue and returns whether it connected and the checks. ``run_probe`` does the rest
the same way for both engines: merge the thresholds, load the state of the previous run, add the
score and the diff, keep the state (only after a real connection and outside check mode), scrub the
connection's secrets out of everything returned. ``probe_main`` is the modules' ``main``.

Standard library only, Python >= 3.6: the probes run on the controller by default (delegated to
localhost), but a module's code is target-side and may run on a managed host's interpreter.
"""

import datetime as dt
import time
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple

from ansible.module_utils.basic import AnsibleModule, missing_required_lib
from ansible.module_utils.healthops.common.result import ERROR, count_statuses
from ansible.module_utils.healthops.common.thresholds import merge_thresholds, validate_thresholds
from ansible.module_utils.healthops.db.catalogue import QueryError, Result, Row
from ansible.module_utils.healthops.db.context import Check, EvalContext, check
from ansible.module_utils.healthops.db.parameters import validate_recommendations
from ansible.module_utils.healthops.db.scrub import scrub_data
from ansible.module_utils.healthops.db.state import finish_run, load_state, save_state_checks, state_path

# (connected, checks) of one connection's work; ``server`` is filled in on the way.
Inspect = Callable[[EvalContext, float, Dict[str, Any]], Tuple[bool, List[Check]]]


def option_errors(
    options: Mapping[str, Any], catalogue: Mapping[str, Mapping[str, Any]], positive: Sequence[str]
) -> List[str]:
    """Messages for the options every probe takes: thresholds, recommendations, positive numbers."""
    errors = validate_thresholds(options.get("thresholds") or {}, catalogue, "thresholds")
    errors += validate_recommendations(options.get("parameter_recommendations") or {}, "parameter_recommendations")
    for name in positive:
        if (options.get(name) or 0) <= 0:
            errors.append(f"{name} must be a positive number, got {options.get(name)!r}")
    return errors


def run_probe(
    options: Mapping[str, Any],
    engine: str,
    prefix: str,
    catalogue: Mapping[str, Mapping[str, Any]],
    key: str,
    evaluation_options: Mapping[str, Any],
    secrets: Sequence[str],
    inspect: Inspect,
    check_mode: bool = False,
    now: Optional[dt.datetime] = None,
) -> Dict[str, Any]:
    """Run ``inspect`` with the state of the previous run; the module's result without ``changed``.

    ``key`` names the target in the state file (never with a secret in it); ``evaluation_options``
    are what the evaluators read from ``ctx.options``.
    """
    started = time.monotonic()
    profile = options["profile"]
    thresholds = merge_thresholds(catalogue, options.get("thresholds") or {})
    path = state_path(options["state_dir"], engine, key) if options.get("state_dir") else None
    ctx = EvalContext(
        thresholds=thresholds,
        now=now or dt.datetime.now(dt.timezone.utc),
        state=load_state(path) if path else {},
        options=dict(evaluation_options),
        prefix=prefix,
    )
    server: Dict[str, Any] = {}
    connected, checks = inspect(ctx, started, server)
    all_checks, diff, state = finish_run(ctx, engine, key, profile, checks)
    # A run that could not connect says nothing about the findings: keep the last real run for the diff.
    if path and connected and not check_mode:
        all_checks.extend(save_state_checks(ctx, path, scrub_data(state, secrets)))
    # Last line of defence: whatever text a check carries (an alert-log line, a job's error), no password.
    all_checks, server = scrub_data(all_checks, secrets), scrub_data(server, secrets)
    return {
        "checks": all_checks,
        "score": next(c["value"] for c in all_checks if c["id"] == f"{prefix}.score"),
        "summary": count_statuses(all_checks),
        "diff": diff,
        "profile": profile,
        "server": server,
        "state_file": path,
        "elapsed": round(time.monotonic() - started, 3),
        "thresholds": thresholds,
    }


def first_row(
    ctx: EvalContext, result: Result, check_id: str, title: str, title_zh: str, with_code: bool = False
) -> Tuple[Optional[Row], List[Check]]:
    """The one row of the statement that describes the server, or the ERROR check saying why there is none.

    ``with_code`` puts the driver's error code in the check's value (Oracle's ORA- codes are searched for).
    """
    if isinstance(result, QueryError) or not result:
        detail = result.text() if isinstance(result, QueryError) else "no row"
        code = result.code if isinstance(result, QueryError) and with_code else None
        return None, [
            check(
                ctx,
                check_id=check_id,
                category="availability",
                title=title,
                title_zh=title_zh,
                status=ERROR,
                value=code,
                detail=detail,
            )
        ]
    return result[0], []


def probe_main(
    argument_spec: Mapping[str, Any],
    library: str,
    import_error: Optional[str],
    validate: Callable[[Mapping[str, Any]], List[str]],
    run: Callable[..., Dict[str, Any]],
) -> None:
    """A probe module's main: options checked before anything connects, the result never ``changed``."""
    module = AnsibleModule(argument_spec=dict(argument_spec), supports_check_mode=True)
    if import_error is not None:
        module.fail_json(msg=missing_required_lib(library), exception=import_error)
    errors = validate(module.params)
    if errors:
        module.fail_json(msg="; ".join(errors))
    result = run(module.params, check_mode=module.check_mode)
    module.exit_json(changed=False, **result)
