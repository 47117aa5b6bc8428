"""`<!-- try: … -->` comments: parsed strictly, found right above their fence, removed before rendering."""

from __future__ import annotations

import pytest
from docker_notes.lessons.directives import DirectiveError, parse, strip
from docker_notes.lessons.model import command_lines, read_page

PAGE = """# Title

## Build

<!-- try: context=node-app tag=my-app expect="hello" -->
```dockerfile
FROM node:18-alpine
COPY . .
```

<!-- try: none -->
```dockerfile
FROM <image>:<tag>
```

```bash
docker run -d --name web nginx   # start it
cat > .env << EOF
A=1
EOF
docker run [OPTIONS] IMAGE
```
"""


def test_parse_keys_values_flags_and_repeats() -> None:
    found = parse('context=app expect="a b" expect=c none')
    assert found.get("context") == "app"
    assert found.all("expect") == ["a b", "c"]
    assert "none" in found.flags


@pytest.mark.parametrize("body", ["bogus=1", 'expect="unclosed'])
def test_bad_comments_fail_the_build(body: str) -> None:
    with pytest.raises(DirectiveError):
        parse(body)


def test_read_page_attaches_comments_to_the_fence_below() -> None:
    model = read_page("page.md", PAGE)
    first, template, commands = model.blocks
    assert first.kind == "dockerfile" and first.directives.get("context") == "node-app"
    assert template.kind is None
    assert commands.kind == "command" and not commands.directives


def test_command_lines_keep_heredocs_whole_and_drop_templates() -> None:
    lines = command_lines(read_page("page.md", PAGE).blocks[2].text)
    assert lines == ["docker run -d --name web nginx", "cat > .env << EOF\nA=1\nEOF"]


def test_strip_removes_every_comment() -> None:
    assert "try:" not in strip(PAGE)
    assert "```dockerfile" in strip(PAGE)
