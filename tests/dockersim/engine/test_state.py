"""The field-type checks that guard a restored state: what each (string) annotation accepts."""

from __future__ import annotations

from typing import Any

import pytest
from dockersim.engine.state import ContainerRecord, check_field_types, matches


@pytest.mark.parametrize(
    ("value", "annotation", "expected"),
    [
        ("x", "str", True),
        (1, "str", False),
        (1, "int", True),
        (True, "int", False),  # a bool is an int to isinstance, never to a saved state
        (True, "bool", True),
        (1, "float", True),
        (2.5, "float", True),
        (1e12, "float", False),  # out of the simulated clock's range
        (float("nan"), "float", False),
        (None, "list[str] | None", True),
        (["a", "b"], "list[str] | None", True),
        (["a", 1], "list[str]", False),
        ({"a": "b"}, "dict[str, str]", True),
        ({"a": 1}, "dict[str, str]", False),
        ({1: "b"}, "dict[str, str]", False),
        ({"a": [{"k": 1}]}, "dict[str, list[dict[str, Any]]]", True),
        ({"a": [1]}, "dict[str, list[dict[str, Any]]]", False),
        (object(), "Any", True),
        (object(), "SomethingElse", True),
    ],
)
def test_matches(value: Any, annotation: str, expected: bool) -> None:
    assert matches(value, annotation) is expected
    assert matches(value, annotation) is expected  # the second answer comes from the cached test


def test_check_field_types_names_the_field_and_its_type() -> None:
    record = ContainerRecord(
        id="c" * 64, name="web", image="nginx", image_id="sha256:1", path="nginx", args=[], created=0.0
    )
    check_field_types(record)
    record.args = ["ok", 3]  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"ContainerRecord\.args does not match list\[str\]"):
        check_field_types(record)
