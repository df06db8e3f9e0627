"""The workshop's own exceptions: each message says what happened and what to do."""
from __future__ import annotations


class StackError(RuntimeError):
    """A server could not be started, reached or stopped; the message says what to do."""


class JavaError(RuntimeError):
    """Java is missing or too old."""


class WaitTimeout(TimeoutError):
    """Something the workshop waited for did not happen before its deadline; the message says what."""
