"""Screens of the auditor's terminal."""
