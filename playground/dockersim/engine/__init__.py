"""The simulated docker engine: state, image catalogue, clock and IDs, engine-side errors."""

from __future__ import annotations

from dockersim.engine.engine import Engine
from dockersim.engine.model import ImageConfig, ImageRecord, LayerRecord
from dockersim.engine.state import ContainerRecord, NetworkRecord, VolumeRecord

__all__ = ["ContainerRecord", "Engine", "ImageConfig", "ImageRecord", "LayerRecord", "NetworkRecord", "VolumeRecord"]
