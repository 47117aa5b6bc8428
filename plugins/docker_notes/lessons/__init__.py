"""The one model of the notes' code blocks: what each is, what a reader can try, what the lesson promises.

:mod:`.directives` reads the ``<!-- try: … -->`` comments written above blocks, :mod:`.model` reads a page's
Markdown into :class:`~.model.NoteBlock` s once, :mod:`.plan` turns each try-able block into the scratch
lesson the simulator runs (files, set-up, lines), :mod:`.record` runs them under CPython at build time.
"""
