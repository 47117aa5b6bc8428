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
