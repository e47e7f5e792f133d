"""The exceptions the library raises; the CLI turns each into one line on stderr and exit 2."""


class QzError(Exception):
    """Base class: the run could not be done."""


class InputError(QzError):
    """An input file is missing, unreadable, binary or undecodable."""


class FactBaseError(QzError):
    """The fact base is invalid; the message names the file and line, ``errors`` lists every problem."""

    def __init__(self, message: str, errors: list[str] | None = None):
        super().__init__(message)
        self.errors = errors or [message]


class UsageError(QzError):
    """An option or argument is wrong."""
