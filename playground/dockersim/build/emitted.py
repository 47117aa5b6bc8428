"""Text a RUN step writes that the simulator can know: the JavaScript ``tsc`` emits for plain TypeScript sources.

``npm run build`` with a ``tsc`` build script writes ``outDir`` from ``rootDir`` (``tsconfig.json``). For a
source with no type syntax (the notes' ``src/server.ts``), tsc's CommonJS output is the source with its
``import`` lines turned into ``require`` calls and tsc's preamble; a source with types, ``import * as`` or
``export`` gets no text (the file exists, its text is not kept) rather than a guess.
"""

from __future__ import annotations

import json
import posixpath
import re

_IMPORT_DEFAULT = re.compile(r"""^import\s+([A-Za-z_$][\w$]*)\s+from\s+(["'])([^"']+)\2;?\s*$""")
_IMPORT_NAMED = re.compile(r"""^import\s+\{([^}]*)\}\s+from\s+(["'])([^"']+)\2;?\s*$""")
#: Type syntax tsc would erase (a guess would be wrong): annotations, interfaces, type aliases, enums, casts.
_TYPED = re.compile(
    r"(?:\b(?:const|let|var)\s+[\w$]+\s*:|[(,]\s*[\w$]+\??\s*:\s*[A-Za-z]|\)\s*:\s*[A-Za-z]|^\s*(?:export\s+)?"
    r"(?:interface|type|enum|declare|abstract)\s|\bas\s+[A-Za-z]|<[A-Z]\w*>|^\s*export\b|^\s*import\s+\*)",
    re.M,
)
_DEFAULT_HELPER = (
    "var __importDefault = (this && this.__importDefault) || function (mod) {\n    return (mod && mod.__esModule) ? "
    'mod : { "default": mod };\n};\n'
)
MAX_SOURCE_CHARS = 50_000


def compiled_texts(texts: dict[str, str], placed: list[str]) -> dict[str, str]:
    """What tsc wrote into each placed directory that is a ``tsconfig.json``'s ``outDir`` (absolute paths)."""
    emitted: dict[str, str] = {}
    for out_dir in placed:
        project = posixpath.dirname(out_dir)
        config = _config(texts.get(posixpath.join(project, "tsconfig.json")))
        if config is None or posixpath.normpath(posixpath.join(project, config[0])) != out_dir:
            continue
        root = posixpath.normpath(posixpath.join(project, config[1]))
        for path, text in texts.items():
            if path.startswith(root + "/") and path.endswith(".ts") and not path.endswith(".d.ts"):
                js = emit(text)
                if js is not None:
                    emitted[out_dir + path[len(root) : -3] + ".js"] = js
    return emitted


def _config(text: str | None) -> tuple[str, str] | None:
    """(outDir, rootDir) of a tsconfig.json that emits CommonJS, or None."""
    if not text:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    options = data.get("compilerOptions") if isinstance(data, dict) else None
    if not isinstance(options, dict) or not isinstance(options.get("outDir"), str):
        return None
    if str(options.get("module", "commonjs")).lower() != "commonjs":
        return None
    root = options.get("rootDir", ".")
    return str(options["outDir"]), str(root) if isinstance(root, str) else "."


def _binding(module: str) -> str:
    return re.sub(r"[^\w$]", "_", posixpath.basename(module)) + "_1"


def emit(source: str) -> str | None:
    """tsc's CommonJS output for a type-free module, or None when it holds syntax this model does not emit."""
    if len(source) > MAX_SOURCE_CHARS or _TYPED.search(source):
        return None
    lines = source.splitlines()
    body: list[str] = []
    renames: dict[str, str] = {}
    default = False
    for line in lines:
        m = _IMPORT_DEFAULT.match(line)
        n = _IMPORT_NAMED.match(line)
        if m:
            binding = _binding(m.group(3))
            body.append(f'const {binding} = __importDefault(require("{m.group(3)}"));')
            renames[m.group(1)] = f"{binding}.default"
            default = True
        elif n:
            binding = _binding(n.group(3))
            body.append(f'const {binding} = require("{n.group(3)}");')
            for name in (part.strip() for part in n.group(1).split(",")):
                if re.fullmatch(r"[A-Za-z_$][\w$]*", name):
                    renames[name] = f"{binding}.{name}"
                elif name:
                    return None
        elif line.lstrip().startswith("import "):
            return None
        else:
            body.append(_rename(line, renames))
    head = '"use strict";\n'
    if renames:
        head += _DEFAULT_HELPER if default else ""
        head += 'Object.defineProperty(exports, "__esModule", { value: true });\n'
    return head + "\n".join(body).strip("\n") + "\n"


def _rename(line: str, renames: dict[str, str]) -> str:
    """Imported names as tsc writes them: ``(0, x_1.default)(…)`` for a call, ``x_1.name`` otherwise."""
    for name, target in renames.items():
        line = re.sub(rf"(?<![\w$.]){re.escape(name)}\s*\(", f"(0, {target})(", line)
        line = re.sub(rf"(?<![\w$.\"'`]){re.escape(name)}(?![\w$])", target, line)
    return line
