"""healthops.certs: certificate audit (controller-side evaluation with cryptography); see ARCHITECTURE.md."""
