"""The ``docker-notes/cheatsheet`` plugin: a searchable cheat sheet built from every command and file in the notes."""
