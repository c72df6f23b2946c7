"""What users read: markdown, JSON and CSV reports, the JSON export, and scores against labels."""
