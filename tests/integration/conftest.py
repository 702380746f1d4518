"""Fixtures shared by the integration tests (tests/integration/pg.py): one throwaway PostgreSQL for the session
(``pg_server``), one cluster of each major shared by the scenario modules (``pg_cluster``) and a primary with a hot
standby of each major (``pg_pair``)."""

from pg import pg_cluster, pg_pair, pg_server  # noqa: F401 - the session-scoped fixtures, shared by every module
