"""The simulated docker engine: images, containers, volumes, networks, all plain data."""

from __future__ import annotations

import ipaddress
import json
import re
from typing import Any, Protocol

from dockersim.context import EngineError, SimulatorError, Stream
from dockersim.engine import catalogue, cpus, process
from dockersim.engine.facts import ContainerFacts
from dockersim.engine.ids import EPOCH, IdGenerator, SimClock, stable_hex
from dockersim.engine.model import ImageRecord
from dockersim.engine.reference import Reference, parse_reference
from dockersim.engine.shell import ContainerShell, known_program
from dockersim.engine.state import ContainerRecord, NetworkRecord, VolumeRecord, check_field_types
from dockersim.engine.table import Table
from dockersim.engine.users import missing_user
from dockersim.runspec import ContainerSpec

STATE_VERSION = 1
NAME_RE = re.compile(r"^/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$")
EPHEMERAL_START = 32768
#: Containers the simulated engine holds at most (any state). Docker itself has no such limit (host memory,
#: disk and the bridge network's 65,534 addresses bound it); here every container lives in the page's memory
#: and in its saved state, so creating one more is refused with a daemon error, and none is ever dropped.
MAX_CONTAINERS = 10_000


class _Writable(Protocol):
    def write(self, text: str) -> None: ...


def _out_of(target: Any) -> _Writable | None:
    """Accept a Stream, a CommandContext (its ``out``) or None."""
    if target is None:
        return None
    if hasattr(target, "write"):
        return target  # type: ignore[no-any-return]
    return getattr(target, "out", None)


