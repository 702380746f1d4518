"""Fixtures shared by the integration tests: one throwaway PostgreSQL per session."""

from pg import pg_server  # noqa: F401 - the session-scoped fixture, shared by every module
