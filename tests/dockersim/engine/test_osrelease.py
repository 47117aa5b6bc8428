"""Base images' own details: /etc/os-release per release, apt suites, what Ubuntu lacks, curl's build."""

from __future__ import annotations

from dockersim.build.context import BuildContext
from dockersim.build.runsim import RunState, install_step
from dockersim.engine.osrelease import apt_suite
from dockersim.lessons import Lesson, record

UBUNTU_KEYS = [
    "PRETTY_NAME", "NAME", "VERSION_ID", "VERSION", "VERSION_CODENAME", "ID", "ID_LIKE", "HOME_URL", "SUPPORT_URL",
    "BUG_REPORT_URL", "PRIVACY_POLICY_URL", "UBUNTU_CODENAME", "LOGO",
]  # fmt: skip


def _answers(key: str, *lines: str) -> list[dict]:
    return record(Lesson.from_json({"key": f"osrelease-{key}", "lines": list(lines)}))["answers"]


def _fields(text: str) -> dict[str, str]:
    return dict(line.split("=", 1) for line in text.splitlines() if "=" in line)


def test_ubuntu_latest_is_noble_with_the_whole_os_release() -> None:
    latest, jammy = _answers(
        "ubuntu", "docker run --rm ubuntu cat /etc/os-release", "docker run --rm ubuntu:22.04 cat /etc/os-release"
    )
    fields = _fields(latest["stdout"])
    assert list(fields) == UBUNTU_KEYS
    assert fields["VERSION_CODENAME"] == "noble" and fields["VERSION_ID"] == '"24.04"'
    assert fields["VERSION"] == '"24.04.1 LTS (Noble Numbat)"'
    assert _fields(jammy["stdout"])["UBUNTU_CODENAME"] == "jammy"


def test_apt_get_update_names_the_release_suite() -> None:
    for release, suite in (("", "noble"), ("24.04", "noble"), ("22.04", "jammy")):
        state = RunState(env={}, workdir="/", distro="ubuntu", context=BuildContext(), release=release)
        lines = [text for _, text in install_step(["apt-get", "update"], state).lines]
        assert f"Get:1 http://archive.ubuntu.com/ubuntu {suite} InRelease [151 kB]" in lines
    assert apt_suite("debian") == ("http://deb.debian.org/debian", "bookworm")


def test_ubuntu_has_no_ps_and_its_curl_is_not_alpines() -> None:
    ps, bash_ps, curl = _answers(
        "procps", "docker run --rm ubuntu ps", "docker run --rm ubuntu sh -c ps",
        "docker run --rm nginx curl --version",
    )  # fmt: skip
    assert ps["exit_code"] == 127 and '"ps": executable file not found in $PATH' in ps["stderr"]
    assert bash_ps["exit_code"] == 127 and "ps: not found" in bash_ps["stderr"]
    assert "alpine" not in curl["stdout"] and "(x86_64-pc-linux-gnu)" in curl["stdout"]


def test_ubuntu_releases_share_no_base_layer() -> None:
    _, pulled = _answers("layers", "docker pull -q ubuntu", "docker pull ubuntu:22.04")
    assert "Already exists" not in pulled["stdout"]


def test_a_build_from_ubuntu_22_04_updates_from_jammy() -> None:
    answers = _answers(
        "build", "printf 'FROM ubuntu:22.04\\nRUN apt-get update\\n' > Dockerfile",
        "docker build --progress=plain -t x . 2>&1 | grep Get:1",
    )  # fmt: skip
    assert "http://archive.ubuntu.com/ubuntu jammy InRelease" in answers[1]["stdout"]
