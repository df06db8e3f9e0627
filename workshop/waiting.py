"""One bounded wait: poll a condition until it holds or its deadline passes, then say what did not happen."""
from __future__ import annotations

import time
from typing import Callable, TypeVar

from .errors import WaitTimeout

T = TypeVar("T")


def wait_until(condition: Callable[[], T | None], what: str, timeout: float, interval: float = 0.2) -> T:
    """Return the first truthy value of `condition()`; raise WaitTimeout naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise WaitTimeout(f"gave up after {timeout:g} s waiting for {what}")
        time.sleep(min(interval, remaining))
