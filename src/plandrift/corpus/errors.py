"""The one exception the command line turns into a one-line message and exit code 2."""


class BadInput(Exception):
    """Input a user can fix: the message says what is wrong and what to do."""
