"""healthops.backup_audit: see ARCHITECTURE.md."""
