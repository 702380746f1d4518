# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Quantities (2G, 5min) and the review of server parameters against the operator's recommendations."""

import re
from typing import Any, List, Mapping, Optional, Sequence, Tuple

from ansible.module_utils.healthops.common.result import FAIL, INFO, PASS, WARN
from ansible.module_utils.healthops.db.context import Check, EvalContext, Subject, check, join_limited

_SIZE_UNITS = {
    "": 1,
    "b": 1,
    "k": 1024,
    "kb": 1024,
    "m": 1024**2,
    "mb": 1024**2,
    "g": 1024**3,
    "gb": 1024**3,
    "t": 1024**4,
    "tb": 1024**4,
}
_TIME_UNITS = {"us": 0.001, "ms": 1, "s": 1000, "min": 60000, "h": 3600000, "d": 86400000}
_QUANTITY = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$")


def parse_quantity(text: Any) -> Optional[Tuple[float, str]]:
    """(number, kind) for '2G', '128MB', '5min', '300'; kind is 'bytes', 'ms' or ''.

    Size suffixes are binary (K=1024) as both Oracle and PostgreSQL use them.
    A bare number has kind ''. Returns None for text that is not a quantity.
    """
    if isinstance(text, bool) or text is None:
        return None
    if isinstance(text, (int, float)):
        return float(text), ""
    match = _QUANTITY.match(str(text))
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2)
    if unit == "":
        return number, ""
    if unit in _TIME_UNITS:
        return number * _TIME_UNITS[unit], "ms"
    if unit.lower() in _SIZE_UNITS:
        return number * _SIZE_UNITS[unit.lower()], "bytes"
    return None


RECOMMENDATION_KEYS = ("equals", "not", "one_of", "min", "max", "severity", "note")


def validate_recommendations(recommendations: Any, name: str = "parameter_recommendations") -> List[str]:
    """Messages for a malformed recommendation mapping (empty when valid)."""
    errors: List[str] = []
    if recommendations is None:
        return errors
    if not isinstance(recommendations, dict):
        return [f"{name} must be a mapping of parameter name to rule, got {type(recommendations).__name__}"]
    for param, rule in sorted(recommendations.items()):
        where = f"{name}.{param}"
        if not isinstance(rule, dict):
            errors.append(f"{where} must be a mapping with one of equals, not, one_of, min, max; got {rule!r}")
            continue
        unknown = sorted(set(rule) - set(RECOMMENDATION_KEYS))
        if unknown:
            errors.append(f"{where}: unknown key(s) {', '.join(unknown)} (known: {', '.join(RECOMMENDATION_KEYS)})")
        if not any(k in rule for k in ("equals", "not", "one_of", "min", "max")):
            errors.append(f"{where} needs one of equals, not, one_of, min, max")
        for bound in ("min", "max"):
            if bound in rule and parse_quantity(rule[bound]) is None:
                errors.append(f"{where}.{bound} must be a number or a quantity such as 2G or 5min, got {rule[bound]!r}")
        if "one_of" in rule and not isinstance(rule["one_of"], list):
            errors.append(f"{where}.one_of must be a list")
        if rule.get("severity", WARN) not in (WARN, FAIL, INFO):
            errors.append(f"{where}.severity must be WARN, FAIL or INFO, got {rule.get('severity')!r}")
    return errors


def _same(current: Any, wanted: Any) -> bool:
    cq, wq = parse_quantity(current), parse_quantity(wanted)
    if cq is not None and wq is not None and (cq[1] == wq[1] or "" in (cq[1], wq[1])):
        return abs(cq[0] - wq[0]) < 1e-9
    booleans = {"on": "true", "yes": "true", "1": "true", "off": "false", "no": "false", "0": "false"}
    c, w = str(current).strip().lower(), str(wanted).strip().lower()
    return booleans.get(c, c) == booleans.get(w, w)


def rule_text(rule: Mapping[str, Any]) -> str:
    parts = []
    if "equals" in rule:
        parts.append(f"= {rule['equals']}")
    if "not" in rule:
        parts.append(f"!= {rule['not']}")
    if "one_of" in rule:
        parts.append("one of " + ", ".join(str(v) for v in rule["one_of"]))
    if "min" in rule:
        parts.append(f">= {rule['min']}")
    if "max" in rule:
        parts.append(f"<= {rule['max']}")
    return "; ".join(parts)


def evaluate_rule(
    current: Any, current_quantity: Optional[Tuple[float, str]], rule: Mapping[str, Any]
) -> Optional[str]:
    """Why ``current`` breaks ``rule``, or None when it complies."""
    if "equals" in rule and not _same(current, rule["equals"]):
        return f"is {current}, recommended {rule['equals']}"
    if "not" in rule and _same(current, rule["not"]):
        return f"is {current}, which is advised against"
    if "one_of" in rule and not any(_same(current, v) for v in rule["one_of"]):
        return f"is {current}, recommended one of {', '.join(str(v) for v in rule['one_of'])}"
    for bound in ("min", "max"):
        if bound not in rule:
            continue
        limit = parse_quantity(rule[bound])
        wanted = "minimum" if bound == "min" else "maximum"
        not_comparable = f"is {current}, not comparable with the recommended {wanted} {rule[bound]}"
        if current_quantity is None or limit is None:
            return not_comparable
        if limit[1] and current_quantity[1] and limit[1] != current_quantity[1]:
            return not_comparable
        if bound == "min" and current_quantity[0] < limit[0]:
            return f"is {current}, below the recommended minimum {rule[bound]}"
        if bound == "max" and current_quantity[0] > limit[0]:
            return f"is {current}, above the recommended maximum {rule[bound]}"
    return None


def _parameter_check(
    ctx: EvalContext,
    name: str,
    rule: Mapping[str, Any],
    settings: Mapping[str, Tuple[Any, Optional[Tuple[float, str]]]],
) -> Check:
    """One recommended parameter: INFO when the server has no such parameter, else PASS or the rule's severity."""
    key = name.lower()
    same = Subject(ctx, f"parameter.{key}", "configuration", f"Parameter {key}", f"参数 {key}")
    if key not in settings:
        return same.check(status=INFO, threshold=rule_text(rule), detail="parameter not present on this server")
    display, quantity = settings[key]
    problem = evaluate_rule(display, quantity, rule)
    status = PASS if problem is None else rule.get("severity", WARN)
    detail = problem or "as recommended"
    note = rule.get("note", "")
    if note:
        detail = f"{detail} ({note})"
    return same.check(status=status, value=display, threshold=rule_text(rule), detail=detail)


def review_parameters(
    ctx: EvalContext,
    settings: Mapping[str, Tuple[Any, Optional[Tuple[float, str]]]],
    recommendations: Optional[Mapping[str, Mapping[str, Any]]],
    nondefault: Sequence[str],
) -> List[Check]:
    """One check per recommended parameter, plus an INFO list of parameters changed from their defaults.

    ``settings`` maps a lower-case parameter name to (display value, quantity
    in base units or None).
    """
    recommendations = recommendations or {}
    checks = [_parameter_check(ctx, name, recommendations[name], settings) for name in sorted(recommendations)]
    if not recommendations:
        review = Subject(ctx, "parameters", "configuration", "Parameter review", "参数评审")
        checks.append(review.check(INFO, detail="no parameter recommendations configured"))
    checks.append(
        check(
            ctx,
            check_id="parameters_nondefault",
            category="configuration",
            title="Parameters changed from default",
            title_zh="非默认参数",
            status=INFO,
            value=len(nondefault),
            detail=join_limited(sorted(nondefault), 40),
        )
    )
    return checks
