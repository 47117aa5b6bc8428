"""Docker Compose: a YAML-subset reader, the compose model and the ``docker compose`` handlers."""
