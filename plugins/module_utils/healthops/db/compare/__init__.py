"""healthops.db.compare: db_compare's engine (engine.py) and one SQL dialect per file; see ARCHITECTURE.md."""
