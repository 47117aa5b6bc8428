"""Serve front-end files from ``node_modules`` as part of the site (fonts today, Pyodide later)."""
