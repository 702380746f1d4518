"""healthops: see ARCHITECTURE.md."""
