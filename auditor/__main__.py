"""``python -m auditor``: the same as the ``auditor`` command."""

from auditor.cli import console_main

if __name__ == "__main__":
    console_main()
