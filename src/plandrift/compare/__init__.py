"""compare: links statements across documents into chains, judges progress, shows drift."""
