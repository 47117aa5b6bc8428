"""Images as tar files among the playground's files: ``save``, ``load`` and ``import``."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

from dockersim.cli import clientchecks
from dockersim.cli.spec import Options
from dockersim.cli.unit import command
from dockersim.commands import container_fs as cfs
from dockersim.context import CommandContext, EngineError, SimulatorError
from dockersim.engine.ids import stable_hex
from dockersim.engine.model import ImageConfig, ImageRecord, LayerRecord
from dockersim.engine.reference import parse_client_reference
from dockersim.hostfile import OutputPathError, check_output_path, write_atomic


@command("image save", check=clientchecks.platforms("invalid platform: "))
def run_save(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker save -o FILE IMAGE…``: the images (their records and tags) in docker's archive layout."""
    output = opts.output or ""
    if not output and ctx.out.tty:
        raise SimulatorError("cowardly refusing to save to a terminal. Use the -o flag or redirect")
    try:
        if output:
            check_output_path(output, Path(ctx.cwd))  # the client checks before it asks the daemon
    except OutputPathError as exc:
        raise SimulatorError(f"failed to save image: {exc}") from None
    engine = ctx.engine
    records: list[tuple[ImageRecord, str]] = []
    for name in args:
        img = engine.get_image(name)
        if img is None:
            raise EngineError(f"No such image: {name}")
        records.append((img, name))
    buf = io.BytesIO()
    manifest = []
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for img, name in records:
            blob = json.dumps(img.to_dict()).encode()
            info = tarfile.TarInfo(f"blobs/sha256/{img.id.removeprefix('sha256:')}")
            info.size = len(blob)
            tar.addfile(info, io.BytesIO(blob))
            tags = [t for t in img.repo_tags if name in (t, t.removesuffix(":latest"))] or list(img.repo_tags)
            manifest.append({"Config": info.name, "RepoTags": tags, "Layers": []})
        data = json.dumps(manifest).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    if not output:
        ctx.out.write(buf.getvalue().decode("latin-1"))
        return 0
    try:
        write_atomic(output, Path(ctx.cwd), buf.getvalue())  # a FIFO or device is refused, never opened
    except OutputPathError as exc:
        raise SimulatorError(f"failed to save image: {exc}") from None
    return 0


def _archive(ctx: CommandContext, name: str) -> bytes:
    if not name:
        if not ctx.stdin:
            raise SimulatorError("requested load from stdin, but stdin is empty")
        return ctx.stdin.encode("latin-1", "replace")
    from dockersim.hostfile import read_bytes

    try:
        return read_bytes(cfs.host_path(ctx, name))  # never waits on a FIFO, never reads /dev/zero for ever
    except OSError as exc:
        raise SimulatorError(f"open {name}: {(exc.strerror or 'no such file or directory').lower()}") from None


@command("image load", check=clientchecks.load)
def run_load(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker load -i FILE``: images saved by ``docker save``; prints ``Loaded image: …`` per tag."""
    data = _archive(ctx, opts.input or "")
    try:
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
            loaded = []
            for entry in manifest:
                rec = ImageRecord.from_dict(json.load(tar.extractfile(entry["Config"])))  # type: ignore[arg-type]
                rec.repo_tags = []
                loaded.append((rec, list(entry.get("RepoTags") or [])))
    except (tarfile.TarError, KeyError, TypeError, ValueError):
        raise EngineError(
            "archive/tar: invalid tar header"
            if not data[:512].strip(b"\0")
            else "open /var/lib/docker/tmp/docker-import-1/repositories: no such file or directory"
        ) from None
    quiet = opts.quiet
    for rec, tags in loaded:
        ctx.engine.add_image(rec)
        for tag in tags:
            ctx.engine.tag_image(rec.id, tag)
            if not quiet:
                ctx.out.write(f"Loaded image: {tag}\n")
        if not tags and not quiet:
            ctx.out.write(f"Loaded image ID: {rec.id}\n")
    return 0


@command("image import", check=clientchecks.import_archive)
def run_import(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``docker import FILE|- [REPO[:TAG]]``: a one-layer image from a file system tarball; prints its ID."""
    source = args[0]
    if source.startswith(("http://", "https://")):
        raise EngineError(f'Get "{source}": dial tcp: lookup {source.split("/")[2]}: no such host')
    data = _archive(ctx, "" if source == "-" else source)
    try:
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            size = sum(m.size for m in tar.getmembers())
    except tarfile.TarError:
        raise EngineError("archive/tar: invalid tar header") from None
    tags = [parse_client_reference(args[1]).familiar] if len(args) > 1 else []
    engine = ctx.engine
    engine.tick()
    digest = stable_hex("import", str(len(data)), str(engine.now()))
    message = opts.message or ""
    config = ImageConfig()
    from dockersim.commands.container_ops import _apply_change

    for change in opts.change or []:
        _apply_change(config, change)
    record = ImageRecord(
        id="sha256:" + stable_hex("imported", digest),
        repo_tags=tags,
        layers=[LayerRecord("", size, engine.now(), comment=message or "Imported from -", digest=digest)],
        config=config,
        created=engine.now(),
        built_locally=True,
    )
    engine.add_image(record)
    ctx.out.write(record.id + "\n")
    return 0
