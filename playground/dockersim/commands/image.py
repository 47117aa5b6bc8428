"""``docker image …`` handlers: ls, pull, push, rm, tag, history, inspect, prune."""

from __future__ import annotations

import json
import time
from typing import Any

from dockersim.cli import clientchecks, links
from dockersim.cli.spec import Options
from dockersim.cli.unit import Arg, command
from dockersim.commands._common import (
    daemon_error,
    glob_match,
    inspect_each,
    label_match,
    parse_filters,
    run_prune_with_all,
    write_listing,
)
from dockersim.context import CommandContext, EngineError, SimulatorError, Stream
from dockersim.engine import catalogue
from dockersim.engine.engine import Engine
from dockersim.engine.ids import stable_hex
from dockersim.engine.model import ImageRecord
from dockersim.engine.reference import is_full_hex_id, parse_reference
from dockersim.formatting.inspect import image_json
from dockersim.formatting.template import Ctx
from dockersim.formatting.units import ago, human_size

IMAGE_HEADER = {
    "Repository": "REPOSITORY", "Tag": "TAG", "ID": "IMAGE ID", "Digest": "DIGEST", "CreatedSince": "CREATED",
    "CreatedAt": "CREATED AT", "Size": "SIZE", "Containers": "CONTAINERS", "SharedSize": "SHARED SIZE",
    "UniqueSize": "UNIQUE SIZE", "VirtualSize": "SIZE",
}  # fmt: skip


def sorted_images(engine: Engine) -> list[ImageRecord]:
    """Newest first."""
    items = list(engine.images.peek())
    order = {img.id: i for i, img in enumerate(items)}
    return sorted(items, key=lambda i: (i.created, order[i.id]), reverse=True)


def _rows(img: ImageRecord) -> list[tuple[str, str, str]]:
    """(repository, tag, digest) rows of one image."""
    digests = {d.split("@")[0]: d.split("@")[1] for d in img.repo_digests if "@" in d}
    if not img.repo_tags:
        if digests:
            return [(repo, "<none>", dig) for repo, dig in digests.items()]
        return [("<none>", "<none>", "<none>")]
    rows = []
    for ref in img.repo_tags:
        repo, _, tag = ref.rpartition(":")
        rows.append((repo, tag, digests.get(repo, "<none>")))
    return rows


def image_ctx(engine: Engine, img: ImageRecord, repo: str, tag: str, digest: str, trunc: bool) -> Ctx:
    """``*formatter.imageContext`` for one row."""
    short = img.id.removeprefix("sha256:")[:12] if trunc else img.id
    fields: dict[str, Any] = {
        "ID": short,
        "Repository": repo,
        "Tag": tag,
        "Digest": digest,
        "CreatedSince": lambda: ago(engine.now() - img.created),
        "CreatedAt": time.strftime("%Y-%m-%d %H:%M:%S +0000 UTC", time.gmtime(img.created)),
        "Size": human_size(img.size),
        "VirtualSize": human_size(img.size),
        "SharedSize": "N/A",
        "UniqueSize": "N/A",
        "Containers": "N/A",
    }
    return Ctx("*formatter.imageContext", fields)


