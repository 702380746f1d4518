# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Documentation shared by the modules in library/ (ansible.cfg: doc_fragment_plugins).

A module names a part with ``extends_documentation_fragment``: ``healthops`` (the block of
attributes of a module that only reads: it runs in check mode as it does otherwise and shows
no diff), ``healthops.thresholds``, ``healthops.state_dir``, ``healthops.probe`` (the options both database
probes share) and ``healthops.patching`` (the patch round's family and holds). What a module grades with its
thresholds, or keeps in its state directory, stays in that module's own notes.
"""

from __future__ import annotations


class ModuleDocFragment:
    # A module that only reads: check mode changes nothing it would not change anyway.
    DOCUMENTATION = r"""
attributes:
  check_mode:
    description: Can run in check mode and return the same checks as without it.
    support: full
  diff_mode:
    description: Shows no diff; the module reads and reports (its own state file aside, it changes nothing).
    support: none
"""

    THRESHOLDS = r"""
options:
  thresholds:
    description:
      - 'Threshold overrides, a mapping of threshold id to C(warn) and/or C(fail) limits, over the shared
        defaults of healthops.common.thresholds (C({id: {warn: x, fail: y}})).'
      - Which ids the module grades, their defaults, and what it does with ids it does not grade are in
        its notes.
    type: dict
    default: {}
"""

    STATE_DIR = r"""
options:
  state_dir:
    description:
      - Directory on the controller for the module's state between runs (one JSON file per target), from
        which the next run compares.
      - Unset, nothing is kept between runs and every run is a first run.
    type: path
"""

    # The patch round's modules (patch_plan, patch_apply): which package manager, which packages are held.
    PATCHING = r"""
options:
  family:
    description: Package manager; C(auto) picks apt-get, dnf or yum, whichever the host has.
    type: str
    default: auto
    choices: [auto, apt, dnf, yum]
  holds:
    description:
      - Package names or globs the round never changes (C(apt-mark hold) on apt hosts; on dnf/yum hosts C(versionlock)
        when its plugin is installed, and C(--exclude)d from the round's own upgrade in any case).
    type: list
    elements: str
    default: []
"""

    # The database probes (oracle_probe, postgres_probe): what to run and the tuning profile's review.
    PROBE = r"""
options:
  profile:
    description: C(monthly) health check or C(tuning) review.
    type: str
    default: monthly
    choices: [monthly, tuning]
  parameter_recommendations:
    description:
      - Recommended settings for the tuning profile, a mapping of parameter name to a rule with one of
        C(equals), C(not), C(one_of), C(min), C(max), and optionally C(severity) (WARN, FAIL or INFO) and
        C(note).
      - Sizes and times take the units the module's notes name.
    type: dict
    default: {}
"""
