"""Pictures of the live broker: each partition's log drawn from its real offsets, with a group's positions and lag."""
from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from . import topics
from .config import settings
from .messages import say
from .topics import PartitionInfo

if TYPE_CHECKING:
    from matplotlib.figure import Figure

ARROW = "→ keeps being appended"
"""The seed's words at the open end of a partition log."""

_KAFKA, _DELETED, _UNREAD, _GROUP = "#3a3f4b", "#c9c9c9", "#f3d9a4", "#7b4fa0"


def shown_offsets(earliest: int, latest: int, max_cells: int = 12, marks: Sequence[int] = ()) -> list[int | None]:
    """Offsets worth drawing for a log [0, latest) whose first kept offset is `earliest`; None marks a gap.

    A long log keeps its first three offsets, three from `earliest`, the last three and those around each of `marks`.
    """
    if latest <= max_cells:
        return list(range(latest))
    starts = (0, earliest, latest - 3, *(m - 1 for m in marks))
    keep = {o for start in starts for o in range(start, start + 3) if 0 <= o < latest}
    out: list[int | None] = []
    for offset in sorted(keep):
        if out and out[-1] is not None and offset != out[-1] + 1:
            out.append(None)
        out.append(offset)
    return out


def log_line(part: PartitionInfo, max_cells: int = 12) -> str:
    """One partition in the seed's text form, e.g. `Partition 0:  [0] [1] [2] → keeps being appended`."""
    cells = []
    for offset in shown_offsets(part.earliest, part.latest, max_cells):
        if offset is None:
            cells.append("…")
        elif offset < part.earliest:
            cells.append(f"({offset})")
        else:
            cells.append(f"[{offset}]")
    body = " ".join(cells) if cells else "(empty)"
    deleted = f"   (offsets 0..{part.earliest - 1} deleted)" if part.earliest else ""
    return f"Partition {part.partition}:  {body} {ARROW}{deleted}"


def show_log(topic: str | None = None, max_cells: int = 12) -> list[PartitionInfo]:
    """Print a topic's partitions the way the seed draws them, from the live offsets; return them (notebook 01)."""
    name = topic or settings().topic
    parts = topics.partitions(name)
    if not parts:
        raise LookupError(say("err.no_topic", name=name, address=settings().bootstrap_servers))
    print(f"Topic: {name}")
    for part in parts:
        print(log_line(part, max_cells))
    return parts


def draw_partitions(parts: Sequence[PartitionInfo], committed: dict[int, int | None] | None = None,
                    group: str | None = None, max_cells: int = 12, title: str | None = None) -> Figure:
    """A matplotlib Figure of partition logs; with `committed`, each partition's group position and lag."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    rows = max(len(parts), 1)
    fig, ax = plt.subplots(figsize=(11, 1.0 + 1.25 * rows))
    def marks(part: PartitionInfo) -> list[int]:
        position = None if committed is None else committed.get(part.partition)
        return [] if position is None else [position]

    width = max([len(shown_offsets(p.earliest, p.latest, max_cells, marks(p))) for p in parts] + [1]) + 5
    for row, part in enumerate(parts):
        y = (rows - 1 - row) * 1.25
        ax.text(-0.3, y + 0.4, f"Partition {part.partition}", ha="right", va="center", fontsize=10, weight="bold")
        position = None if committed is None else committed.get(part.partition)
        x = 0.0
        for offset in shown_offsets(part.earliest, part.latest, max_cells, marks(part)):
            if offset is None:
                ax.text(x + 0.4, y + 0.4, "…", ha="center", va="center", fontsize=12)
                x += 0.8
                continue
            deleted = offset < part.earliest
            unread = committed is not None and not deleted and offset >= (part.earliest if position is None else position)
            face = _DELETED if deleted else (_UNREAD if unread else _KAFKA)
            ax.add_patch(Rectangle((x, y), 0.9, 0.8, facecolor=face, edgecolor="white", hatch="//" if deleted else None))
            ax.text(x + 0.45, y + 0.4, str(offset), ha="center", va="center", fontsize=9,
                    color="#555555" if deleted or unread else "white")
            if committed is not None and offset == position:
                ax.annotate("", xy=(x + 0.45, y - 0.02), xytext=(x + 0.45, y - 0.32),
                            arrowprops={"arrowstyle": "-|>", "color": _GROUP})
            x += 1.0
        if committed is not None and position is not None and position >= part.latest:
            ax.annotate("", xy=(x + 0.45, y - 0.02), xytext=(x + 0.45, y - 0.32),
                        arrowprops={"arrowstyle": "-|>", "color": _GROUP})
        ax.add_patch(Rectangle((x, y), 0.9, 0.8, facecolor="none", edgecolor=_KAFKA, linestyle="--"))
        ax.text(x + 0.45, y + 0.4, str(part.latest), ha="center", va="center", fontsize=9, color=_KAFKA)
        note = f"{ARROW}  (next offset {part.latest})"
        if committed is not None:
            start = part.earliest if position is None else position
            note += f"\nlag {part.latest - start}"
        ax.text(x + 1.1, y + 0.4, note, ha="left", va="center", fontsize=9)
    legend = [("kept records", _KAFKA), ("deleted by retention", _DELETED)]
    if committed is not None:
        legend.append((f"not yet read by {group or 'the group'} (▲ = its committed offset)", _UNREAD))
    for i, (label, color) in enumerate(legend):
        ax.add_patch(Rectangle((i * 4.2, -0.85), 0.35, 0.3, facecolor=color, edgecolor="white"))
        ax.text(i * 4.2 + 0.5, -0.7, label, va="center", fontsize=8)
    ax.set_xlim(-2.2, width + 4)
    ax.set_ylim(-1.0, rows * 1.25)
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=11, loc="left")
    fig.tight_layout()
    plt.close(fig)
    return fig


def draw_log(topic: str | None = None, group: str | None = None, max_cells: int = 12) -> Figure:
    """Draw a topic's partition logs from the live broker, with a consumer group's positions if given (notebooks 01, 03)."""
    name = topic or settings().topic
    parts = topics.partitions(name)
    if not parts:
        raise LookupError(say("err.no_topic", name=name, address=settings().bootstrap_servers))
    committed = None
    if group:
        committed = {p: row["committed"] for p, row in topics.group_lag(group, name).items()}
    title = f"Topic {name}" + (f" · consumer group {group}" if group else "")
    return draw_partitions(parts, committed, group, max_cells, title)
