"""tui: the auditor's terminal app; reads through ``compare``'s functions only."""
