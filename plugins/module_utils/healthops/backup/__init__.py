"""healthops.backup: see ARCHITECTURE.md."""
