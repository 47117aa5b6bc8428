"""Extraction rules of the cheat sheet, on small Markdown snippets (no build)."""

from __future__ import annotations

import textwrap

import pytest
from docker_notes.cheatsheet.commands import parse_command, topic_for
from docker_notes.cheatsheet.extract import Entry, extract_page, group_by_topic, merge
from docker_notes.cheatsheet.files import compose_info, dockerfile_info
from docker_notes.cheatsheet.scan import scan_markdown
from docker_notes.cheatsheet.shell import find_commands, logical_lines, split_comment, words
from docker_notes.playground.tryit import is_compose


def md(text: str) -> str:
    """Dedent a snippet so tests can indent it."""
    return textwrap.dedent(text).strip("\n") + "\n"


def entries_of(text: str, page: str = "page.md") -> list[Entry]:
    """Merged entries of one snippet."""
    items, _ = extract_page(md(text), page)
    return merge(items)


def commands_of(text: str) -> list[str]:
    """Command texts of one snippet, in order."""
    return [entry.text for entry in entries_of(text) if entry.kind == "command"]


def test_backslash_continuations_are_joined_and_layout_kept_for_display() -> None:
    """A command split over lines with ``\\`` is one command; the display keeps one flag per line."""
    [entry] = entries_of(
        """
        ## Run
        ```bash
        docker run -d \\
          --name web \\
          -p 8080:80 \\
          nginx
        ```
        """
    )
    assert entry.text == "docker run -d --name web -p 8080:80 nginx"
    assert entry.display == "docker run -d \\\n  --name web \\\n  -p 8080:80 \\\n  nginx"
    assert entry.places[0].line == 3


def test_leading_prompt_is_dropped_and_console_output_is_not_a_command() -> None:
    """``$ docker ps`` is ``docker ps``; in a console block, unprompted lines are output."""
    assert commands_of(
        """
        ```console
        $ docker ps -a
        docker-output-looking line that is not a command
        $ docker images
        ```
        """
    ) == ["docker ps -a", "docker images"]
    assert commands_of("```sh\n$ docker version\n```") == ["docker version"]


def test_trailing_comment_is_split_off_kept_and_used_as_description() -> None:
    """``docker ps  # List running`` has text ``docker ps`` and the comment as its description."""
    [entry] = entries_of("```bash\ndocker ps -a   # List all containers\n```")
    assert entry.text == "docker ps -a"
    assert entry.meta["command"]["comment"] == "List all containers"
    assert entry.description == "List all containers"


def test_hash_inside_quotes_or_words_is_not_a_comment() -> None:
    """A ``#`` in quotes or glued to a word is part of the command."""
    assert split_comment('docker run --label "a#b" img#1  # real') == ('docker run --label "a#b" img#1', "real")


def test_nested_substitution_is_one_line_reading_outer_and_inner_command() -> None:
    """``docker stop $(docker ps -q)`` is one entry, as written; it reads the outer and the inner command."""
    [entry] = entries_of("```bash\ndocker stop $(docker ps -q)\n```")
    assert entry.text == "docker stop $(docker ps -q)"
    assert [c["canonical"] for c in entry.meta["commands"]] == ["docker container stop", "docker container ls"]
    assert entry.meta["command"] is entry.meta["commands"][0]
    assert find_commands("echo `docker ps -aq`") == [(["docker", "ps", "-aq"], False)]


def test_chains_and_pipes_stay_whole_and_read_each_docker_command() -> None:
    """A line of commands joined with ``&&``, ``||``, ``;`` and ``|`` is one entry, as written, reading each
    docker command in it (other programs are not commands) and filed under each of their topics."""
    chain, pipe = entries_of(
        """
        ```bash
        docker stop web && docker rm web; docker ps | grep web || docker images
        docker inspect web | grep IPAddress
        ```
        """
    )
    assert chain.text == "docker stop web && docker rm web; docker ps | grep web || docker images"
    assert [c["text"] for c in chain.meta["commands"]] == [
        "docker stop web",
        "docker rm web",
        "docker ps",
        "docker images",
    ]
    assert chain.topic == "containers" and chain.topics == ["containers", "clean-up", "images"]
    assert pipe.text == "docker inspect web | grep IPAddress"
    assert [c["canonical"] for c in pipe.meta["commands"]] == ["docker inspect"]


