"""Checks for the delivery exercise of notebook 03b: a consumer that commits only after it stored a batch, idempotently."""
from __future__ import annotations

from typing import Any, Callable

from .. import store, topics
from ..waiting import wait_until
from . import Result, not_answered, report, unanswered

CRASH_AT = 8
"""The write (counted from 1) at which the check makes the first run fail: the 8th, inside the second batch of 5."""

SINGLE_WRITES = ("insert_one", "replace_one", "update_one", "find_one_and_replace", "find_one_and_update")
MANY_WRITES = ("insert_many", "bulk_write")


class Crash(Exception):
    """The failure the check injects: MongoDB gone in the middle of a batch (the write fails, and every later one)."""


class CrashingCollection:
    """A MongoDB collection that counts document writes and, from write `crash_at` on, refuses them with Crash."""

    def __init__(self, collection: Any, crash_at: int | None = None, on_crash: Callable[[], Any] | None = None) -> None:
        self._collection = collection
        self._crash_at = crash_at
        self._on_crash = on_crash
        self.written = 0
        """Documents written through this collection."""
        self.after_crash = 0
        """Writes tried after the crash: the function went on instead of ending with the failed write."""
        self.crashed = False
        self.at_crash: Any = None
        """What `on_crash` returned at the moment of the crash (the check: the group's committed offsets)."""

    def _room(self, wanted: int) -> int:
        """How many of `wanted` writes may go through; the first write past the crash point crashes the run."""
        if self.crashed:
            self.after_crash += wanted
            return 0
        if self._crash_at is None or self.written + wanted < self._crash_at:
            return wanted
        self.crashed = True
        if self._on_crash is not None:
            self.at_crash = self._on_crash()
        return self._crash_at - 1 - self.written

    def _fail(self) -> Crash:
        """The error a refused write raises."""
        return Crash(f"MongoDB write {self._crash_at} failed: the check crashed this run there")

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._collection, name)
        if name in SINGLE_WRITES:
            def one(*args: Any, **kwargs: Any) -> Any:
                if not self._room(1):
                    raise self._fail()
                result = target(*args, **kwargs)
                self.written += 1
                return result
            return one
        if name in MANY_WRITES:
            def many(items: Any, *args: Any, **kwargs: Any) -> Any:
                items = list(items)
                room = self._room(len(items))
                result = target(items[:room], *args, **kwargs) if room else None
                self.written += room
                if room < len(items):
                    raise self._fail()
                return result
            return many
        return target

    def __repr__(self) -> str:
        return f"CrashingCollection({self._collection.full_name!r}, crash_at={self._crash_at})"


def _committed(group: str, topic: str) -> dict[int, int | None]:
    """The group's committed offset per partition of `topic` (None: nothing committed)."""
    return {p: row["committed"] for p, row in topics.group_lag(group, topic).items()}


def _members(group: str, timeout: float = 30.0) -> int:
    """How many consumers are members of `group` now (subscribed and not closed)."""
    from contextlib import closing

    from kafka.errors import CoordinatorNotAvailableError

    def described() -> list[int] | None:
        try:
            with closing(topics.admin()) as client:
                info = client.describe_groups([group]).get(group) or {}
        except CoordinatorNotAvailableError:   # a new broker creates its offsets topic on the first group request
            return None
        return [len(info.get("members") or [])]

    return wait_until(described, f"the coordinator of group {group!r}", timeout)[0]


