"""The error of a file that cannot be read at all (as opposed to the errors of its rows)."""


class ImportFileError(Exception):
    """The file cannot be read at all; the message says why, in the user's language."""
