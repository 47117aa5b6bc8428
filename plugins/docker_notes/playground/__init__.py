"""The ``docker-notes/playground`` MkDocs plugin: the in-browser docker simulator and its "Try it" buttons."""
