"""healthops.drill: see ARCHITECTURE.md."""
