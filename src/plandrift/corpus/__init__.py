"""corpus: raw documents into documents, sections, statements and quantities (SQLite).

Knows nothing of ``compare`` or ``tui``.
"""