def test_operators_inside_quotes_do_not_split() -> None:
    """``sh -c "cd /app && npm start"`` stays inside its docker command."""
    assert commands_of('```bash\ndocker run node sh -c "cd /app && npm start"\n```') == [
        'docker run node sh -c "cd /app && npm start"'
    ]


def test_heredoc_bodies_are_not_commands() -> None:
    """Lines of a heredoc are data, even when they look like docker commands."""
    assert commands_of(
        """
        ```bash
        cat > script.sh << 'EOF'
        docker ps
        docker images
        EOF
        docker version
        echo '<<EOF' && docker info
        ```
        """
    ) == ["docker version", "echo '<<EOF' && docker info"]


def test_output_example_lines_are_not_commands() -> None:
    """``# Output:`` lines, and uncommented lines under an ``# Output:`` heading, are examples."""
    assert commands_of(
        """
        ```bash
        docker run my-image   # Output: Hello World
        # Output: docker ps
        # Output:
        docker-like output line
        docker ps output that is not a command

        docker ps
        ```
        """
    ) == ["docker run my-image", "docker ps"]


def test_description_falls_back_from_comment_to_nearest_comment_above_to_heading() -> None:
    """Own comment first, then the nearest comment above in the paragraph, then the section heading."""
    entries = {
        entry.text: entry.description
        for entry in entries_of(
            """
            ## Basic Commands
            ```bash
            # Pull images
            docker pull nginx
            docker pull redis
            # OR
            docker pull alpine

            docker ps   # Lists running containers
            docker ps -a  # Works!

            docker images
            ```
            """
        )
    }
    assert entries == {
        "docker pull nginx": "Pull images",  # docker pull redis and alpine: the same shape, described alike
        "docker ps": "Lists running containers",
        "docker ps -a": "Basic Commands",
        "docker images": "Basic Commands",
    }


def test_identical_commands_are_one_entry_with_every_place() -> None:
    """The same command on two pages is one entry listing both places; first comment wins."""
    items_a, _ = extract_page(md("# A\n## Intro\n```bash\ndocker ps\n```"), "a.md")
    items_b, _ = extract_page(md("# B\n## Again\n```bash\n# List containers\ndocker   ps\n```"), "b.md")
    [entry] = merge(items_a + items_b)
    assert [(place.page, place.anchor) for place in entry.places] == [("a.md", "intro"), ("b.md", "again")]
    assert entry.description == "List containers"


@pytest.mark.parametrize(
    ("line", "canonical"),
    [
        ("docker ps", "docker container ls"),
        ("docker container ls -a", "docker container ls"),
        ("docker container list", "docker container ls"),
        ("docker images", "docker image ls"),
        ("docker image ls", "docker image ls"),
        ("docker rmi nginx", "docker image rm"),
        ("docker image remove nginx", "docker image rm"),
        ("docker rm web", "docker container rm"),
        ("docker run -d nginx", "docker container run"),
        ("docker build -t app .", "docker image build"),
        ("docker-compose up -d", "docker compose up"),
        ("docker compose -f dev.yml up", "docker compose up"),
        ("docker-compose -p shop logs -f", "docker compose logs"),
        ("docker volume list", "docker volume ls"),
        ("docker network rm net", "docker network rm"),
        ("docker system prune -a", "docker system prune"),
        ("docker --context prod ps", "docker container ls"),
    ],
)
def test_canonical_command(line: str, canonical: str) -> None:
    """Aliases and shortcuts map to one canonical (management) command."""
    assert parse_command(words(line)).canonical == canonical


def test_flags_used_split_clusters_and_skip_values() -> None:
    """Flags are listed once, ``-aq`` splits, values of value flags are not flags, the container's command is not."""
    info = parse_command(words("docker ps -aq -f status=exited --format '{{.ID}}'"))
    assert info.flags == ["-a", "-q", "-f", "--format"]
    info = parse_command(words("docker run -it --rm -p 8080:80 -v data:/data nginx nginx -t --debug"))
    assert info.flags == ["-i", "-t", "--rm", "-p", "-v"]
    assert info.args == ["nginx", "nginx", "-t", "--debug"]
    assert parse_command(words("docker build --no-cache -t app:1 -f Dockerfile.dev .")).flags == [
        "--no-cache",
        "-t",
        "-f",
    ]


def test_usage_synopsis_is_marked() -> None:
    """``docker run [OPTIONS] IMAGE`` is a synopsis, not a runnable command (and ``|`` in brackets is no pipe)."""
    assert commands_of("```bash\ndocker pull [OPTIONS] NAME[:TAG|@DIGEST]\n```") == [
        "docker pull [OPTIONS] NAME[:TAG|@DIGEST]"
    ]
    assert parse_command(words("docker run [OPTIONS] IMAGE [COMMAND]")).usage
    assert not parse_command(words("docker run -d nginx")).usage


