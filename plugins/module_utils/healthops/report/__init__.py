"""healthops.report: see ARCHITECTURE.md."""
