"""healthops.db: see ARCHITECTURE.md."""
