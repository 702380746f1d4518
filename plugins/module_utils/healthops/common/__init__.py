"""healthops.common: see ARCHITECTURE.md."""
