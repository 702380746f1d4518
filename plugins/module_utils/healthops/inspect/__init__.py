"""healthops.inspect: see ARCHITECTURE.md."""
