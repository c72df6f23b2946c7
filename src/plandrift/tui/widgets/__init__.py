"""Widgets of the auditor's terminal, one job each."""
