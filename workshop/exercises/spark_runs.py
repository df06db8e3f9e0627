"""What the Spark exercises share: a fresh topic and checkpoint for each attempt, and a failure's learner-facing line."""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any, Callable


def error_line(text: str) -> str:
    """The learner-facing line of a failure: MongoDB's duplicate-key message, else the last exception line, else the first."""
    text = text.split("=== Streaming Query ===")[0]
    duplicate = re.search(r"E11000 [^'\"\n]*?dup key: \{[^}]*\}", text)
    if duplicate:
        return duplicate.group(0)
    lines = re.findall(r"^\s*(?:[\w.]+\.)?(\w+(?:Error|Exception): .*)$", text, re.MULTILINE)
    line = (lines[-1] if lines else text.strip().splitlines()[0] if text.strip() else "unknown error").strip()
    return line if len(line) <= 200 else line[:197] + "..."


def start_afresh(topic: str, checkpoint: Path, earlier: Callable[[Any], bool]) -> None:
    """Stop an earlier attempt's running queries (`earlier(query)`), remove the checkpoint, make `topic` new (2 partitions)."""
    from .. import topics
    from ..spark_session import current

    spark = current()
    for query in (spark.streams.active if spark else []):
        if earlier(query):
            query.stop()
    shutil.rmtree(checkpoint, ignore_errors=True)
    topics.delete_topics([topic], wait=30)
    topics.create_topic(topic, partitions=2)
