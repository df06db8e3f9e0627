"""Exercise checks for the notebooks: each check prints right or wrong and why, and returns a Result."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..messages import Phrase, say

TODO: Any = ...
"""The placeholder a learner's cell starts with (`answer = TODO`); a check reports it as not answered yet."""


@dataclass(frozen=True)
class Result:
    """The outcome of one exercise check; truthy when the answer is right, so a solution cell can `assert` it."""

    ok: bool
    verdict: Phrase

    @property
    def key(self) -> str:
        """The message key of the verdict, e.g. 'ex.survivor.failed'."""
        return self.verdict.key

    @property
    def why(self) -> str:
        """The reason, in the learner's language."""
        return self.verdict.said()

    def why_in(self, lang: str) -> str:
        """The reason in the language `lang` (the same verdict as a learner of the other edition reads it)."""
        return self.verdict.said(lang)

    def __bool__(self) -> bool:
        return self.ok

    def __repr__(self) -> str:
        return f"Result(ok={self.ok})"

    def _ipython_display_(self) -> None:
        """Show nothing in a notebook: the check already printed its verdict."""


def report(ok: bool, key: str, /, **values: object) -> Result:
    """Print a right/wrong line with the reason (message `key` filled with `values`); return it as a Result."""
    result = Result(bool(ok), Phrase(key, values))
    print(say("ex.right" if result.ok else "ex.not_yet", why=result.why))
    return result


def unanswered(*answers: Any) -> bool:
    """True while any answer is still the TODO placeholder (or None)."""
    return any(a is TODO or a is None for a in answers)


def not_answered() -> Result:
    """The report for an exercise whose cell still holds the placeholder."""
    return report(False, "ex.not_answered")
