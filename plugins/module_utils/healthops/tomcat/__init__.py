"""healthops.tomcat: see ARCHITECTURE.md."""
