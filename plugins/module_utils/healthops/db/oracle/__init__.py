"""healthops.db.oracle: see ARCHITECTURE.md."""
