"""healthops.switch: see ARCHITECTURE.md."""
