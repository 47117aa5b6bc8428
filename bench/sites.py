"""Build the project's site and, as the baseline, a plain Material build of the same Markdown."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Where both sites are built; BENCH_WORK gives concurrent runs (one per worktree or helper) their own.
WORK = Path(os.environ.get("BENCH_WORK") or ROOT / "bench" / ".work").resolve()
#: The notes pages every comparison uses (the generated pages exist only in the project's site).
NOTES_PAGES = ["", "beginner/", "intermediate/", "advanced/", "summary/"]

PLAIN_CONFIG = """\
# Plain Material for the same Markdown: the project's theme, palette, features and Markdown
# extensions, Material's default Roboto typography (self-hosted, as no request may leave the site),
# and none of the project's plugins, pages, styles or scripts.
INHERIT: {inherit}
docs_dir: {docs}
site_dir: {site}
# The notes link to the pages only the project's plugins make (the cheat sheet, the Playground): here
# those links stay as written, without failing the baseline's build.
strict: false
validation:
  links:
    not_found: info
nav:
  - Home: index.md
  - Beginner: beginner.md
  - Intermediate: intermediate.md
  - Advanced: advanced.md
  - Summary: summary.md
plugins:
  - search
  - docker-notes/assets:
      node_modules: {node_modules}
      copy:
        assets/fonts:
{fonts}
extra_css:
  - stylesheets/fonts.css
extra_javascript: []
{paths}"""


def _font_patterns() -> str:
    import yaml
    from mkdocs.utils.yaml import get_yaml_loader

    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as handle:
        config = yaml.load(handle, Loader=get_yaml_loader())
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "docker-notes/assets" in plugin:
            patterns = plugin["docker-notes/assets"]["copy"]["assets/fonts"]
            return "\n".join(f'          - "{pattern}"' for pattern in patterns)
    raise RuntimeError("mkdocs.yml has no docker-notes/assets fonts to mirror")


def _project_paths() -> str:
    """The theme override folder and hooks of mkdocs.yml as absolute paths (INHERIT keeps them relative to
    the baseline's own folder otherwise): the baseline has the same theme templates (the CSP meta included)."""
    import yaml
    from mkdocs.utils.yaml import get_yaml_loader

    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as handle:
        config = yaml.load(handle, Loader=get_yaml_loader())
    lines = []
    custom_dir = (config.get("theme") or {}).get("custom_dir")
    if custom_dir:
        lines += ["theme:", f"  custom_dir: {ROOT / custom_dir}"]
    hooks = config.get("hooks") or []
    if hooks:
        lines += ["hooks:", *(f"  - {ROOT / hook}" for hook in hooks)]
    return "".join(line + "\n" for line in lines)


def plain_config(site: Path) -> Path:
    """Write the baseline's mkdocs.yml and return its path."""
    WORK.mkdir(parents=True, exist_ok=True)
    path = WORK / "plain-mkdocs.yml"
    path.write_text(
        PLAIN_CONFIG.format(
            inherit=ROOT / "mkdocs.yml",
            docs=ROOT / "docs",
            site=site,
            node_modules=ROOT / "node_modules",
            fonts=_font_patterns(),
            paths=_project_paths(),
        ),
        encoding="utf-8",
    )
    return path


def build(config: Path | None, site: Path, site_url: str, *, dirty: bool = False) -> float:
    """Run ``mkdocs build`` (the project's config when ``config`` is None); return seconds taken."""
    command = [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)]
    if config is not None:
        command += ["--config-file", str(config)]
    if dirty:
        command.append("--dirty")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": site_url}
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, check=False, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"mkdocs build failed ({' '.join(command[3:])}):\n{done.stdout}{done.stderr}")
    return time.perf_counter() - started
