# -*- coding: utf-8 -*-
# Copyright: healthops contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The names of the database probes' shared machinery, as one import (kept for existing callers).

The machinery lives in modules of one concern each; new code imports from those:

- ``healthops.db.catalogue``: statements, query errors, ``select_statements``;
- ``healthops.db.context``: ``EvalContext``, ``Evaluator``, ``run_evaluators``, check and format helpers;
- ``healthops.db.parameters``: quantities and the parameter review;
- ``healthops.db.growth``: size samples, growth per day, days until full;
- ``healthops.db.tls``: TLS to PostgreSQL;
- ``healthops.db.summary`` and ``healthops.db.state``: score, diff, the state file;
- ``healthops.db.probe``: the run both probe modules share;
- ``healthops.db.scrub``: passwords out of messages (Python 3.6, also on database hosts).

The PostgreSQL evaluation and its tests import from here; a module importing this one ships all of
the above, so Oracle-side code imports the modules it needs instead.
"""

from ansible.module_utils.healthops.db.catalogue import (  # noqa: F401
    PROFILES,
    QueryError,
    Result,
    Row,
    Statement,
    Unavailable,
    select_statements,
    statement_names,
)
from ansible.module_utils.healthops.db.context import (  # noqa: F401
    Check,
    EvalContext,
    EvalFn,
    Evaluator,
    check,
    fmt_bytes,
    fmt_seconds,
    graded,
    join_limited,
    pct,
    round_value,
    run_evaluators,
    severity,
    threshold_spec,
    to_float,
    worst_status,
)
from ansible.module_utils.healthops.db.growth import (  # noqa: F401
    GROWTH_SAMPLES_KEPT,
    GROWTH_WINDOW_DAYS,
    add_sample,
    days_until_full,
    growth_per_day,
    parse_time,
)
from ansible.module_utils.healthops.db.parameters import (  # noqa: F401
    RECOMMENDATION_KEYS,
    evaluate_rule,
    parse_quantity,
    review_parameters,
    rule_text,
    validate_recommendations,
)
from ansible.module_utils.healthops.db.scrub import MASK, dsn_secrets, scrub_data, scrub_secrets  # noqa: F401
from ansible.module_utils.healthops.db.state import (  # noqa: F401
    STATE_VERSION,
    finish_run,
    load_state,
    new_state,
    save_state,
    save_state_checks,
    state_path,
)
from ansible.module_utils.healthops.db.summary import (  # noqa: F401
    SCORE_WEIGHTS,
    overall_score,
    run_diff,
    summary_checks,
)
from ansible.module_utils.healthops.db.tls import (  # noqa: F401
    DEFAULT_SSL_MODE,
    LIBPQ_SYSTEM_ROOTCERT,
    OPT_OUT_HINT,
    SSL_MODES,
    SYSTEM_CA_BUNDLES,
    VERIFYING_SSL_MODES,
    TlsPlan,
    find_ca_bundle,
    postgres_tls,
    tls_error_cause,
    tls_status,
)
