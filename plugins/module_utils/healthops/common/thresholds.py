# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Threshold catalogues, their merging and validation, shared by every probe.

A catalogue maps a threshold id to its defaults::

    {"fs_space": {"warn": 80, "fail": 90, "unit": "%", "higher_is_worse": True}}

Overrides come from inventory as ``{id: {"warn": x, "fail": y}}``. Validation
returns messages that name the offending key, so a run stops before any change
with something an operator can act on. Standard library only: this runs on
managed hosts too.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# The defaults of the README's threshold table, so every probe grades alike.
DEFAULT_THRESHOLDS = {
    "load_per_core": {"warn": 0.8, "fail": 1.5, "unit": "", "higher_is_worse": True},
    "memory_used": {"warn": 85, "fail": 95, "unit": "%", "higher_is_worse": True},
    "swap_used": {"warn": 20, "fail": 50, "unit": "%", "higher_is_worse": True},
    "fs_space": {"warn": 80, "fail": 90, "unit": "%", "higher_is_worse": True},
    "fs_inodes": {"warn": 80, "fail": 90, "unit": "%", "higher_is_worse": True},
    "fs_days_to_full": {"warn": 30, "fail": 7, "unit": "d", "higher_is_worse": False},
    "clock_offset": {"warn": 0.5, "fail": 2, "unit": "s", "higher_is_worse": True},
    "cert_days_to_expiry": {"warn": 30, "fail": 7, "unit": "d", "higher_is_worse": False},
    "backup_age": {"warn": 26, "fail": 48, "unit": "h", "higher_is_worse": True},
    "oracle_tablespace": {"warn": 85, "fail": 95, "unit": "%", "higher_is_worse": True},
    "oracle_fra": {"warn": 80, "fail": 90, "unit": "%", "higher_is_worse": True},
    "resource_limit": {"warn": 80, "fail": 90, "unit": "%", "higher_is_worse": True},
    "password_age": {"warn": 80, "fail": 100, "unit": "%", "higher_is_worse": True},
}


def merge_thresholds(catalogue, *overrides):
    """Later overrides win, key by key; the catalogue is not modified."""
    merged = {k: dict(v) for k, v in catalogue.items()}
    for layer in overrides:
        for key, value in (layer or {}).items():
            if key in merged and isinstance(value, dict):
                merged[key].update(value)
            else:
                merged[key] = value
    return merged


def _is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def validate_thresholds(overrides, catalogue, name="thresholds", check_order=True):
    """Return a list of error messages for inventory overrides (empty when valid).

    Refuses unknown ids, non-numeric or negative limits, percentages above 100
    where the catalogue's unit is %, and a WARN limit beyond its FAIL limit in
    the direction of the threshold. ``check_order=False`` leaves out that last
    check, for a layer that is only valid once merged with the others.
    """
    errors = []
    if overrides is None:
        return errors
    if not isinstance(overrides, dict):
        return ["%s must be a mapping of threshold id to {warn, fail}, got %s" % (name, type(overrides).__name__)]
    merged = merge_thresholds(catalogue, overrides)
    for key in sorted(overrides):
        where = "%s.%s" % (name, key)
        if key not in catalogue:
            errors.append("%s: unknown threshold id (known: %s)" % (where, ", ".join(sorted(catalogue))))
            continue
        value = overrides[key]
        if not isinstance(value, dict):
            errors.append("%s must be a mapping with warn and/or fail, got %r" % (where, value))
            continue
        unknown = sorted(set(value) - {"warn", "fail"})
        if unknown:
            errors.append("%s: unknown key(s) %s (only warn and fail may be set)" % (where, ", ".join(unknown)))
        spec = merged[key]
        for level in ("warn", "fail"):
            limit = spec.get(level)
            if limit is None:
                continue
            if not _is_number(limit):
                errors.append("%s.%s must be a number, got %r" % (where, level, limit))
            elif limit < 0:
                errors.append("%s.%s must not be negative, got %r" % (where, level, limit))
            elif catalogue[key].get("unit") == "%" and limit > 100:
                errors.append("%s.%s is a percentage and must not exceed 100, got %r" % (where, level, limit))
        warn, fail = spec.get("warn"), spec.get("fail")
        if check_order and _is_number(warn) and _is_number(fail):
            if catalogue[key].get("higher_is_worse", True) and warn > fail:
                errors.append("%s: warn (%r) must not be above fail (%r)" % (where, warn, fail))
            if not catalogue[key].get("higher_is_worse", True) and warn < fail:
                errors.append("%s: warn (%r) must not be below fail (%r) (fewer is worse)" % (where, warn, fail))
    return errors
