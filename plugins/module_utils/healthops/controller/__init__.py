"""healthops.controller: see ARCHITECTURE.md."""
