"""The tool's version, in one place (reports, fingerprints, ``--version``)."""

__version__ = "0.1.0"
