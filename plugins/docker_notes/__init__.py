"""MkDocs plugins of the Docker study notes site: vendored assets, the cheat sheet and the playground."""
