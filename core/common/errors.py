"""Errors a user can act on: one sentence saying what is wrong and what to do."""


class SegAssessError(Exception):
    """Base class; its message is shown to the user as is (CLI: one line, QGIS: QgsProcessingException)."""


class InputError(SegAssessError):
    """A bad input file, parameter or combination of inputs."""


class OutputError(SegAssessError):
    """An output that cannot be written (exists, not writable)."""


class Cancelled(SegAssessError):
    """The user cancelled; nothing that looks complete was written."""
