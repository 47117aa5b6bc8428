"""``docker manifest``: manifest lists kept client-side; the playground's registry answers ``inspect``."""

from __future__ import annotations

import json

from dockersim.cli import clientchecks
from dockersim.cli.spec import Options
from dockersim.cli.unit import command
from dockersim.context import CommandContext, SimulatorError
from dockersim.engine import catalogue
from dockersim.engine.reference import parse_client_reference, parse_reference


def _full(name: str) -> str:
    ref = parse_client_reference(name)
    domain = ref.domain or "docker.io"
    return f"{domain}/{ref.path}:{ref.tag or 'latest'}"


@command("manifest inspect", check=clientchecks.manifest_inspect)
def run_manifest_inspect(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``manifest inspect IMAGE``: the registry's manifest list for a published image."""
    name = args[-1]
    if len(args) == 2:  # a manifest of a local manifest list: the playground keeps none
        raise SimulatorError(f"No such manifest: {_full(name)}")
    ref = parse_reference(name)
    found = catalogue.find_variant(ref)
    if found is None:
        raise SimulatorError(f"no such manifest: {_full(name)}")
    key, variant = found
    digest = catalogue.variant_digest(key, variant)
    platforms = [("amd64", ""), ("arm64", "v8")]
    manifests = []
    for arch, variant_name in platforms:
        platform: dict[str, str] = {"architecture": arch, "os": "linux"}
        if variant_name:
            platform["variant"] = variant_name
        manifests.append(
            {
                "mediaType": "application/vnd.oci.image.manifest.v1+json",
                "size": 1_000 + len(arch) * 17,
                "digest": "sha256:" + catalogue.stable_hex("manifest", digest, arch),
                "platform": platform,
            }
        )
    doc = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": manifests}
    ctx.out.write(json.dumps(doc, indent=3) + "\n")
    return 0


@command("manifest create")
def run_manifest_create(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``manifest create LIST MANIFEST…``: each manifest must exist on the registry."""
    for name in args[1:]:
        if catalogue.find_variant(parse_reference(name)) is None:
            raise SimulatorError(f"no such manifest: {_full(name)}")
    raise SimulatorError(f"dockersim: manifest lists are not kept by the playground ({args[0]} was not created)")


@command("manifest rm")
def run_manifest_rm(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``manifest rm``: no local manifest list exists."""
    raise SimulatorError("\n".join(f"No such manifest: {_full(n)}" for n in args))


@command("manifest push")
def run_manifest_push(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``manifest push LIST``."""
    raise SimulatorError(f"No such manifest: {_full(args[0])}")


@command("manifest annotate")
def run_manifest_annotate(ctx: CommandContext, opts: Options, args: list[str]) -> int:
    """``manifest annotate LIST MANIFEST``: both names are parsed first; no local list exists."""
    for what, name in (("manifest list ", args[0]), ("manifest ", args[1])):
        try:
            parse_client_reference(name)
        except SimulatorError as exc:
            raise SimulatorError(f"annotate: error parsing name for {what}{name}: {exc.message}") from None
    raise SimulatorError(f"manifest for image {args[1]} does not exist in {args[0]}")
