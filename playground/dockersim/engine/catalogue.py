"""Turn the catalogue data into :class:`ImageRecord` objects and answer "is this image on the registry?"."""

from __future__ import annotations

import json
from typing import Any

from dockersim.engine.catalogue_data import BASES, REPOS, SEARCH_ONLY
from dockersim.engine.ids import EPOCH, stable_hex
from dockersim.engine.model import ImageConfig, ImageRecord, LayerRecord
from dockersim.engine.reference import Reference

_VERSION_ENV = {"py": "PYTHON_VERSION", "go": "GOLANG_VERSION", "pg": "PG_VERSION"}


def repo_key(ref: Reference) -> str:
    """The catalogue key of a reference's repository (``nginx``, ``prom/prometheus``, ``docker.elastic.co/…``)."""
    return ref.repository


def find_variant(ref: Reference) -> tuple[str, dict[str, Any]] | None:
    """The catalogue entry serving ``ref`` (by tag or by digest), or None."""
    repo = REPOS.get(repo_key(ref))
    if repo is None:
        return None
    for variant in repo["variants"]:
        if ref.tag_given or not ref.digest:
            if (ref.tag or "latest") in variant["tags"]:
                if ref.digest and ref.digest != variant_digest(repo_key(ref), variant):
                    return None
                return repo_key(ref), variant
        elif ref.digest == variant_digest(repo_key(ref), variant):
            return repo_key(ref), variant
    return None


def known_repository(ref: Reference) -> bool:
    """Whether the catalogue has this repository at all (unknown tag vs unknown repo)."""
    return repo_key(ref) in REPOS


def behaviour_of(repository: str) -> str:
    """The process behaviour of a catalogue repository (``generic`` when unknown)."""
    repo = REPOS.get(repository)
    return repo["behaviour"] if repo else "generic"


def variant_digest(key: str, variant: dict[str, Any]) -> str:
    """The manifest-list digest the registry reports for a variant."""
    return "sha256:" + stable_hex("digest", key, variant["tags"][0])


def _env(base_env: list[str], variant: dict[str, Any]) -> list[str]:
    env = list(variant.get("Env", base_env))
    for short, key in _VERSION_ENV.items():
        if short in variant:
            value = variant[short]
            if short == "pg":
                major = value.split(".")[0]
                value = f"{value}-1.pgdg120+1"
                env = [f"PG_MAJOR={major}" if e.startswith("PG_MAJOR=") else e for e in env]
                env = [e.replace("/17/bin", f"/{major}/bin") if e.startswith("PATH=") else e for e in env]
            env = [f"{key}={value}" if e.startswith(f"{key}=") else e for e in env]
    return env


def _config(repo: dict[str, Any], variant: dict[str, Any]) -> ImageConfig:
    base = repo["config"]
    merged = {**base, **{k: v for k, v in variant.items() if k[:1].isupper()}}
    cmd = merged.get("Cmd")
    return ImageConfig(
        env=_env(base.get("Env", []), variant),
        cmd=list(cmd) if cmd else None,
        entrypoint=list(merged["Entrypoint"]) if merged.get("Entrypoint") else None,
        workdir=merged.get("WorkingDir", ""),
        user=merged.get("User", ""),
        exposed_ports=list(merged.get("ExposedPorts", [])),
        volumes=list(merged.get("Volumes", [])),
        labels=dict(merged.get("Labels", {})),
        stop_signal=merged.get("StopSignal", ""),
    )


def _history(key: str, variant: dict[str, Any], config: ImageConfig, base_name: str, size: int) -> list[LayerRecord]:
    created = EPOCH - variant["days"] * 86400.0
    base = BASES[base_name]
    layers: list[LayerRecord] = []
    if base["size"]:
        layers.append(
            LayerRecord(base["created_by"], base["size"], created - 86400 * 3, digest=stable_hex("base", base_name))
        )
        cmd0 = '["/bin/sh"]' if base_name.startswith(("alpine", "busybox")) else '["bash"]'
        layers.append(LayerRecord(f"CMD {cmd0}", 0, created - 86400 * 3, empty_layer=True))
    for env in config.env:
        if not env.startswith("PATH="):
            layers.append(LayerRecord(f"ENV {env}", 0, created, empty_layer=True))
    rest = max(size - base["size"], 0)
    shares = [0.62, 0.25, 0.1, 0.03] if rest > 1_000_000 else [1.0]
    names = [
        "RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates "
        "curl; rm -rf /var/lib/apt/lists/* # buildkit",
        f"RUN /bin/sh -c set -eux; install {key.split('/')[-1]} and its runtime dependencies # buildkit",
        "RUN /bin/sh -c set -eux; cleanup and smoke test # buildkit",
        "COPY docker-entrypoint.sh /usr/local/bin/ # buildkit",
    ]
    if base_name.startswith("alpine"):
        names[0] = "RUN /bin/sh -c set -eux; apk add --no-cache ca-certificates tzdata # buildkit"
    if base_name == "scratch":
        names = ["COPY hello / # buildkit"]
    for i, share in enumerate(shares):
        layers.append(
            LayerRecord(names[i], int(rest * share), created, digest=stable_hex("layer", key, variant["tags"][0], i))
        )
    tail: list[str] = []
    if config.volumes:
        tail.append("VOLUME [" + " ".join(json.dumps(v) for v in config.volumes) + "]")
    if config.workdir:
        tail.append(f"WORKDIR {config.workdir}")
    if config.entrypoint:
        tail.append("ENTRYPOINT [" + " ".join(json.dumps(v) for v in config.entrypoint) + "]")
    if config.exposed_ports:
        tail.append("EXPOSE map[" + " ".join(f"{p}:{{}}" for p in config.exposed_ports) + "]")
    if config.user:
        tail.append(f"USER {config.user}")
    if config.stop_signal:
        tail.append(f"STOPSIGNAL {config.stop_signal}")
    if config.cmd:
        tail.append("CMD [" + " ".join(json.dumps(v) for v in config.cmd) + "]")
    layers.extend(LayerRecord(line, 0, created, empty_layer=True) for line in tail)
    return layers


