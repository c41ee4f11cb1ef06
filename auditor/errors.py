"""The one error type users see: a bad input, said in one line."""


class InputError(Exception):
    """A user input (repo, paper, archive, CSV, option) that cannot be audited.

    The CLI prints ``str(err)`` on one line and exits with code 2.
    """