@pytest.mark.parametrize(
    ("line", "topic"),
    [
        ("docker run nginx", "containers"),
        ("docker ps", "containers"),
        ("docker images", "images"),
        ("docker build .", "build"),
        ("docker volume create v", "volumes"),
        ("docker network ls", "networks"),
        ("docker-compose up", "compose"),
        ("docker rm web", "clean-up"),
        ("docker rmi nginx", "clean-up"),
        ("docker volume prune", "clean-up"),
        ("docker system prune -a", "clean-up"),
        ("docker pull nginx", "registry"),
        ("docker push me/app", "registry"),
        ("docker login", "registry"),
    ],
)
def test_topic_from_canonical_command(line: str, topic: str) -> None:
    """Topic comes from the canonical command: prune/rm are clean-up, pull/push/login are registry."""
    assert topic_for(parse_command(words(line)).path) == topic


def test_dockerfile_block_is_one_entry_with_bases_stages_instructions() -> None:
    """A Dockerfile block is kept whole, with its base images, stages, instructions and COPY --from."""
    text = md(
        """
        # syntax=docker/dockerfile:1
        FROM node:18 AS builder
        RUN npm ci && \\
            npm run build
        FROM builder AS test
        FROM nginx:alpine
        COPY --from=builder /app/dist /usr/share/nginx/html
        """
    )
    [entry] = entries_of(f"## Multi-stage\n```dockerfile\n{text}```")
    assert entry.kind == "dockerfile" and entry.topic == "build"
    assert entry.text == text.strip("\n")
    assert entry.meta["dockerfile"] == {
        "base_images": ["node:18", "nginx:alpine"],
        "stages": ["builder", "test"],
        "instructions": ["FROM", "RUN", "COPY"],
        "copy_from": ["builder"],
    }
    assert dockerfile_info("FROM scratch\nCOPY app /")["base_images"] == ["scratch"]


def test_compose_block_is_a_yaml_block_with_services() -> None:
    """A yaml block with top-level ``services:`` is a Compose file; its services and images are listed."""
    compose = md(
        """
        services:
          # the web server
          web:
            image: nginx:alpine
            ports:
              - "80:80"
          db:
            image: "postgres:15"
        volumes:
          data:
        """
    )
    assert is_compose(compose) and not is_compose("key: value\nnested:\n  services: 1\n")
    assert compose_info(compose) == {"services": ["web", "db"], "images": ["nginx:alpine", "postgres:15"]}
    [entry] = entries_of(f"```yaml\n{compose}```\n\n```yaml\nsettings: 1\n```")
    assert entry.kind == "compose" and entry.topic == "compose"


def test_dockerignore_block_is_collected() -> None:
    """A ``dockerignore`` block (as the notes fence it, with a title) is an entry of its own."""
    [entry] = entries_of('```dockerignore title=".dockerignore"\nnode_modules/\n.git/\n```')
    assert entry.kind == "dockerignore" and entry.text == "node_modules/\n.git/"
    assert entry.description == ".dockerignore"


def test_anchors_follow_toc_slugs_and_duplicate_suffixes() -> None:
    """Section anchors are the toc's: markup stripped, slugified, ``_1`` for a repeated heading, attr-list ids."""
    scan = scan_markdown(
        md(
            """
            # Notes
            ### 1. **docker run** - Create a container
            ## Examples
            ## Examples
            ## Custom {#my-id}
            Setext heading
            --------------
            """
        )
    )
    assert [heading.anchor for heading in scan.headings] == [
        "notes",
        "1-docker-run-create-a-container",
        "examples",
        "examples_1",
        "my-id",
        "setext-heading",
    ]
    assert scan.headings[1].title == "1. docker run - Create a container"


def test_commands_link_to_their_section() -> None:
    """Each place carries the heading and anchor of the section the block is in."""
    [first, second] = entries_of("## Examples\n```bash\ndocker ps\n```\n## Examples\n```bash\ndocker images\n```")
    assert (first.places[0].heading, first.places[0].anchor) == ("Examples", "examples")
    assert second.places[0].anchor == "examples_1"


