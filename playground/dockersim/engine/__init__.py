"""The simulated docker engine: state, image catalogue, clock and IDs, engine-side errors.

API for the other packages (all errors are :class:`dockersim.context.EngineError` worded as dockerd words them)::

    engine = Engine(seed=1)                      # deterministic IDs, names and clock jitter with a seed
    engine.clock.now(); engine.tick(); engine.ids.new_id(); engine.ids.new_name()
    engine.to_dict() / Engine.from_dict(data)    # JSON round-trip, "version": 1

    # images
    engine.get_image(ref) -> ImageRecord | None  # name[:tag], name@digest, full/short ID
    engine.find_image(ref)                       # same, raises "No such image: x:latest"
    engine.pull_image(ref, out=None, quiet=False, platform="", always=False) -> ImageRecord
                                                 # out: Stream or CommandContext; silent when present
    engine.add_image(record)                     # builder: tags move from older images (they dangle)
    engine.tag_image(src, target); engine.remove_image(ref, force=False) -> ["Untagged: …", "Deleted: …"]
    engine.build_cache                           # dict owned by dockersim.build, serialized untouched

    # containers
    c = engine.create_container(spec: ContainerSpec)       # pulls a missing image (progress to pull_to=)
    engine.start_container(c_or_ref); engine.stop_container(c_or_ref, timeout=None)
    engine.restart_container(...); engine.kill_container(ref, "KILL"); engine.remove_container(ref, force=, volumes=)
    engine.find_container(ref) / engine.get_container(ref); engine.containers (id -> ContainerRecord)

    # volumes and networks
    engine.create_volume(name="", labels=, driver=); engine.find_volume(name); engine.remove_volume(name)
    engine.create_network(name, driver=, subnet=, gateway=, internal=, attachable=, labels=)
    engine.find_network(ref); engine.connect_network(net, container, aliases=); engine.disconnect_network(...)
    engine.remove_network(ref)

Container processes are modelled in :mod:`dockersim.engine.process`; shells inside containers run the one
shell (:mod:`dockersim.shell`) on :mod:`dockersim.engine.shell`'s container side, reached through
``engine.open_shell(c, user=, workdir=, env=)`` and ``engine.has_program(c, prog)``.
"""

from __future__ import annotations

from dockersim.engine.engine import Engine
from dockersim.engine.model import ImageConfig, ImageRecord, LayerRecord
from dockersim.engine.state import ContainerRecord, NetworkRecord, VolumeRecord

__all__ = ["ContainerRecord", "Engine", "ImageConfig", "ImageRecord", "LayerRecord", "NetworkRecord", "VolumeRecord"]
