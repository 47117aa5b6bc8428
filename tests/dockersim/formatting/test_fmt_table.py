"""docker's tabwriter settings: minwidth 10, padding 3, last column unpadded."""

from __future__ import annotations

from dockersim.formatting.table import tabwrite


def test_reference_ps_example() -> None:
    """The ps example of the reference (section 7.1) is reproduced byte for byte."""
    text = (
        "CONTAINER ID\tIMAGE\tCOMMAND\tCREATED\tSTATUS\tPORTS\tNAMES\n"
        '4c01db0b339c\tnginx:1.27\t"/docker-entrypoint.…"\t2 minutes ago\tUp 2 minutes\t'
        "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp\tweb\n"
        '9f2a1c3b7d10\tpostgres:16\t"docker-entrypoint.s…"\t3 hours ago\tExited (0) 5 seconds ago\t\tdb\n'
    )
    expected = (
        "CONTAINER ID   IMAGE         COMMAND                  CREATED         STATUS                     PORTS"
        "                                     NAMES\n"
        '4c01db0b339c   nginx:1.27    "/docker-entrypoint.…"   2 minutes ago   Up 2 minutes               '
        "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp   web\n"
        '9f2a1c3b7d10   postgres:16   "docker-entrypoint.s…"   3 hours ago     Exited (0) 5 seconds ago   '
        "                                          db\n"
    )
    assert tabwrite(text) == expected


def test_min_width_ten() -> None:
    """Short columns are padded to 10 characters (volume ls's DRIVER column)."""
    assert tabwrite("DRIVER\tVOLUME NAME\nlocal\tmyvol\n") == "DRIVER    VOLUME NAME\nlocal     myvol\n"


def test_header_only() -> None:
    """An empty list still prints the header line, padded."""
    assert tabwrite("NETWORK ID\tNAME\n") == "NETWORK ID   NAME\n"


def test_thousands_of_columns_need_no_deep_recursion() -> None:
    """Go's tabwriter recurses once per column; a --format 'table' of 3,000 columns is aligned all the same."""
    columns = 3000
    text = "\t".join(["ID"] * columns) + "\n" + "\t".join(["abc"] * columns) + "\n"
    lines = tabwrite(text).splitlines()
    assert lines[0] == "ID" + "        ID" * (columns - 1)
    assert lines[1] == "abc" + "       abc" * (columns - 1)


def test_column_blocks_as_go_writes_them() -> None:
    """A line with fewer cells ends the column's block: later lines are aligned on their own."""
    text = "a\tbb\tc\nlonger-cell-here\tx\ny\n1\t2\t3\n"
    assert tabwrite(text) == (
        "a                  bb        c\nlonger-cell-here   x\ny\n1         2         3\n"
    )
