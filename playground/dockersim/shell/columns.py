"""Names in columns as ``ls`` prints them to a terminal: GNU coreutils' fitting and BusyBox's."""

from __future__ import annotations

#: GNU ls's narrowest column (a one-character name and its two spaces).
MIN_COLUMN_WIDTH = 3


def gnu(names: list[str], width: int) -> str:
    """GNU ``ls -C``: the most columns (filled down, then across) whose widths fit in ``width``; each column
    as wide as its longest name plus two spaces, the last without them."""
    if not names:
        return ""
    count = len(names)
    best_cols, best_widths = 1, [max(len(n) for n in names)]
    for cols in range(2, min(count, max(width // MIN_COLUMN_WIDTH, 1)) + 1):
        rows = (count + cols - 1) // cols
        widths = [0] * cols
        for index, name in enumerate(names):
            col = index // rows
            widths[col] = max(widths[col], len(name) + (0 if col == cols - 1 else 2))
        if sum(widths) < width:
            best_cols, best_widths = cols, widths
    return _lay_out(names, best_cols, best_widths)


def busybox(names: list[str], width: int) -> str:
    """BusyBox ``ls``: one column width (the longest name plus two), as many columns as fit, filled down."""
    if not names:
        return ""
    column = max(len(n) for n in names) + 2
    cols = max(1, width // column)
    rows = (len(names) + cols - 1) // cols
    cols = (len(names) + rows - 1) // rows
    return _lay_out(names, cols, [column] * cols)


def _lay_out(names: list[str], cols: int, widths: list[int]) -> str:
    rows = (len(names) + cols - 1) // cols
    lines = []
    for row in range(rows):
        cells = [(col, names[col * rows + row]) for col in range(cols) if col * rows + row < len(names)]
        line = "".join(name if i == len(cells) - 1 else name.ljust(widths[col]) for i, (col, name) in enumerate(cells))
        lines.append(line)
    return "\n".join(lines) + "\n"
