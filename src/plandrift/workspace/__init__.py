"""Building, adding and re-linking a database, all or nothing, keeping every review."""
