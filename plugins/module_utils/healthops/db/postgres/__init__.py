"""healthops.db.postgres: see ARCHITECTURE.md."""
