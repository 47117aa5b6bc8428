"""nginx serves its container's own files: bind mounts, volumes and its layer, with nginx's error pages."""

from __future__ import annotations

from dockersim.lessons import Lesson, record

SITE = "mkdir -p html/sub html/empty && echo hi > html/index.html && echo sub > html/sub/index.html"
RUN = "docker run -d --name web -p 8080:80 -v $(pwd)/html:/usr/share/nginx/html nginx"


def _answers(key: str, *lines: str) -> list[dict]:
    return record(Lesson.from_json({"key": f"nginx-files-{key}", "lines": list(lines)}))["answers"]


def test_a_bind_mounted_site_is_served_on_the_host_and_inside() -> None:
    answers = _answers(
        "bind", SITE, RUN, "curl localhost:8080", "docker exec web curl -s localhost", "curl localhost:8080/sub/"
    )
    assert answers[1]["exit_code"] == 0
    assert answers[2]["stdout"] == "hi\n"
    assert answers[3]["stdout"] == "hi\n"
    assert answers[4]["stdout"] == "sub\n"


def test_an_edit_on_the_host_shows_at_once() -> None:
    answers = _answers("edit", SITE, RUN, "echo changed > html/index.html", "curl -s localhost:8080")
    assert answers[3]["stdout"] == "changed\n"


def test_missing_files_and_bare_directories_get_nginx_pages() -> None:
    answers = _answers(
        "errors", SITE, RUN, "curl -s localhost:8080/nope.html", "curl -s localhost:8080/empty/",
        "curl localhost:8080/sub", "curl -fsS localhost:8080/nope.html", "curl -I localhost:8080/nope.html",
        "docker logs web",
    )  # fmt: skip
    missing, bare, slashless, failing, head, logs = answers[2:]
    assert missing["exit_code"] == 0 and "<head><title>404 Not Found</title></head>\r\n" in missing["stdout"]
    assert "<hr><center>nginx/1.27.3</center>\r\n" in missing["stdout"]
    assert "<center><h1>403 Forbidden</h1></center>" in bare["stdout"]
    assert "301 Moved Permanently" in slashless["stdout"]
    assert failing["exit_code"] == 22 and "returned error: 404" in failing["stderr"]
    assert head["stdout"].startswith("HTTP/1.1 404 Not Found\r\n")
    assert '"GET /nope.html HTTP/1.1" 404 153' in logs["stdout"]
    assert 'open() "/usr/share/nginx/html/nope.html" failed (2: No such file or directory)' in logs["stderr"]


def test_the_stock_page_is_the_image_file_and_a_changed_file_is_served() -> None:
    answers = _answers(
        "layer", "docker run -d --name web -p 8080:80 nginx", "curl -s localhost:8080",
        "docker exec web sh -c 'echo mine > /usr/share/nginx/html/index.html'", "curl -s localhost:8080",
    )  # fmt: skip
    assert "<h1>Welcome to nginx!</h1>" in answers[1]["stdout"]
    assert answers[3]["stdout"] == "mine\n"


def test_a_volume_is_served() -> None:
    answers = _answers(
        "volume", "docker run -d --name web -p 8080:80 -v site:/usr/share/nginx/html nginx",
        "docker exec web sh -c 'echo vol > /usr/share/nginx/html/v.html'", "curl -s localhost:8080/v.html",
        "curl -s localhost:8080",
    )  # fmt: skip
    assert answers[2]["stdout"] == "vol\n"
    # An empty volume starts with the image's files at its mount point (docker copies them in).
    assert "<h1>Welcome to nginx!</h1>" in answers[3]["stdout"]


def test_a_single_bind_mounted_file_is_a_read_only_file() -> None:
    answers = _answers(
        "file", "echo 'events {}' > nginx.conf",
        "docker run -d --name web -v $(pwd)/nginx.conf:/etc/nginx/nginx.conf:ro nginx",
        "docker exec web cat /etc/nginx/nginx.conf", "docker exec web sh -c 'echo x > /etc/nginx/nginx.conf'",
        "docker exec web ls /etc/nginx",
    )  # fmt: skip
    assert answers[2]["stdout"] == "events {}\n" and answers[2]["exit_code"] == 0
    assert "Read-only file system" in answers[3]["stderr"] and answers[3]["exit_code"] != 0
    assert "nginx.conf" in answers[4]["stdout"].split()


def test_a_directory_bound_onto_a_file_of_the_image_fails_to_start() -> None:
    """A missing host path is a directory (docker creates one): mounting it onto nginx.conf fails as runc does."""
    run, status = _answers(
        "missing", "docker run -d --name web -v $(pwd)/nginx.conf:/etc/nginx/nginx.conf:ro nginx",
        "docker inspect -f '{{.State.Status}} {{.State.ExitCode}}' web",
    )  # fmt: skip
    assert run["exit_code"] == 125 and run["stdout"] == ""
    assert 'to rootfs at "/etc/nginx/nginx.conf"' in run["stderr"]
    assert (
        "flags=MS_BIND|MS_REC: not a directory: unknown: Are you trying to mount a directory onto a file"
        in (run["stderr"])
    )
    assert status["stdout"] == "created 127\n"


def test_a_file_bound_onto_a_directory_of_the_image_fails_to_start() -> None:
    _, run = _answers("onto-dir", "echo x > f", "docker run --rm -v $(pwd)/f:/etc/nginx nginx")
    assert run["exit_code"] == 125 and 'to rootfs at "/etc/nginx"' in run["stderr"]


def test_a_site_copied_in_by_the_build_is_served() -> None:
    answers = _answers(
        "copy", "echo built > index.html",
        "printf 'FROM nginx\\nCOPY index.html /usr/share/nginx/html/\\n' > Dockerfile",
        "docker build -q -t site .", "docker run -d --name web -p 8080:80 site", "curl -s localhost:8080",
        "docker exec web cat /usr/share/nginx/html/index.html", "docker exec web cat /usr/share/nginx/html/50x.html",
    )  # fmt: skip
    assert answers[4]["stdout"] == "built\n"
    assert answers[5]["stdout"] == "built\n"
    assert answers[6]["exit_code"] == 0  # the image's other files stay