def test_headings_inside_code_blocks_are_not_sections() -> None:
    """A ``# comment`` inside a fence is not a heading."""
    scan = scan_markdown(md("# Title\n```bash\n# not a heading\ndocker ps\n```"))
    assert [heading.title for heading in scan.headings] == ["Title"]


def test_unclosed_fence_is_reported_with_its_line() -> None:
    """An unclosed fence is a problem with the line it opens on (the plugin turns it into a warning)."""
    scan = scan_markdown(md("# T\n\ntext\n```bash\ndocker ps\n"))
    assert scan.problems == [(4, "unclosed code fence ```bash")]


def test_indented_fences_in_admonitions_are_read() -> None:
    """Fences nested in admonitions or lists are dedented and read like any other."""
    assert commands_of('!!! tip "Clean up"\n    ```bash\n    docker system prune\n    ```\n') == ["docker system prune"]


def test_other_languages_are_ignored() -> None:
    """Python, text or plain yaml blocks contribute nothing."""
    assert entries_of("```python\nos.system('docker ps')\n```\n```text\ndocker ps\n```") == []


def test_groups_follow_topic_order_and_keep_variants_together() -> None:
    """Entries group by topic in display order; variants of one canonical command sit together."""
    entries = entries_of("```bash\ndocker run a\ndocker ps\ndocker run b\ndocker rm a\n```")
    groups = [(topic, [entry.text for entry in members]) for topic, _, members in group_by_topic(entries)]
    assert groups == [
        ("containers", ["docker run a", "docker run b", "docker ps"]),
        ("clean-up", ["docker rm a"]),
    ]


def test_logical_lines_number_paragraphs() -> None:
    """Blank lines separate paragraphs; a description never crosses one."""
    lines = logical_lines("# one\n\ndocker ps\n")
    assert [(line.kind, line.paragraph) for line in lines][:3] == [("comment", 0), ("blank", 1), ("code", 1)]
    assert commands_of("## Heading\n```bash\n# unrelated\n\ndocker ps\n```") == ["docker ps"]
    assert entries_of("## Heading\n```bash\n# unrelated\n\ndocker ps\n```")[0].description == "Heading"


def test_lines_spelled_differently_are_one_entry_keeping_each_as_written() -> None:
    """Blanks, quotes, ``docker-compose``/``docker compose``, ``ps``/``container ls``, ``:latest``: one entry,
    every line kept as written (variants, and the line at each place)."""
    [pull, ps, up, rm] = entries_of(
        """
        ```bash
        docker pull nginx
        docker pull nginx:latest
        docker ps --filter "name=web"
        docker container ls --filter name=web
        docker-compose up -d
        docker compose up -d
        docker rm web
        docker rm   web
        ```
        """
    )
    assert pull.text == "docker pull nginx"
    assert [v["text"] for v in pull.meta["variants"]] == ["docker pull nginx:latest"]
    assert [v["text"] for v in ps.meta["variants"]] == ["docker container ls --filter name=web"]
    assert [v["text"] for v in up.meta["variants"]] == ["docker compose up -d"]
    assert "variants" not in rm.meta and len(rm.places) == 2
    assert [place.text for place in pull.places] == ["docker pull nginx", "docker pull nginx:latest"]


def test_same_shape_merges_only_when_described_alike() -> None:
    """Two lines with the same commands, flags and argument count are one entry when their description is
    the same (``Create volume``); a different flag value or description keeps them apart."""
    entries = entries_of(
        """
        ```bash
        docker volume create my-data   # Create volume
        docker volume create db-data   # Create volume
        docker stop -t 30 web   # Wait 30 seconds
        docker stop -t 0 web    # Kill at once
        docker stop web   # Stop it
        docker stop -t 0 web   # Stop it
        ```
        """
    )
    assert [entry.text for entry in entries] == [
        "docker volume create my-data",
        "docker stop -t 30 web",
        "docker stop -t 0 web",
        "docker stop web",
    ]
    assert [v["text"] for v in entries[0].meta["variants"]] == ["docker volume create db-data"]
    assert entries[2].places[1].description == "Stop it"


def test_files_differing_in_comments_and_blanks_are_one_entry() -> None:
    """A Dockerfile shown twice, once with a comment and a blank line more, is one entry."""
    twice = "```dockerfile\nFROM alpine\nRUN true\n```\n\n```dockerfile\n# Base\nFROM alpine\n\nRUN true\n```"
    [entry] = [e for e in entries_of(twice) if e.kind == "dockerfile"]
    assert len(entry.places) == 2 and len(entry.meta["variants"]) == 1