def build_record(key: str, variant: dict[str, Any], tag: str, architecture: str = "amd64") -> ImageRecord:
    """The image record a pull of ``key:tag`` stores."""
    repo = REPOS[key]
    config = _config(repo, variant)
    base_name = variant.get("base", repo["base"])
    layers = _history(key, variant, config, base_name, variant["size"])
    name = key
    return ImageRecord(
        id="sha256:" + stable_hex("image", key, variant["tags"][0], architecture),
        repo_tags=[f"{name}:{tag}"],
        layers=layers,
        config=config,
        created=EPOCH - variant["days"] * 86400.0,
        architecture=architecture,
        repo_digests=[f"{name}@{variant_digest(key, variant)}"],
    )


#: Public registries other than Docker Hub: how each refuses a repository it does not hold (docker 28's text).
_REGISTRY_REFUSALS = {
    "ghcr.io": "denied",
    "quay.io": "unauthorized: access to the requested resource is not authorized",
    "gcr.io": "denied: Permission denied",
    "registry.gitlab.com": "denied: requested access to the resource is denied",
    "mcr.microsoft.com": "manifest unknown",
    "public.ecr.aws": "denied: requested access to the resource is denied",
}
#: The daemon's DNS server in the simulated Docker Desktop VM (as containers' resolv.conf shows).
DAEMON_RESOLVER = "192.168.65.7:53"


def registry_refusal(ref: Reference) -> str:
    """docker's pull error for a repository outside Docker Hub that the simulated world does not hold.

    A well-known public registry answers its own refusal; a loopback address has nothing listening; any other
    host name does not resolve (the playground has no private registries).
    """
    host = ref.domain.split(":")[0]
    tag = ref.tag or "latest"
    if ref.domain in _REGISTRY_REFUSALS:
        what = ref.digest if ref.digest and not ref.tag_given else tag
        return f'Head "https://{ref.domain}/v2/{ref.path}/manifests/{what}": {_REGISTRY_REFUSALS[ref.domain]}'
    port = ref.domain.split(":")[1] if ":" in ref.domain else "443"
    if host in ("localhost", "127.0.0.1", "::1", "[::1]"):
        return f'Get "http://{ref.domain}/v2/": dial tcp 127.0.0.1:{port}: connect: connection refused'
    return f'Get "https://{ref.domain}/v2/": dial tcp: lookup {host} on {DAEMON_RESOLVER}: no such host'


def missing_note(ref: Reference, shown: str) -> str:
    """The simulator's line under a pull error for an image it lacks (``shown`` as the error names it).

    docker's error is right for a misspelt name, but the simulator cannot reach the registry, so a real image
    outside its catalogue gets the same error: the note says so and names what the catalogue holds.
    """
    if ref.is_docker_hub:
        where = "Docker Hub"
    elif ref.domain in _REGISTRY_REFUSALS or ref.domain in {k.split("/")[0] for k in REPOS}:
        where = ref.domain
    else:
        return ""
    if repo_key(ref) in REPOS:
        held = f"its {ref.repository} tags: " + ", ".join(all_tags(repo_key(ref)))
    else:
        held = "its images: " + ", ".join(sorted(REPOS, key=lambda key: ("." in key.split("/")[0], key)))
    return f"dockersim: the simulator cannot reach {where} and its catalogue has no {shown}; {held}"


def all_tags(key: str) -> list[str]:
    """Every tag of a catalogue repository, in catalogue order."""
    return [tag for variant in REPOS[key]["variants"] for tag in variant["tags"]]


def search(term: str) -> list[dict[str, Any]]:
    """``docker search`` results: catalogue repositories (and a few community ones) matching ``term``."""
    term = term.lower()
    rows = [
        {"name": key, "description": repo["description"], "stars": repo["stars"], "official": repo["official"]}
        for key, repo in REPOS.items()
        if repo.get("search", True)
    ]
    rows += SEARCH_ONLY
    hits = [r for r in rows if term in r["name"] or term in r["description"].lower()]
    return sorted(hits, key=lambda r: (term not in r["name"], -r["stars"]))
