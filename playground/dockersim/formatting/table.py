"""Go's text/tabwriter as docker configures it (minwidth 10, tabwidth 1, padding 3, pad with spaces)."""

from __future__ import annotations

MIN_WIDTH = 10
PADDING = 3


def tabwrite(text: str, minwidth: int = MIN_WIDTH, padding: int = PADDING) -> str:
    """Align tab-separated cells the way Go's ``tabwriter`` does (column blocks, last cell unpadded)."""
    trailing_newline = text.endswith("\n")
    lines = [line.split("\t") for line in (text[:-1] if trailing_newline else text).split("\n")]
    out: list[str] = []
    widths: list[int] = []

    def write_lines(line0: int, line1: int) -> None:
        for i in range(line0, line1):
            cells = lines[i]
            parts: list[str] = []
            for j, cell in enumerate(cells):
                parts.append(cell)
                if j < len(widths):
                    parts.append(" " * (widths[j] - len(cell)))
            out.append("".join(parts))

    # Go's tabwriter.format, recursive there (one level per column); here with a stack of its frames
    # [line0, this, line1], so a table of thousands of columns needs no deep recursion.
    stack = [[0, 0, len(lines)]]
    while stack:
        frame = stack[-1]
        line0, this, line1 = frame
        column = len(stack) - 1  # == len(widths): one width per enclosing block
        while this < line1 and column >= len(lines[this]) - 1:
            this += 1
        if this < line1:
            write_lines(line0, this)
            start = this
            width = minwidth
            while this < line1 and column < len(lines[this]) - 1:
                width = max(width, len(lines[this][column]) + padding)
                this += 1
            widths.append(width)
            frame[0] = frame[1] = this  # where the block's own lines resume once the inner block is written
            stack.append([start, start, this])
            continue
        write_lines(line0, line1)
        stack.pop()
        if stack:
            widths.pop()
    return "\n".join(out) + ("\n" if trailing_newline else "")
