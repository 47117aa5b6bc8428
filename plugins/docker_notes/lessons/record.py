"""Run every lesson under CPython at build time: the answers a reader sees before the engine has started.

The simulator is deterministic for a lesson (its seed comes from the block's key, its clock starts at the
simulator's epoch, its folder is :data:`dockersim.lessons.LESSONS_ROOT`), so the browser's worker, opening
the same lesson, prints the same thing. Recordings are cached by the lesson and the simulator's sources.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import dockersim
from dockersim.lessons import Lesson, machine_lock, record

#: Bump when the shape of a recording changes.
RECORDING_VERSION = 1


@lru_cache(maxsize=1)
def simulator_digest() -> str:
    """A digest of the simulator's sources: a recording is only as good as the code that made it."""
    root = Path(dockersim.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".json"}:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(lesson_json: dict[str, Any]) -> str:
    """The cache key of one lesson's recording."""
    text = json.dumps([RECORDING_VERSION, simulator_digest(), lesson_json], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_lessons(lessons: list[dict[str, Any]], cache_dir: Path | None = None) -> list[dict[str, Any]]:
    """The recording of each lesson (JSON in, JSON out), from ``cache_dir`` when it holds it."""
    recordings: list[dict[str, Any] | None] = []
    missing: list[int] = []
    for index, lesson_json in enumerate(lessons):
        cached = cache_dir / f"{cache_key(lesson_json)}.json" if cache_dir else None
        if cached is not None and cached.is_file():
            recordings.append(json.loads(cached.read_text(encoding="utf-8")))
        else:
            recordings.append(None)
            missing.append(index)
    if missing:
        with machine_lock():
            for index in missing:
                recordings[index] = record(Lesson.from_json(lessons[index]))
                if cache_dir is not None:
                    cache_dir.mkdir(parents=True, exist_ok=True)
                    target = cache_dir / f"{cache_key(lessons[index])}.json"
                    # Written beside and renamed: a build reading the cache meanwhile sees all of it or nothing.
                    partial = target.with_name(f"{target.name}.{os.getpid()}.tmp")
                    partial.write_text(json.dumps(recordings[index], ensure_ascii=False), encoding="utf-8")
                    partial.replace(target)
    return [recording for recording in recordings if recording is not None]