@command("image ls", check=clientchecks.images, explain=("list the images stored locally", links.IMAGE))
def run_ls(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker images`` / ``docker image ls [REPOSITORY[:TAG]]``."""
    engine = ctx.engine
    f = parse_filters(opts, {"dangling", "label", "before", "since", "reference", "until"})
    refs = list(f.get("reference", [])) + list(args[:1])
    before = [engine.find_image(v, peek=True).created for v in f.get("before", [])]
    since = [engine.find_image(v, peek=True).created for v in f.get("since", [])]
    dangling = None
    for v in f.get("dangling", []):
        if v.lower() not in ("true", "false", "1", "0"):
            raise EngineError(f"Invalid filter 'dangling={v}'")
        dangling = v.lower() in ("true", "1")
    trunc = not opts.no_trunc
    rows: list[Ctx] = []
    for img in sorted_images(engine):
        is_dangling = not img.repo_tags
        if (dangling is True and not is_dangling) or (dangling is False and is_dangling):
            continue
        if "label" in f and not label_match(img.config.labels, f["label"]):
            continue
        if before and not all(img.created < b for b in before):
            continue
        if since and not all(img.created > s for s in since):
            continue
        for repo, tag, digest in _rows(img):
            if refs and not any(_ref_match(pattern, repo, tag) for pattern in refs):
                continue
            if is_dangling and refs:
                continue
            rows.append(image_ctx(engine, img, repo, tag, digest, trunc))
    default = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
    if opts.digests:
        default = "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
    write_listing(ctx, opts, rows, IMAGE_HEADER, default, quiet_field="ID")
    return 0


def _ref_match(pattern: str, repo: str, tag: str) -> bool:
    if ":" in pattern.rsplit("/", 1)[-1]:
        return glob_match(pattern, f"{repo}:{tag}")
    return glob_match(pattern, repo)


@command(
    "image pull",
    check=clientchecks.pull_push,
    args=(Arg("image", "the image reference to download", links.IMAGE),),
    explain=("download an image from a registry", links.PULL),
    pulls=True,
)
def run_pull(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker pull``: progress on stdout, then the canonical reference."""
    engine = ctx.engine
    engine.tick()
    name = args[0]
    if is_full_hex_id(name):
        raise SimulatorError(f"invalid repository name ({name}), cannot specify 64-byte hexadecimal strings")
    try:
        ref = parse_reference(name)
    except SimulatorError as exc:
        raise SimulatorError(exc.message) from None
    quiet = bool(opts.quiet)
    platform = opts.platform or ""
    if opts.all_tags:
        if ref.tag_given or ref.digest:
            raise SimulatorError("tag can't be used with --all-tags/-a")
        key = catalogue.repo_key(ref)
        if key in catalogue.REPOS:
            tags = catalogue.all_tags(key)
        else:  # a repository pushed to the simulated registry, or the registry's error (even with a local x)
            tags = [held.rsplit(":", 1)[1] for held in engine.registry if held.startswith(ref.repository + ":")]
            if not tags:
                engine.pull_image(name, None, always=True)
        buffer = Stream(tty=ctx.out.tty)  # each tag's progress as the terminal (or not) shows it
        for tag in tags:
            engine.pull_image(f"{ref.repository}:{tag}", buffer, platform=platform, always=True)
        if not quiet:
            kept = [line for line in buffer.getvalue().splitlines(True) if not line.startswith("Status: ")]
            ctx.out.write("".join(kept) + f"Status: Downloaded newer image for {ref.repository}\n")
        ctx.out.write(f"{ref.domain}/{ref.path}\n")
        return 0
    if not ref.tag_given and not ref.digest and not quiet:
        ctx.out.write("Using default tag: latest\n")
    engine.pull_image(name, None if quiet else ctx.out, platform=platform, always=True)
    ctx.out.write(ref.canonical + "\n")
    return 0


@command(
    "image push",
    check=clientchecks.push,
    args=(Arg("image", "the image reference to upload", links.HUB),),
    explain=("upload an image to a registry", links.HUB),
)
def run_push(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker push``: needs the tag locally and, for Docker Hub, a login for that namespace."""
    engine = ctx.engine
    engine.tick()
    ref = parse_reference(args[0])
    quiet = bool(opts.quiet)
    if not ref.tag_given and not ref.digest and not quiet:
        ctx.out.write("Using default tag: latest\n")
    img = engine.get_image(ref.familiar)
    if img is None:
        raise SimulatorError(f"An image does not exist locally with the tag: {ref.repository}")
    if not quiet:
        ctx.out.write(f"The push refers to repository [{ref.domain}/{ref.path}]\n")
    registry = "https://index.docker.io/v1/" if ref.is_docker_hub else ref.domain
    auth = engine.auths.get(registry)
    namespace = ref.path.split("/")[0]
    layers = [layer for layer in img.layers if not layer.empty_layer and layer.size > 0]
    allowed = auth is not None and (not ref.is_docker_hub or namespace == auth.get("username"))
    if not allowed:
        if not quiet:
            for layer in layers:
                ctx.out.write(f"{(layer.digest or stable_hex('l', layer.created_by))[:12]}: Preparing\n")
        if ref.is_docker_hub or (auth is None and not ref.domain.startswith(("localhost", "127.0.0.1"))):
            raise (
                EngineError("denied: requested access to the resource is denied", from_daemon=False)
                if ref.is_docker_hub
                else EngineError(
                    f'Head "https://{ref.domain}/v2/{ref.path}/blobs/uploads/": unauthorized: authentication required',
                    from_daemon=False,
                )
            )
    already = {d for v in engine.registry.values() for d in v.get("layers", [])}
    lines = []
    pushed_digests = []
    for layer in layers:
        digest = layer.digest or stable_hex("l", layer.created_by, layer.size)
        pushed_digests.append(digest)
        lines.append(f"{digest[:12]}: Preparing")
    for layer, digest in zip(layers, pushed_digests, strict=True):
        base = bool(layer.digest) and any(
            layer.digest in (x.digest for x in i.layers) for i in engine.images.values() if not i.built_locally
        )
        if digest in already:
            lines.append(f"{digest[:12]}: Layer already exists")
        elif base and ref.is_docker_hub:
            lines.append(f"{digest[:12]}: Mounted from {_base_repo(engine, img, layer.digest)}")
        else:
            lines.append(f"{digest[:12]}: Pushed")
    manifest = "sha256:" + stable_hex("manifest", img.id, ref.familiar)
    engine.registry[ref.familiar] = {"image": img.to_dict(), "layers": pushed_digests}
    digest_ref = f"{ref.repository}@{manifest}"
    if digest_ref not in img.repo_digests:
        img.repo_digests.append(digest_ref)
    if not quiet:
        ctx.out.write("".join(line + "\n" for line in lines))
        ctx.out.write(f"{ref.tag or 'latest'}: digest: {manifest} size: {527 + 212 * len(layers)}\n")
    else:
        ctx.out.write(f"{ref.canonical}\n")
    return 0


def _base_repo(engine: Engine, img: ImageRecord, digest: str) -> str:
    """The repository a shared layer is mounted from (``library/nginx`` for official images)."""
    for other in [img, *engine.images.values()]:
        if other.built_locally or not any(layer.digest == digest for layer in other.layers):
            continue
        for ref in [*other.repo_digests, *other.repo_tags]:
            repo = ref.split("@")[0] if "@" in ref else ref.rpartition(":")[0]
            if "." in repo.split("/")[0] or ":" in repo.split("/")[0]:
                continue
            return repo if "/" in repo else f"library/{repo}"
    return "library/alpine"


@command(
    "image rm", check=clientchecks.platforms(""), explain=("delete local images (or just a tag of them)", links.IMAGE)
)
def run_rm(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker rmi``: ``Untagged:`` / ``Deleted:`` lines; conflicts as the daemon words them."""
    engine = ctx.engine
    engine.tick()
    force = bool(opts.force)
    code = 0
    for name in args:
        try:
            lines = engine.remove_image(name, force=force)
        except SimulatorError as exc:
            daemon_error(ctx, exc)
            if not (force and "No such image" in exc.message):
                code = 1
            continue
        ctx.out.write("".join(line + "\n" for line in lines))
    return code


@command(
    "image tag",
    check=clientchecks.tag,
    args=(Arg("image", "the existing image", links.IMAGE), Arg("image", "the new name for it", links.IMAGE)),
    explain=("give an existing image another name", links.IMAGE),
)
def run_tag(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker tag SOURCE TARGET``."""
    engine = ctx.engine
    engine.tick()
    source, target = args
    for ref in (source, target):
        if ref is target and is_full_hex_id(ref):
            raise SimulatorError(f"invalid repository name ({ref}), cannot specify 64-byte hexadecimal strings")
    try:
        parse_reference(target)
    except SimulatorError as exc:
        raise SimulatorError(
            f'Error parsing reference: "{target}" is not a valid repository/tag: {exc.message}'
        ) from None
    engine.tag_image(source, target)
    return 0


@command(
    "image history",
    check=clientchecks.platforms("invalid platform: "),
    explain=("list the layers an image is made of and the step that made each", links.IMAGE),
)
def run_history(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker history``: newest layer first; ``<missing>`` IDs for layers pulled from a registry."""
    engine = ctx.engine
    img = engine.find_image(args[0], peek=True)
    human = bool(opts.human)
    trunc = not opts.no_trunc
    rows: list[Ctx] = []
    layers = list(reversed(img.layers))
    for i, layer in enumerate(layers):
        ident = img.id if i == 0 else "<missing>"
        if ident != "<missing>" and trunc:
            ident = ident.removeprefix("sha256:")[:12]
        created_by = layer.created_by
        if trunc and len(created_by) > 45:
            created_by = created_by[:44] + "…"
        created = (
            ago(engine.now() - layer.created)
            if human
            else time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(layer.created))
        )
        size = human_size(layer.size) if human else str(layer.size)
        comment = layer.comment or (
            "buildkit.dockerfile.v0" if "# buildkit" in layer.created_by or img.built_locally else ""
        )
        rows.append(
            Ctx(
                "*formatter.historyContext",
                {
                    "ID": ident,
                    "CreatedSince": created,
                    "CreatedAt": created,
                    "CreatedBy": created_by,
                    "Size": size,
                    "Comment": comment,
                },
            )
        )
    header = {
        "ID": "IMAGE",
        "CreatedSince": "CREATED",
        "CreatedAt": "CREATED AT",
        "CreatedBy": "CREATED BY",
        "Size": "SIZE",
        "Comment": "COMMENT",
    }
    default = "table {{.ID}}\t{{.CreatedSince}}\t{{.CreatedBy}}\t{{.Size}}\t{{.Comment}}"
    write_listing(ctx, opts, rows, header, default, quiet_field="ID")
    return 0


@command("image inspect", check=clientchecks.image_inspect, explain=("print an image's metadata as JSON", links.IMAGE))
def run_inspect(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker image inspect``."""
    engine = ctx.engine

    def lookup(name: str) -> dict[str, Any]:
        img = engine.get_image(name, peek=True)
        if img is None:
            raise EngineError(f"No such image: {engine._no_such_image_name(name)}")
        return image_json(img)

    return inspect_each(ctx, opts, args, lookup)


@command("image prune", explain=("delete dangling (untagged) images, or all unused ones with -a", links.CHEATSHEET))
def run_prune(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker image prune [-a]``."""
    return run_prune_with_all(
        ctx,
        opts,
        warning="WARNING! This will remove all dangling images.",
        warning_all="WARNING! This will remove all images without at least one container associated to them.",
        heading="Deleted Images",
        prune=prune_images,
    )


def prune_images(engine: Engine, every: bool) -> tuple[list[str], int]:
    """Remove dangling (or, with ``every``, all unused) images; returns (lines, bytes)."""
    lines: list[str] = []
    total = 0
    used = {c.image_id for c in engine.containers.peek()}
    for img in sorted_images(engine):
        if img.id in used:
            continue
        if not every and img.repo_tags:
            continue
        total += img.size
        for tag in img.repo_tags:
            lines.append(f"untagged: {tag}")
        for digest in img.repo_digests:
            lines.append(f"untagged: {digest}")
        img.repo_tags = []
        for line in engine.remove_image(img.id, force=True):
            if line.startswith("Deleted: "):
                lines.append("deleted: " + line.removeprefix("Deleted: "))
    return lines, total


def image_json_text(img: ImageRecord) -> str:
    """Debug helper: one image's inspect JSON."""
    return json.dumps(image_json(img), indent=4)