def _chain(exc: BaseException) -> list[BaseException]:
    """An exception with the ones it was raised from or during."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _duplicate_key(exc: BaseException) -> bool:
    """Whether MongoDB refused a write because a document with that _id exists (error 11000), here or in the chain."""
    from pymongo.errors import BulkWriteError, OperationFailure

    for e in _chain(exc):
        if isinstance(e, BulkWriteError):
            if any(w.get("code") == store.DUPLICATE_KEY for w in e.details.get("writeErrors", [])):
                return True
        elif isinstance(e, OperationFailure) and e.code == store.DUPLICATE_KEY:
            return True
    return False


def _describe(exc: BaseException) -> str:
    """An exception as one short line: its type and message."""
    text = f"{type(exc).__name__}: {exc}".strip().splitlines()[0]
    return text if len(text) <= 200 else text[:197] + "..."


def _by_partition(pairs: list[tuple[int, int]]) -> dict[int, list[int]]:
    """(partition, offset) pairs as {partition: [offsets]}."""
    out: dict[int, list[int]] = {}
    for p, o in sorted(pairs):
        out.setdefault(p, []).append(o)
    return out


def check_idempotent_consumer(consume: Any, topic: str, group: str, collection: str, crash_at: int = CRASH_AT) -> Result:
    """Notebook 03b: `consume(group, collection)` stores each record of `topic` once, committing after storing, across a crash."""
    if unanswered(consume):
        return not_answered()
    if not callable(consume):
        return report(False, "ex.delivery.shape", kind=type(consume).__name__)
    expected = {store.record_id(topic, p.partition, o): (p.partition, o)
                for p in topics.partitions(topic) for o in range(p.earliest, p.latest)}
    if len(expected) < 2 * crash_at:
        return report(False, "ex.delivery.topic", topic=topic, total=len(expected))
    members = _members(group)
    if members:
        return report(False, "ex.delivery.busy", group=group, members=members)
    topics.delete_groups([group])
    sink = store.collection(collection)
    sink.drop()

    first = CrashingCollection(sink, crash_at, on_crash=lambda: _committed(group, topic))
    try:
        consume(group, first)
    except Exception as exc:   # the check's Crash, as the learner's function let it through, or a mistake of its own
        if not first.crashed:
            key = "ex.delivery.clash" if _duplicate_key(exc) else "ex.delivery.raised"
            return report(False, key, error=_describe(exc))
        went_on = first.after_crash > 0
    else:
        went_on = first.crashed
    if _members(group):
        return report(False, "ex.delivery.subscribed", group=group)
    after_crash = _committed(group, topic)

    second = CrashingCollection(sink)
    try:
        consume(group, second)
    except Exception as exc:
        if _duplicate_key(exc):
            return report(False, "ex.delivery.insert", error=_describe(exc))
        return report(False, "ex.delivery.raised_restart", error=_describe(exc))

    ids = [d["_id"] for d in sink.find({}, {"_id": 1})]
    total = len(expected)
    if not ids:
        return report(False, "ex.delivery.empty", collection=collection)
    if not first.crashed:
        return report(False, "ex.delivery.no_crash", written=first.written, crash_at=crash_at)
    if len(ids) > total:
        return report(False, "ex.delivery.duplicates", count=len(ids), total=total)
    strange = [i for i in ids if not (isinstance(i, str) and i in expected)]
    made = [i for i in strange if type(i).__name__ == "ObjectId"]
    if made:
        return report(False, "ex.delivery.no_id", made=len(made), count=len(ids))
    if strange:
        example = next(iter(expected))
        key = "ex.delivery.not_unique" if len(ids) < total else "ex.delivery.id_form"
        return report(False, key, count=len(ids), total=total, example=strange[0], wanted=example)
    stored = set(ids)
    missing = [expected[i] for i in expected if i not in stored]
    if missing:
        lost = _by_partition(missing)
        at_crash = first.at_crash or {}
        if any((at_crash.get(p) or 0) > o for p, o in missing):
            return report(False, "ex.delivery.commit_first", lost=lost, crash_at=crash_at, committed=at_crash)
        if any((after_crash.get(p) or 0) > o for p, o in missing):
            key = "ex.delivery.went_on" if went_on else "ex.delivery.commit_on_exit"
            return report(False, key, lost=lost, crash_at=crash_at, committed=after_crash)
        return report(False, "ex.delivery.not_read", lost=lost)
    lag = topics.group_lag(group, topic)
    committed = {p: row["committed"] for p, row in lag.items()}
    ends = {p: row["end"] for p, row in lag.items()}
    if all(c is None for c in committed.values()):
        return report(False, "ex.delivery.no_commit", total=total)
    if committed != ends:
        return report(False, "ex.delivery.behind", committed=committed, ends=ends)
    replayed = first.written + second.written - total
    return report(True, "ex.delivery.right", crash_at=crash_at, replayed=replayed, total=total, committed=committed)
