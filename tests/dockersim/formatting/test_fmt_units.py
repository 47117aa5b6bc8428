"""go-units sizes and durations as docker prints them."""

from __future__ import annotations

import pytest
from dockersim.formatting.units import bytes_size, human_duration, human_size


@pytest.mark.parametrize(
    ("size", "expected"),
    [
        (0, "0B"),
        (999, "999B"),
        (13_256, "13.3kB"),
        (5_600, "5.6kB"),
        (7_800_000, "7.8MB"),
        (187_000_000, "187MB"),
        (192_004_000, "192MB"),
        (1_090_000_000, "1.09GB"),
        (1_200_000_000, "1.2GB"),
    ],
)
def test_human_size(size: int, expected: str) -> None:
    """SIZE columns use decimal units with 3 significant digits and no space (HumanSizeWithPrecision)."""
    assert human_size(size) == expected


def test_bytes_size_is_binary() -> None:
    """docker info's Total Memory uses binary units with 4 significant digits."""
    assert bytes_size(8_217_473_024) == "7.653GiB"


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0.4, "Less than a second"),
        (1, "1 second"),
        (3, "3 seconds"),
        (59, "59 seconds"),
        (60, "About a minute"),
        (119, "About a minute"),
        (120, "2 minutes"),
        (59 * 60, "59 minutes"),
        (3600, "About an hour"),
        (5 * 3600, "5 hours"),
        (47 * 3600, "47 hours"),
        (3 * 86400, "3 days"),
        (15 * 86400, "2 weeks"),
        (90 * 86400, "3 months"),
        (800 * 86400, "2 years"),
    ],
)
def test_human_duration(seconds: float, expected: str) -> None:
    """CREATED / STATUS durations follow go-units HumanDuration's thresholds."""
    assert human_duration(seconds) == expected