class Engine:
    """A docker engine whose whole state serializes to JSON (``to_dict`` / ``from_dict``)."""

    #: The reader's terminal width in characters when the page says it (a ``-t`` container's terminal has
    #: it, as docker sizes the tty from the client's), set by the session: not saved.
    terminal_columns: int | None = None

    def __init__(self, seed: int | None = None) -> None:
        self.clock = SimClock()
        self.ids = IdGenerator(seed)
        # Tables note which records each command may change (engine/table.py): the worker sends only those.
        self.images: Table[ImageRecord] = Table()
        self.containers: Table[ContainerRecord] = Table()
        self.volumes: Table[VolumeRecord] = Table()
        self.networks: Table[NetworkRecord] = Table()
        self.build_cache: dict[str, Any] = {}
        self.auths: dict[str, dict[str, str]] = {}
        self.registry: dict[str, dict[str, Any]] = {}  # pushed: "repo:tag" -> {"image": dict, "layers": [...]}
        self.endpoint_ids: dict[str, str] = {}
        self.host_files: dict[str, str] = {}  # files written through bind mounts: host path -> content
        #: The reader's folder, set by the session (engine.binds): not saved, the session's own.
        self.host_root = ""
        self._builtin_networks()

    # ------------------------------------------------------------------------------------ state

    def _builtin_networks(self) -> None:
        now = self.clock.now() - 86400 * 2
        for name, driver, subnet in (("bridge", "bridge", "172.17.0.0/16"), ("host", "host", ""), ("none", "null", "")):
            net = NetworkRecord(
                id=self.ids.new_id(),
                name=name,
                driver=driver,
                created=now,
                subnet=subnet,
                gateway="172.17.0.1" if subnet else "",
                builtin=True,
            )
            if name == "bridge":
                net.options = {
                    "com.docker.network.bridge.default_bridge": "true",
                    "com.docker.network.bridge.enable_icc": "true",
                    "com.docker.network.bridge.enable_ip_masquerade": "true",
                    "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
                    "com.docker.network.bridge.name": "docker0",
                    "com.docker.network.driver.mtu": "1500",
                }
            self.networks[net.id] = net

    def to_dict(self, *, records: bool = True) -> dict[str, Any]:
        """All state as JSON-able data; without ``records``, all but the tables (:meth:`tables`)."""
        tables = {name: [r.to_dict() for r in table.peek()] for name, table in self.tables().items()} if records else {}
        return {
            "version": STATE_VERSION,
            "clock": self.clock.now(),
            "ids": self.ids.to_dict(),
            **tables,
            "build_cache": self.build_cache,
            "auths": self.auths,
            "registry": self.registry,
            "endpoint_ids": self.endpoint_ids,
            "host_files": self.host_files,
        }

    @property
    def facts(self) -> ContainerFacts:
        """Indexes over the containers (names, addresses, host ports, timed ones): see ``engine/facts.py``."""
        held = self.__dict__.get("_facts")
        if held is None or held.table is not self.containers:
            held = self.__dict__["_facts"] = ContainerFacts(self.containers)
        return held

    def tables(self) -> dict[str, Table[Any]]:
        """The engine's record tables by their name in the state, in the state's order."""
        return {
            "images": self.images,
            "containers": self.containers,
            "volumes": self.volumes,
            "networks": self.networks,
        }

    def settle(self) -> None:
        """A docker command ended: its tables' notes stop being re-read by every later question of the
        indexes (:meth:`Table.settle`), so a line of N commands costs in proportion to N."""
        for table in self.tables().values():
            table.settle()

    @classmethod
    def from_dict(cls, data: Any) -> Engine:
        """Rebuild an engine; anything malformed raises :class:`SimulatorError` with a clear message."""
        if not isinstance(data, dict):
            raise SimulatorError("dockersim: saved engine state is not a JSON object")
        version = data.get("version")
        if version != STATE_VERSION or isinstance(version, bool):
            raise SimulatorError(
                f"dockersim: saved engine state has version {json.dumps(version)[:40]}; "
                f"this simulator reads version {STATE_VERSION} (start a fresh session)"
            )
        try:
            engine = cls.__new__(cls)
            clock = data["clock"]
            if isinstance(clock, bool) or not isinstance(clock, int | float) or not 0 <= clock < 1e11:
                raise ValueError(f"clock {clock!r} is not a plausible time")
            engine.clock = SimClock(float(clock))
            ids = data["ids"]
            engine.ids = IdGenerator(str(ids["seed"]), int(ids["counter"]))
            engine.images = Table()
            for raw in data["images"]:
                if not isinstance(raw, dict):
                    raise TypeError("image entry is not an object")
                img = ImageRecord.from_dict(raw)
                for part in (img, img.config, *img.layers):
                    check_field_types(part)
                _ = img.size
                engine.images[img.id] = img
            engine.containers = Table()
            for raw in data["containers"]:
                c = ContainerRecord.from_dict(raw)
                if not isinstance(c.id, str) or not isinstance(c.name, str):
                    raise TypeError("container id")
                engine.containers[c.id] = c
            engine.volumes = Table()
            for raw in data["volumes"]:
                v = VolumeRecord.from_dict(raw)
                if not isinstance(v.name, str):
                    raise TypeError("volume name")
                engine.volumes[v.name] = v
            engine.networks = Table()
            for raw in data["networks"]:
                n = NetworkRecord.from_dict(raw)
                if not isinstance(n.id, str) or not isinstance(n.name, str):
                    raise TypeError("network id")
                engine.networks[n.id] = n
            engine.build_cache = dict(data.get("build_cache", {}))
            engine.auths = dict(data.get("auths", {}))
            engine.registry = dict(data.get("registry", {}))
            engine.endpoint_ids = dict(data.get("endpoint_ids", {}))
            engine.host_files = {str(k): str(v) for k, v in dict(data.get("host_files", {})).items()}
            json.dumps(engine.to_dict())
        except SimulatorError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
            raise SimulatorError(f"dockersim: saved engine state is damaged ({type(exc).__name__}: {exc})") from None
        return engine

    # ------------------------------------------------------------------------------------ time

    def now(self) -> float:
        """Current simulated time."""
        return self.clock.now()

    def tick(self, seconds: float | None = None) -> None:
        """Advance the clock a little (one command's worth) and let container processes progress."""
        self.clock.advance(seconds if seconds is not None else self.ids.randint(1, 3))
        self.refresh()

    def refresh(self) -> None:
        """Apply what time did: processes that end, health checks that pass, auto-removal."""
        now = self.now()
        # Only the containers time can act on are read and touched (engine/facts.py, engine/table.py).
        for c in self.facts.timed():
            if c.ends_at and now >= c.ends_at:
                self.containers.touch(c.id)
                self._finish(c, c.end_exit_code, at=c.ends_at)
            if c.state == "running" and c.healthcheck is not None:
                self.containers.touch(c.id)
                self._update_health(c, now)
            if c.state == "running" and c.extra.get("periodic"):
                self.containers.touch(c.id)
                process.periodic_output(c, now)

    def _update_health(self, c: ContainerRecord, now: float) -> None:
        hc = c.healthcheck or {}
        interval = float(hc.get("Interval") or 30.0)
        start = float(hc.get("StartPeriod") or 0.0)
        if hc.get("Status") == "starting" and now - c.started_at >= min(interval, 30.0) + start:
            code, output = (1, "") if hc.get("WillFail") else process.health_probe(self, c)
            retries = int(hc.get("Retries") or 3)
            hc["Status"] = "healthy" if code == 0 else "unhealthy"
            hc["FailingStreak"] = 0 if code == 0 else retries
            hc["Log"] = [{"Start": now, "End": now, "ExitCode": code, "Output": output}]

    # ------------------------------------------------------------------------------------ images

    def get_image(self, ref: str, *, peek: bool = False) -> ImageRecord | None:
        """The image named by ``ref`` (``name[:tag]``, ``name@digest``, full or short ID), or None.

        The image found is touched (the caller may change it: ``engine/table.py``); with ``peek`` it is
        only to read, and nothing is touched. The same holds for every ``find_``/``get_`` lookup here."""
        img = self._image_named(ref)
        if img is not None and not peek:
            self.images.touch(img.id)
        return img

    def _image_named(self, ref: str) -> ImageRecord | None:
        if not ref:
            return None
        hexpart = ref.removeprefix("sha256:")
        if re.fullmatch(r"[0-9a-f]{1,64}", hexpart) and (ref.startswith("sha256:") or len(hexpart) >= 4):
            matches = [img for img in self.images.peek() if img.id.removeprefix("sha256:").startswith(hexpart)]
            if len(matches) == 1:
                return matches[0]
        try:
            parsed = parse_reference(ref)
        except SimulatorError:
            return None
        for img in self.images.peek():
            if parsed.digest and not parsed.tag_given:
                if f"{parsed.repository}@{parsed.digest}" in img.repo_digests:
                    return img
            elif parsed.familiar in img.repo_tags:
                return img
        return None

    def find_image(self, ref: str, *, peek: bool = False) -> ImageRecord:
        """Like :meth:`get_image` but raises docker's ``No such image`` error."""
        img = self.get_image(ref, peek=peek)
        if img is None:
            raise EngineError(f"No such image: {self._no_such_image_name(ref)}")
        return img

    @staticmethod
    def _no_such_image_name(ref: str) -> str:
        try:
            parsed = parse_reference(ref)
        except SimulatorError:
            return ref
        if parsed.digest and not parsed.tag_given:
            return ref
        return ref if parsed.tag_given else f"{ref}:latest"

    def add_image(self, record: ImageRecord) -> ImageRecord:
        """Store an image; its tags move from older images (which may become dangling ``<none>:<none>``)."""
        for tag in record.repo_tags:
            for other in self.images.values():
                if other.id != record.id and tag in other.repo_tags:
                    other.repo_tags.remove(tag)
                    if not other.repo_tags and other.repo_digests and not other.built_locally:
                        other.repo_digests = []
        existing = self.images.get(record.id)
        if existing is not None:
            for tag in record.repo_tags:
                if tag not in existing.repo_tags:
                    existing.repo_tags.append(tag)
            for digest in record.repo_digests:
                if digest not in existing.repo_digests:
                    existing.repo_digests.append(digest)
            return existing
        self.images[record.id] = record
        return record

    def pull_image(
        self, reference: str, out: Any = None, *, quiet: bool = False, platform: str = "", always: bool = False
    ) -> ImageRecord:
        """Make ``reference`` present, printing docker's pull progress to ``out``: on a terminal (``out.tty``)
        what its in-place display leaves, else its non-TTY lines (:meth:`_progress`).

        Prints nothing when the image is already present (unless ``always``, as ``docker pull`` does:
        then ``Status: Image is up to date``). ``out`` may be a Stream, a CommandContext or None.
        """
        stream = _out_of(out)
        try:
            ref = parse_reference(reference)
        except SimulatorError as exc:
            raise EngineError(exc.message, from_daemon=False) from None
        if ref.path in ("library/scratch",) and ref.is_docker_hub:
            raise EngineError("'scratch' is a reserved name")
        arch = (platform.split("/")[1] if "/" in platform else "") or "amd64"
        present = self.get_image(reference)
        if present is not None and not always:
            return present
        record = self._registry_lookup(ref, arch)
        tag_label = ref.tag if ref.tag_given or not ref.digest else ref.digest
        if stream is not None and not quiet:
            stream.write(f"{tag_label}: Pulling from {ref.path}\n")
        if present is not None and present.id == record.id:
            if stream is not None and not quiet:
                stream.write(f"Digest: {record.repo_digests[0].split('@')[1]}\n")
                stream.write(f"Status: Image is up to date for {ref.familiar}\n")
            return present
        if stream is not None and not quiet:
            if record.id not in self.images:  # same image under another tag: nothing to download
                self._progress(record, stream)
            stream.write(f"Digest: {record.repo_digests[0].split('@')[1]}\n")
            stream.write(f"Status: Downloaded newer image for {ref.familiar}\n")
        if ref.digest and not ref.tag_given:
            record.repo_tags = []
        return self.add_image(record)

    def _known_layers(self) -> set[str]:
        return {layer.digest for img in self.images.values() for layer in img.layers if layer.digest}

    def _progress(self, record: ImageRecord, stream: _Writable) -> None:
        """The layers' pull events as docker's client shows them on ``stream``.

        Not a terminal: one line per event (``Pulling fs layer``, ``Waiting``, ``Verifying Checksum``,
        ``Download complete``, ``Pull complete``). A terminal: docker's jsonmessage display gives each layer
        ID one line, in the order the IDs first came, and redraws it in place with each event (``<id>:
        <status> <progress bar>``, the bar empty once done, so a space stays after the status); when the
        pull ends each line holds its last status, ``Pull complete`` or ``Already exists``.
        """
        known = self._known_layers()
        layers = [layer for layer in record.layers if not layer.empty_layer and layer.size > 0]
        if getattr(stream, "tty", False):
            present = {layer.digest[:12]: layer.digest in known for layer in layers}  # one line per ID
            last = {True: "Already exists", False: "Pull complete"}
            stream.write("".join(f"{short}: {last[held]} \n" for short, held in present.items()))
            return
        new = [layer for layer in layers if layer.digest not in known]
        lines: list[str] = []
        for i, layer in enumerate(layers):
            short = layer.digest[:12]
            if layer.digest in known:
                lines.append(f"{short}: Already exists")
            else:
                lines.append(f"{short}: {'Pulling fs layer' if i < 3 else 'Waiting'}")
        for layer in sorted(new, key=lambda layer: layer.size):
            lines.append(f"{layer.digest[:12]}: Verifying Checksum")
            lines.append(f"{layer.digest[:12]}: Download complete")
        lines += [f"{layer.digest[:12]}: Pull complete" for layer in new]
        stream.write("".join(line + "\n" for line in lines))

    def _registry_lookup(self, ref: Reference, arch: str) -> ImageRecord:
        """What the (simulated) registry serves for ``ref``, or docker's pull error."""
        pushed = self.registry.get(ref.familiar)
        if pushed is not None:
            rec = ImageRecord.from_dict(json.loads(json.dumps(pushed["image"])))
            rec.repo_tags = [ref.familiar]
            return rec
        found = catalogue.find_variant(ref)
        if found is not None:
            key, variant = found
            return catalogue.build_record(key, variant, ref.tag or "latest", arch)
        pushed_to = any(k.startswith(ref.repository + ":") for k in self.registry)
        if catalogue.known_repository(ref) or pushed_to:
            shown = f"{ref.repository}@{ref.digest}" if ref.digest and not ref.tag_given else ref.familiar
            note = "" if pushed_to else catalogue.missing_note(ref, shown)
            raise EngineError(f"manifest for {shown} not found: manifest unknown: manifest unknown", note=note)
        if not ref.is_docker_hub:
            host, _, port = ref.domain.partition(":")
            if host in ("localhost", "127.0.0.1") and self.host_port_taken(int(port or 443)):
                raise EngineError(f"manifest for {ref.familiar} not found: manifest unknown: manifest unknown")
            raise EngineError(catalogue.registry_refusal(ref), note=catalogue.missing_note(ref, ref.repository))
        raise EngineError(
            f"pull access denied for {ref.repository}, repository does not exist or may require "
            "'docker login': denied: requested access to the resource is denied",
            note=catalogue.missing_note(ref, ref.repository),
        )

    def tag_image(self, source: str, target: str) -> None:
        """``docker tag``: point ``target`` at the image ``source`` names."""
        img = self.find_image(source)
        ref = parse_reference(target)
        name = ref.familiar
        for other in self.images.values():
            if other is not img and name in other.repo_tags:
                other.repo_tags.remove(name)
        if name not in img.repo_tags:
            img.repo_tags.append(name)

    def image_users(self, img: ImageRecord, *, peek: bool = False) -> list[ContainerRecord]:
        """Containers created from ``img`` (touched unless ``peek``: see :meth:`get_image`)."""
        if peek:
            return [c for c in self.containers.peek() if c.image_id == img.id]
        return self.containers.select(lambda c: c.image_id == img.id)

    def remove_image(self, ref: str, *, force: bool = False, prune_children: bool = True) -> list[str]:
        """``docker rmi``: returns the ``Untagged:``/``Deleted:`` lines; raises docker's conflicts."""
        img = self.find_image(ref)
        by_id = img.id.removeprefix("sha256:").startswith(ref.removeprefix("sha256:")) and ref not in img.repo_tags
        try:
            parsed = parse_reference(ref)
            if parsed.familiar in img.repo_tags:
                by_id = False
        except SimulatorError:
            parsed = None
        users = self.image_users(img)
        running = [c for c in users if c.running]
        lines: list[str] = []
        short = img.id.removeprefix("sha256:")[:12]
        if not by_id and parsed is not None and len(img.repo_tags) > 1:
            img.repo_tags.remove(parsed.familiar)
            return [f"Untagged: {parsed.familiar}"]
        if by_id and len(img.repo_tags) > 1 and not force:
            raise EngineError(
                f"conflict: unable to delete {short} (must be forced) - image is referenced in multiple repositories"
            )
        if users:
            if running and (force or by_id):
                raise EngineError(
                    f"conflict: unable to delete {short} (cannot be forced) - image is being used by running "
                    f"container {running[0].short_id}"
                )
            if not force:
                if by_id:
                    raise EngineError(
                        f"conflict: unable to delete {short} (must be forced) - image is being used by stopped "
                        f"container {users[0].short_id}"
                    )
                raise EngineError(
                    f'conflict: unable to remove repository reference "{ref}" (must force) - container '
                    f"{users[0].short_id} is using its referenced image {short}"
                )
        for tag in list(img.repo_tags):
            lines.append(f"Untagged: {tag}")
        for digest in img.repo_digests:
            lines.append(f"Untagged: {digest}")
        img.repo_tags = []
        if users:
            return lines
        del self.images[img.id]
        lines.append(f"Deleted: {img.id}")
        known = self._known_layers()
        for layer in img.layers:
            if layer.digest and not layer.empty_layer and layer.digest not in known:
                lines.append(f"Deleted: sha256:{stable_hex('diffid', layer.digest)}")
        return lines

    # ------------------------------------------------------------------------------------ containers

    def find_container(self, ref: str, *, peek: bool = False) -> ContainerRecord:
        """Resolve a container by full ID, name (with or without ``/``) or unique ID prefix; touched unless
        ``peek`` (see :meth:`get_image`)."""
        c = self._container_named(ref)
        if not peek:
            self.containers.touch(c.id)
        return c

    def _container_named(self, ref: str) -> ContainerRecord:
        if ref == "":
            raise EngineError('invalid name or ID supplied: ""')
        found = self.containers.peek_get(ref)
        if found is not None:
            return found
        name = ref.removeprefix("/")
        for key in self.facts.named(name):
            found = self.containers.peek_get(key)
            if found is not None:
                return found
        if re.fullmatch(r"[0-9a-f]+", ref):
            matches = [c for c in self.containers.peek() if c.id.startswith(ref)]
            if len(matches) > 1:
                raise EngineError(f"multiple IDs found with provided prefix: {ref}")
            if matches:
                return matches[0]
        raise EngineError(f"No such container: {ref}")

    def get_container(self, ref: str, *, peek: bool = False) -> ContainerRecord | None:
        """Like :meth:`find_container` but None when missing or ambiguous."""
        try:
            return self.find_container(ref, peek=peek)
        except EngineError:
            return None

    def ensure_room(self, more: int) -> None:
        """Raise the engine's limit error unless ``more`` containers fit under :data:`MAX_CONTAINERS` (Compose
        asks before it creates a service's replicas: ``replicas: 1000000000`` ends at once, not after 10,000)."""
        if len(self.containers) + more > MAX_CONTAINERS:
            raise EngineError(
                f"the simulated engine already holds {len(self.containers)} containers, its limit "
                f"(docker has none): remove some first (docker container prune, docker rm)"
                if len(self.containers) >= MAX_CONTAINERS
                else f"{more} more containers would pass the simulated engine's limit of {MAX_CONTAINERS} "
                f"(it holds {len(self.containers)}; docker has none)"
            )

    def create_container(self, spec: ContainerSpec, out: Any = None, *, pull_to: Any = None) -> ContainerRecord:
        """Create a container from ``spec`` (pulling its image if missing, progress to ``pull_to``)."""
        self.ensure_room(1)
        refused = cpus.cpuset_error(str(spec.extra.get("cpuset-cpus") or ""))
        if refused:
            raise EngineError(refused)
        name = spec.name
        if name:
            if not NAME_RE.match(name):
                raise EngineError(f"Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
            name = name.removeprefix("/")
            for key in self.facts.named(name):
                other = self.containers.peek_get(key)
                if other is not None:
                    raise EngineError(
                        f'Conflict. The container name "/{name}" is already in use by container "{other.id}". '
                        "You have to remove (or rename) that container to be able to reuse that name."
                    )
        img = self.get_image(spec.image)
        if img is None:
            img = self.pull_image(spec.image, pull_to)
        net_mode = spec.network or "bridge"
        network: NetworkRecord | None = None
        if net_mode not in ("host", "none") and not net_mode.startswith("container:"):
            network = self.find_network(net_mode)
            if network.driver == "null":
                net_mode = "none"
            elif network.driver == "host":
                net_mode = "host"
        restart = {"Name": spec.restart.name or "no", "MaximumRetryCount": spec.restart.maximum_retry_count}
        if restart["Name"] not in ("no", "always", "unless-stopped", "on-failure"):
            raise EngineError(
                f"invalid restart policy: unknown policy '{restart['Name']}'; use one of 'no', 'always', "
                "'on-failure', or 'unless-stopped'"
            )
        if spec.restart.maximum_retry_count and restart["Name"] != "on-failure":
            raise EngineError("invalid restart policy: maximum retry count can only be used with 'on-failure'")
        if spec.auto_remove and restart["Name"] != "no":
            raise EngineError("can't create 'AutoRemove' container with restart policy")
        cid = self.ids.new_id()
        cfg = img.config
        entrypoint = list(spec.entrypoint) if spec.entrypoint is not None else list(cfg.entrypoint or [])
        if spec.entrypoint is not None and spec.entrypoint == [""]:
            entrypoint = []
        if spec.command:
            cmd: list[str] | None = list(spec.command)
        elif spec.entrypoint is not None:
            cmd = None
        else:
            cmd = list(cfg.cmd) if cfg.cmd else None
        argv = entrypoint + (cmd or [])
        if not argv:
            raise EngineError("no command specified")
        env = _merge_env(cfg.env, spec.env)
        labels = {**cfg.labels, **spec.labels}
        exposed = list(dict.fromkeys(cfg.exposed_ports + [_port_key(p) for p in spec.extra.get("expose", [])]))
        ports: list[dict[str, Any]] = []
        for p in spec.ports:
            ports.append(
                {
                    "container_port": p.container_port,
                    "protocol": p.protocol or "tcp",
                    "host_ip": p.host_ip,
                    "host_port": p.host_port,
                    "allocated": "",
                }
            )
            key = f"{p.container_port}/{p.protocol or 'tcp'}"
            if key not in exposed:
                exposed.append(key)
        if spec.publish_all:
            for key in exposed:
                port, _, proto = key.partition("/")
                if not any(f"{b['container_port']}/{b['protocol']}" == key for b in ports):
                    ports.append(
                        {
                            "container_port": int(port),
                            "protocol": proto or "tcp",
                            "host_ip": "",
                            "host_port": "",
                            "allocated": "",
                        }
                    )
        if net_mode in ("host", "none"):
            ports = []
        rec = ContainerRecord(
            id=cid,
            name=name or self._unique_name(),
            image=spec.image,
            image_id=img.id,
            path=argv[0],
            args=argv[1:],
            created=self.now(),
            env=env,
            cmd=cmd,
            entrypoint=entrypoint or None,
            labels=labels,
            workdir=spec.workdir or cfg.workdir,
            user=spec.user or cfg.user,
            hostname=spec.hostname or cid[:12],
            tty=spec.tty,
            interactive=spec.interactive,
            auto_remove=spec.auto_remove,
            read_only=spec.read_only,
            memory=spec.memory,
            cpus=spec.cpus,
            ports=ports,
            exposed_ports=exposed,
            publish_all=spec.publish_all,
            network_mode=net_mode,
            restart_policy=restart,
            healthcheck=self._healthcheck(spec, img),
            behaviour=self._behaviour(img, spec.image),
        )
        if rec.hostname == cid[:12] and net_mode == "host":
            rec.hostname = "docker-desktop"
        rec.mounts = self._mounts(spec, img)
        rec.extra["os"] = os_of_image(img)
        rec.extra["attach"] = not spec.detach  # docker inspect's Config.AttachStdout/AttachStderr
        rec.extra["opts"] = {k: v for k, v in spec.extra.items() if k not in ("pull", "platform", "expose", "networks")}
        if network is not None and net_mode not in ("host", "none"):
            rec.networks[network.name] = self._endpoint(network, spec.network_aliases, rec)
        elif net_mode in ("host", "none"):
            rec.networks[net_mode] = {
                "IPAddress": "",
                "Aliases": [],
                "NetworkID": self.find_network(net_mode).id,
                "EndpointID": "",
                "MacAddress": "",
                "Gateway": "",
            }
        self.containers[cid] = rec
        return rec

    def _healthcheck(self, spec: ContainerSpec, img: ImageRecord) -> dict[str, Any] | None:
        """The container's health state, from ``--health-*`` flags or the image's HEALTHCHECK (either key case)."""
        hc = spec.healthcheck if spec.healthcheck is not None else img.config.healthcheck
        if not hc:
            return None
        test = hc.get("Test") or hc.get("test")
        if not test or test == ["NONE"]:
            return None
        interval = hc.get("Interval") or hc.get("interval") or 30.0
        start = hc.get("StartPeriod") or hc.get("start_period") or 0.0
        if isinstance(interval, int) and interval > 10_000:
            interval = interval / 1e9  # nanoseconds, as docker inspect stores them
        return {
            "Test": test,
            "Interval": float(interval),
            "StartPeriod": float(start),
            "Status": "starting",
            "FailingStreak": 0,
            "WillFail": False,
        }

    def _behaviour(self, img: ImageRecord, given: str) -> str:
        refs = list(img.repo_tags) + ([img.parent_ref] if img.parent_ref else []) + [given]
        for r in refs:
            try:
                repo = parse_reference(r).repository
            except SimulatorError:
                continue
            behaviour = catalogue.behaviour_of(repo)
            if behaviour != "generic":
                return behaviour
        return "generic"

    def _unique_name(self) -> str:
        for _ in range(50):
            name = self.ids.new_name()
            if not self.facts.named(name):
                return name
        return f"{self.ids.new_name()}{self.ids.randint(0, 9999)}"

    def _mounts(self, spec: ContainerSpec, img: ImageRecord) -> list[dict[str, Any]]:
        mounts: list[dict[str, Any]] = []
        targets: set[str] = set()
        for m in spec.mounts:
            if m.type == "volume":
                if m.source:
                    vol = self.volumes.get(m.source) or self.create_volume(m.source)
                else:
                    vol = self.create_volume("", anonymous=True)
                mounts.append(
                    {
                        "Type": "volume",
                        "Name": vol.name,
                        "Source": vol.mountpoint,
                        "Destination": m.target,
                        "Driver": "local",
                        "Mode": "z" if not m.read_only else "ro",
                        "RW": not m.read_only,
                        "Propagation": "",
                    }
                )
            elif m.type == "bind":
                mounts.append(
                    {
                        "Type": "bind",
                        "Source": m.source,
                        "Destination": m.target,
                        "Mode": "",
                        "RW": not m.read_only,
                        "Propagation": "rprivate",
                    }
                )
            else:
                mounts.append(
                    {"Type": "tmpfs", "Source": "", "Destination": m.target, "Mode": "", "RW": True, "Propagation": ""}
                )
            targets.add(m.target.rstrip("/") or "/")
        for path in img.config.volumes:
            if path.rstrip("/") not in targets:
                vol = self.create_volume("", anonymous=True)
                mounts.append(
                    {
                        "Type": "volume",
                        "Name": vol.name,
                        "Source": vol.mountpoint,
                        "Destination": path,
                        "Driver": "local",
                        "Mode": "",
                        "RW": True,
                        "Propagation": "",
                    }
                )
        return mounts

    def _endpoint(self, network: NetworkRecord, aliases: list[str], rec: ContainerRecord) -> dict[str, Any]:
        default = network.name == "bridge"
        return {
            "NetworkID": network.id,
            "EndpointID": "",
            "Gateway": "",
            "IPAddress": "",
            "IPPrefixLen": 0,
            "MacAddress": "",
            "Aliases": [] if default else list(dict.fromkeys([*aliases])),
            "DNSNames": None if default else [],
        }

    # ---------------------------------------------------------------- lifecycle

    def start_container(self, ref: str | ContainerRecord) -> ContainerRecord:
        """Start a created/exited container: networking, ports, then its modelled process."""
        c = ref if isinstance(ref, ContainerRecord) else self.find_container(ref)
        if c.state == "paused":
            raise EngineError("cannot start a paused container, try unpause instead")
        if c.state in ("running", "restarting"):
            return c
        self._connect_endpoints(c)
        try:
            self._bind_ports(c)
        except EngineError:
            self._release(c)
            raise
        c.state = "running"
        c.exit_code = 0
        c.started_at = self.now()
        c.finished_at = 0.0
        c.pid = self.ids.randint(1000, 65000)
        c.ends_at = 0.0
        if c.healthcheck is not None:
            c.healthcheck["Status"] = "starting"
            c.healthcheck["FailingStreak"] = 0
        process.start(self, c)
        return c

    def _connect_endpoints(self, c: ContainerRecord) -> None:
        for net_name, ep in c.networks.items():
            if net_name in ("host", "none"):
                continue
            net = self.get_network(net_name)
            if net is None:
                continue
            if not ep.get("IPAddress"):
                ep["IPAddress"] = self._allocate_ip(net, c)
            ep["IPPrefixLen"] = int(net.subnet.split("/")[1]) if net.subnet else 16
            ep["Gateway"] = net.gateway
            ep["EndpointID"] = self.ids.new_id()
            ep["MacAddress"] = "02:42:" + ":".join(f"{int(x):02x}" for x in ep["IPAddress"].split("."))
            if ep.get("DNSNames") is not None:
                ep["DNSNames"] = list(dict.fromkeys([c.name, *(ep.get("Aliases") or []), c.short_id]))

    def _allocate_ip(self, net: NetworkRecord, c: ContainerRecord) -> str:
        subnet = ipaddress.ip_network(net.subnet or "172.17.0.0/16", strict=False)
        if subnet.version == 4 and subnet.prefixlen < 31:
            first, last = int(subnet.network_address) + 1, int(subnet.broadcast_address) - 1
            found = self.facts.free_address(net.name, first, last, net.gateway, exclude=c.id)
            if found is not None:
                return found
        else:  # /31 and /32 (every address is a host) and IPv6: few addresses, walked one by one
            held = self.facts.current().addresses.get(net.name, {})
            for host in subnet.hosts():
                if str(host) != net.gateway and str(host) not in held:
                    return str(host)
        raise EngineError(f"no available IPv4 addresses on this network's address pools: {net.name} ({net.id})")

    def _ports_in_use(self, exclude: str) -> list[tuple[str, int, str, str]]:
        return self.facts.ports_in_use(exclude)

    def host_port_taken(self, port: int, proto: str = "tcp", exclude: str = "") -> bool:
        """Whether a running container holds ``port`` on the host (published or host network)."""
        return any(p == port and pr == proto for _, p, pr, _ in self._ports_in_use(exclude))

    def _bind_ports(self, c: ContainerRecord) -> None:
        used = self._ports_in_use(c.id)
        for b in c.ports:
            proto = b["protocol"]
            if b["host_port"]:
                low, _, high = str(b["host_port"]).partition("-")
                candidates = list(range(int(low), int(high or low) + 1))
            else:
                taken = {p for _, p, pr, _ in used if pr == proto}
                start = EPHEMERAL_START
                while start in taken:
                    start += 1
                candidates = [start]
            chosen = 0
            for port in candidates:
                clash = [u for u in used if u[1] == port and u[2] == proto and _ip_overlap(u[0], b["host_ip"])]
                if not clash:
                    chosen = port
                    break
            if not chosen:
                shown = b["host_ip"] or "0.0.0.0"
                endpoint = self.ids.new_id()
                raise EngineError(
                    "failed to set up container networking: driver failed programming external connectivity on "
                    f"endpoint {c.name} ({endpoint}): Bind for {shown}:{candidates[-1]} failed: "
                    "port is already allocated"
                )
            b["allocated"] = str(chosen)
            used.append((b["host_ip"], chosen, proto, c.id))

    def _release(self, c: ContainerRecord) -> None:
        self.containers.touch(c.id)  # a job may end a container it holds (end_process): the indexes must know
        for b in c.ports:
            b["allocated"] = ""
        for net_name, ep in c.networks.items():
            if net_name in ("host", "none"):
                continue
            ep["IPAddress"] = ""
            ep["Gateway"] = ""
            ep["EndpointID"] = ""
            ep["MacAddress"] = ""
            ep["IPPrefixLen"] = 0

    def _finish(self, c: ContainerRecord, exit_code: int, at: float | None = None) -> None:
        """The main process ended: record it, release resources, apply auto-remove."""
        self.containers.touch(c.id)  # also when a job that holds ``c`` ends it, long after it was handed out
        c.state = "exited"
        c.exit_code = exit_code
        c.finished_at = at if at is not None else self.now()
        c.pid = 0
        c.ends_at = 0.0
        if c.healthcheck is not None:
            c.healthcheck["Status"] = "unhealthy" if c.healthcheck.get("Status") == "unhealthy" else ""
        self._release(c)
        if c.auto_remove:
            self._drop_container(c, remove_anonymous=True)

    def end_process(self, c: ContainerRecord, exit_code: int) -> ContainerRecord:
        """The main process ended on the reader's doing (``exit`` in an attached shell, Ctrl+C in an attached
        run): record it as :meth:`_finish` does (``--rm`` removes the container)."""
        if c.running:
            self._finish(c, exit_code)
        return c

    # ---------------------------------------------------------------- the door processes and shells use

    def finish_process(self, c: ContainerRecord, exit_code: int) -> None:
        """The main process of ``c`` ended with ``exit_code`` (see :class:`dockersim.engine.door.EngineDoor`)."""
        self._finish(c, exit_code)

    def release_resources(self, c: ContainerRecord) -> None:
        """Free the ports and addresses of a container whose process could not start."""
        self._release(c)

    def serves(self, c: ContainerRecord) -> bool:
        """Whether ``c``'s main process answers requests (a server or an application)."""
        return process.kind_of(c) in ("server", "app")

    def image_history(self, c: ContainerRecord) -> list[str]:
        """The ``created_by`` lines of ``c``'s image, oldest first (empty when the image is gone)."""
        img = self.images.peek_get(c.image_id)
        return [layer.created_by for layer in img.layers] if img is not None else []

    def stop_container(self, ref: str | ContainerRecord, timeout: float | None = None) -> ContainerRecord:
        """Stop (SIGTERM then SIGKILL after ``timeout``); a stopped container is a silent success."""
        c = ref if isinstance(ref, ContainerRecord) else self.find_container(ref)
        if not c.running:
            return c
        code, took = process.stop_outcome(c, timeout, self)
        self.clock.advance(took)
        process.on_stop(self, c, code)
        c.extra["manually_stopped"] = True
        self._finish(c, code)
        return c

    def kill_container(self, ref: str | ContainerRecord, signal: str = "KILL") -> ContainerRecord:
        """Send a signal; KILL/TERM/INT/QUIT end the modelled process."""
        c = ref if isinstance(ref, ContainerRecord) else self.find_container(ref)
        if not c.running:
            raise EngineError(f"cannot kill container: {c.name}: container {c.id} is not running")
        sig = signal.upper().removeprefix("SIG")
        codes = {"KILL": 137, "9": 137, "TERM": 143, "15": 143, "INT": 130, "2": 130, "QUIT": 131, "3": 131}
        if sig in ("HUP", "1", "USR1", "USR2", "WINCH", "10", "12", "28"):
            c.log(self.now(), process.signal_line(c, sig))
            return c
        if sig not in codes:
            raise EngineError(f"Invalid signal: {signal}")
        named = {"2": "INT", "15": "TERM", "3": "QUIT"}.get(sig, sig)
        if named in ("INT", "TERM", "QUIT") and process.ignores_signal(self, c, named):
            return c  # PID 1 without a handler: the kernel ignores it and the container keeps running
        c.extra["manually_stopped"] = True
        self._finish(c, codes[sig])
        return c

    def restart_container(self, ref: str | ContainerRecord, timeout: float | None = None) -> ContainerRecord:
        """Stop (if running) then start."""
        c = ref if isinstance(ref, ContainerRecord) else self.find_container(ref)
        auto = c.auto_remove
        c.auto_remove = False
        self.stop_container(c, timeout)
        c.auto_remove = auto
        c.restart_count += 0
        return self.start_container(c)

    def pause_container(self, ref: str) -> ContainerRecord:
        """Freeze a running container."""
        c = self.find_container(ref)
        if c.state != "running":
            raise EngineError(f"container {c.id} is not running")
        c.state = "paused"
        return c

    def unpause_container(self, ref: str) -> ContainerRecord:
        """Thaw a paused container."""
        c = self.find_container(ref)
        if c.state != "paused":
            raise EngineError(f"container {c.id} is not paused")
        c.state = "running"
        return c

    def remove_container(self, ref: str, *, force: bool = False, volumes: bool = False) -> ContainerRecord:
        """``docker rm``: refuses running containers unless forced; ``volumes`` drops anonymous volumes."""
        c = self.find_container(ref)
        shown = ref.removeprefix("/")
        if c.state == "paused" and not force:
            raise EngineError(f'cannot remove container "{shown}": container is paused and must be unpaused first')
        if c.running and not force:
            what = "restarting" if c.state == "restarting" else "running"
            raise EngineError(
                f'cannot remove container "{shown}": container is {what}: stop the container before removing or '
                "force remove"
            )
        if c.running:
            c.auto_remove = False
            self._finish(c, 137)
        self._drop_container(c, remove_anonymous=volumes)
        return c

    def _drop_container(self, c: ContainerRecord, remove_anonymous: bool = False) -> None:
        self.containers.pop(c.id, None)
        if remove_anonymous:
            for m in c.mounts:
                vol = self.volumes.get(m.get("Name", ""))
                if m["Type"] == "volume" and vol is not None and vol.anonymous and not self.volume_users(vol.name):
                    del self.volumes[vol.name]

    def rename_container(self, ref: str, new_name: str) -> None:
        """``docker rename``."""
        c = self.find_container(ref)
        if not NAME_RE.match(new_name):
            raise EngineError(f"Invalid container name ({new_name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed")
        for key in self.facts.named(new_name.removeprefix("/")):
            other = self.containers.peek_get(key)
            if other is not None:
                raise EngineError(
                    f'Conflict. The container name "/{other.name}" is already in use by container "{other.id}". '
                    "You have to remove (or rename) that container to be able to reuse that name."
                )
        c.name = new_name.removeprefix("/")

    def require_running(self, c: ContainerRecord) -> None:
        """The exec preconditions."""
        if c.state == "paused":
            raise EngineError(f"Container {c.id} is paused, unpause the container before exec")
        if c.state == "restarting":
            raise EngineError(f"Container {c.id} is restarting, wait until the container is running")
        if c.state != "running":
            raise EngineError(f"container {c.id} is not running")

    def open_shell(
        self, c: ContainerRecord, *, user: str = "", workdir: str = "", env: dict[str, str] | None = None
    ) -> ContainerShell:
        """A shell inside running container ``c`` (``dockersim.engine.shell.ContainerShell``): ``.run(line, stdin)``
        returns stdout, stderr and the exit status; ``cd``/``export`` carry over between lines; ``exit_status``
        is set once ``exit`` ran. Defaults: the container's user, working directory and environment."""
        self.require_running(c)
        missing = missing_user(c, self.image_history(c), user or c.user)
        if missing:
            raise EngineError(f"unable to find user {missing}: no matching entries in passwd file", 126)
        return ContainerShell(self, c, user=user, workdir=workdir, env=env)

    def has_program(self, c: ContainerRecord, prog: str) -> bool:
        """Whether ``prog`` exists in ``c``'s image (``docker exec`` answers "executable file not found" otherwise)."""
        return known_program(prog, c, self)

    # ------------------------------------------------------------------------------------ volumes

    def create_volume(
        self,
        name: str = "",
        *,
        labels: dict[str, str] | None = None,
        driver: str = "local",
        options: dict[str, str] | None = None,
        anonymous: bool = False,
    ) -> VolumeRecord:
        """Create (or return the existing) volume; an empty name makes an anonymous 64-hex one."""
        if name and not NAME_RE.match(name):
            raise EngineError(
                f'create {name}: "{name}" includes invalid characters for a local volume name, only '
                '"[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path'
            )
        if name in self.volumes:
            return self.volumes[name]
        vol = VolumeRecord(
            name=name or self.ids.new_id(),
            created=self.now(),
            driver=driver,
            labels=dict(labels or {}),
            options=dict(options or {}),
            anonymous=anonymous or not name,
        )
        if vol.anonymous:
            vol.labels.setdefault("com.docker.volume.anonymous", "")
        self.volumes[vol.name] = vol
        return vol

    def find_volume(self, name: str, *, peek: bool = False) -> VolumeRecord:
        """Exact-name lookup with docker's error; touched unless ``peek`` (see :meth:`get_image`)."""
        vol = self.volumes.peek_get(name) if peek else self.volumes.get(name)
        if vol is None:
            raise EngineError(f"get {name}: no such volume")
        return vol

    def volume_users(self, name: str, *, peek: bool = False) -> list[ContainerRecord]:
        """Containers (any state) that mount volume ``name``; touched unless ``peek``."""
        if peek:
            return [c for c in self.containers.peek() if any(m.get("Name") == name for m in c.mounts)]
        return self.containers.select(lambda c: any(m.get("Name") == name for m in c.mounts))

    def remove_volume(self, name: str, *, force: bool = False) -> None:
        """``docker volume rm``; in-use volumes are refused even with ``force``."""
        vol = self.volumes.get(name)
        if vol is None:
            if force:
                return
            raise EngineError(f"get {name}: no such volume")
        users = self.volume_users(name)
        if users:
            raise EngineError(f"remove {name}: volume is in use - [{', '.join(c.id for c in users)}]")
        del self.volumes[name]

    # ------------------------------------------------------------------------------------ networks

    def get_network(self, ref: str, *, peek: bool = False) -> NetworkRecord | None:
        """Resolve by ID, name, then unique ID prefix (None when missing/ambiguous)."""
        try:
            return self.find_network(ref, peek=peek)
        except EngineError:
            return None

    def find_network(self, ref: str, *, peek: bool = False) -> NetworkRecord:
        """Resolve by exact ID, exact name, then unique ID prefix, with docker's errors; touched unless
        ``peek`` (see :meth:`get_image`)."""
        net = self._network_named(ref)
        if not peek:
            self.networks.touch(net.id)
        return net

    def _network_named(self, ref: str) -> NetworkRecord:
        found = self.networks.peek_get(ref)
        if found is not None:
            return found
        named = [n for n in self.networks.peek() if n.name == ref]
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise EngineError(f"network {ref} is ambiguous ({len(named)} matches found on name)")
        prefixed = [n for n in self.networks.peek() if ref and n.id.startswith(ref)]
        if len(prefixed) == 1:
            return prefixed[0]
        if len(prefixed) > 1:
            raise EngineError(f"network {ref} is ambiguous ({len(prefixed)} matches found based on ID prefix)")
        raise EngineError(f"network {ref} not found")

    def create_network(
        self,
        name: str,
        *,
        driver: str = "bridge",
        subnet: str = "",
        gateway: str = "",
        ip_range: str = "",
        internal: bool = False,
        attachable: bool = False,
        labels: dict[str, str] | None = None,
        options: dict[str, str] | None = None,
        ipv6: bool = False,
    ) -> NetworkRecord:
        """``docker network create``."""
        if any(n.name == name for n in self.networks.values()):
            raise EngineError(f"network with name {name} already exists")
        if driver in ("host", "null"):
            raise EngineError(f'only one instance of "{driver}" network is allowed')
        if driver not in ("bridge", "overlay", "macvlan", "ipvlan"):
            raise EngineError(f'plugin "{driver}" not found')
        if driver == "overlay":
            raise EngineError(
                'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect '
                "this node to swarm and try again."
            )
        if subnet:
            net = _valid_subnet(subnet)
            for other in self.networks.values():
                if other.subnet and net.overlaps(ipaddress.ip_network(other.subnet, strict=False)):
                    raise EngineError("invalid pool request: Pool overlaps with other one on this address space")
            subnet = str(net)
            if gateway:
                try:
                    if ipaddress.ip_address(gateway) not in net:
                        raise EngineError(f"no matching subnet for gateway {gateway}")
                except ValueError:
                    raise EngineError(f"invalid gateway address {gateway}") from None
            gateway = gateway or str(next(iter(net.hosts()), net.network_address))
        elif gateway:
            raise EngineError("every ip-range or gateway must have a corresponding subnet")
        else:
            subnet = self._next_subnet()
            gateway = str(next(ipaddress.ip_network(subnet).hosts()))
        rec = NetworkRecord(
            id=self.ids.new_id(),
            name=name,
            driver=driver,
            created=self.now(),
            subnet=subnet,
            gateway=gateway,
            ip_range=ip_range,
            internal=internal,
            attachable=attachable,
            labels=dict(labels or {}),
            options=dict(options or {}),
            ipv6=ipv6,
        )
        self.networks[rec.id] = rec
        return rec

    def _next_subnet(self) -> str:
        used = [ipaddress.ip_network(n.subnet, strict=False) for n in self.networks.values() if n.subnet]
        candidates = [f"172.{i}.0.0/16" for i in range(18, 32)] + [f"192.168.{i * 16}.0/20" for i in range(16)]
        for cand in candidates:
            net = ipaddress.ip_network(cand)
            if not any(net.overlaps(u) for u in used):
                return cand
        raise EngineError(
            "could not find an available, non-overlapping IPv4 address pool among the defaults to assign to the network"
        )

    def network_containers(self, net: NetworkRecord, *, peek: bool = False) -> list[ContainerRecord]:
        """Containers attached to ``net`` (attached = has an endpoint; running ones have an IP); touched
        unless ``peek``."""
        if peek:
            return [c for c in self.containers.peek() if net.name in c.networks]
        return self.containers.select(lambda c: net.name in c.networks)

    def connect_network(
        self, net_ref: str, container_ref: str, *, aliases: list[str] | None = None, ip: str = ""
    ) -> None:
        """``docker network connect``."""
        net = self.find_network(net_ref)
        c = self.find_container(container_ref)
        if net.name in c.networks:
            raise EngineError(f"endpoint with name {c.name} already exists in network {net.name}")
        if c.network_mode in ("host", "none") or net.driver in ("host", "null"):
            raise EngineError(
                "container cannot be disconnected from host network or connected to host network"
                if "host" in (c.network_mode, net.driver)
                else "container sharing network namespace with another container or host cannot be connected to any other network"  # noqa: E501
            )
        ep = self._endpoint(net, aliases or [], c)
        if ip:
            ep["IPAddress"] = ip
        c.networks[net.name] = ep
        if c.running:
            self._connect_endpoints(c)

    def disconnect_network(self, net_ref: str, container_ref: str, *, force: bool = False) -> None:
        """``docker network disconnect``."""
        net = self.find_network(net_ref)
        c = self.get_container(container_ref)
        if c is None:
            if force:
                return
            raise EngineError(f"No such container: {container_ref}")
        if net.name not in c.networks:
            raise EngineError(f"container {c.id} is not connected to network {net.name}")
        if net.name in ("host", "none"):
            raise EngineError("container cannot be disconnected from host network or connected to host network")
        del c.networks[net.name]

    def remove_network(self, ref: str) -> NetworkRecord:
        """``docker network rm``."""
        net = self.find_network(ref)
        if net.builtin:
            raise EngineError(f"{net.name} is a pre-defined network and cannot be removed")
        users = [c for c in self.network_containers(net, peek=True) if c.running]
        if users:
            eps = ", ".join(f'name:"{c.name}" id:"{c.short_id}"' for c in users)
            raise EngineError(f"error while removing network: network {net.name} has active endpoints ({eps})")
        for c in self.network_containers(net):
            del c.networks[net.name]
        del self.networks[net.id]
        return net

    # ------------------------------------------------------------------------------------ name resolution

    def resolve_host(self, source: ContainerRecord, name: str) -> tuple[str, ContainerRecord | None]:
        """Resolve ``name`` from inside ``source`` (docker's embedded DNS on user-defined networks only).

        Returns (ip, target container or None); ip is ``""`` when the name does not resolve.
        """
        if name in ("localhost", "127.0.0.1", source.hostname, source.name if source.network_mode == "host" else ""):
            return "127.0.0.1", source
        if name == "host.docker.internal":
            return "", None
        try:
            ipaddress.ip_address(name)
            for c in self.containers.peek():
                for ep in c.networks.values():
                    if ep.get("IPAddress") == name and c.running:
                        return name, self.containers[c.id]
            return name, None
        except ValueError:
            pass
        for net_name, _ep in source.networks.items():
            if net_name in ("bridge", "host", "none"):
                continue
            for c in self.containers.peek():
                if not c.running or net_name not in c.networks:
                    continue
                ep = c.networks[net_name]
                names = {c.name, c.short_id, c.hostname, *(ep.get("Aliases") or [])}
                if name in names and ep.get("IPAddress"):
                    return ep["IPAddress"], self.containers[c.id]
        return "", None

    def reachable(self, source: ContainerRecord, target: ContainerRecord) -> bool:
        """Whether ``source`` and ``target`` share a network (or are the same container)."""
        if source.id == target.id:
            return True
        if source.network_mode == "host" and target.network_mode == "host":
            return True
        shared = set(source.networks) & set(target.networks) - {"none", "host"}
        return any(source.networks[n].get("IPAddress") and target.networks[n].get("IPAddress") for n in shared)

    def primary_ip(self, c: ContainerRecord) -> str:
        """The container's first IP address (``""`` when none)."""
        for net_name, ep in c.networks.items():
            if net_name not in ("host", "none") and ep.get("IPAddress"):
                return str(ep["IPAddress"])
        return ""

    # ------------------------------------------------------------------------------------ disk usage

    def container_size(self, c: ContainerRecord) -> int:
        """Bytes in the container's writable layer."""
        return sum(len(v) for v in c.files.values()) + (2 if c.files else 0)

    @property
    def epoch(self) -> float:
        """Where the simulated clock started."""
        return EPOCH


def _valid_subnet(subnet: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network:
    """The daemon's ``ValidateIPAM`` for one subnet: CIDR notation (``netip.ParsePrefix``), no host bits."""
    try:
        if "/" not in subnet:
            raise ValueError(subnet)
        loose = ipaddress.ip_network(subnet, strict=False)
    except ValueError:
        raise EngineError(f"invalid network config:\ninvalid subnet {subnet}: invalid CIDR block notation") from None
    if str(loose) != subnet:
        raise EngineError(f"invalid network config:\ninvalid subnet {subnet}: it should be {loose}")
    return loose


def os_of_image(img: ImageRecord) -> str:
    """alpine / ubuntu / busybox / debian, judged from the base layer's instruction."""
    first = next((layer.created_by for layer in img.layers if not layer.empty_layer), "")
    if "alpine" in first:
        return "alpine"
    if "BusyBox" in first:
        return "busybox"
    if "ADD file:" in first or "ubuntu" in first:
        return "ubuntu"
    return "debian"


def _merge_env(image_env: list[str], extra: list[str]) -> list[str]:
    order: dict[str, str] = {}
    for item in [*image_env, *extra]:
        key, sep, value = item.partition("=")
        order[key] = f"{key}={value}" if sep else item
    return list(order.values())


def _port_key(port: Any) -> str:
    text = str(port)
    return text if "/" in text else f"{text}/tcp"


def _ip_overlap(a: str, b: str) -> bool:
    wild = ("", "0.0.0.0", "::")
    return a in wild or b in wild or a == b


def host_ips(binding: dict[str, Any]) -> list[str]:
    """The host addresses a binding listens on (both families when no IP was given)."""
    return [binding["host_ip"]] if binding["host_ip"] else ["0.0.0.0", "::"]


def image_key(img: ImageRecord) -> str:
    """Short image ID (12 hex)."""
    return img.id.removeprefix("sha256:")[:12]


def stream_for(target: Any) -> Stream | None:
    """The Stream behind ``target`` (Stream or CommandContext)."""
    out = _out_of(target)
    return out if isinstance(out, Stream) else None
