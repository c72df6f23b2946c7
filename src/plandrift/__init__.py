"""plandrift: hold a government's plans against its later reports.

The layers read one way (``tests/test_layers.py`` and the import-linter contracts in
``pyproject.toml`` check it):

- ``corpus``: raw files into documents, sections, statements and quantities;
- ``compare``: goals (chains), promises, verdicts and drift, and the read layer over them;
- ``report`` (markdown, JSON, CSV, export, eval) and ``workspace`` (build, add, link);
- ``cli`` (the ``plandrift`` command) and ``tui`` (the auditor's terminal app).
"""
