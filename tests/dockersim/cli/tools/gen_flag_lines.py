"""Print corpus lines exercising every flag of every modelled command (good and bad typed values).

Dev tool: ``python tests/dockersim/cli/tools/gen_flag_lines.py >> tests/dockersim/cli/data/oracle_corpus.txt``
(after a ``# --- generated per-flag`` marker), then review the oracle diff.
"""

from __future__ import annotations

import shlex

from dockersim.cli import all_specs

POSITIONALS = {
    "container run": ["nginx"],
    "container create": ["nginx"],
    "container exec": ["web", "ls"],
    "image tag": ["a", "b"],
    "network connect": ["net", "web"],
    "network disconnect": ["net", "web"],
    "image build": ["."],
    "container port": ["web"],
}
GOOD = {
    "bool": None,
    "string": "x",
    "int": "3",
    "uint16": "500",
    "uint": "7",
    "bytes": "64m",
    "duration": "1m30s",
    "decimal": "0.5",
    "list": "x",
    "strings": "a,b",
    "map": "k=v",
    "filter": "name=x",
    "mount": "target=/x",
    "network": "mynet",
    "ulimit": "nofile=10:20",
    "gpu-request": "all",
    "stringArray": "x",
}
GOOD_BY_FLAG = {
    "env": "A=1",
    "label": "a=b",
    "add-host": "h:1.2.3.4",
    "dns": "1.1.1.1",
    "attach": "stdout",
    "publish": "80",
    "expose": "80",
    "volume": "/data",
    "pull": "always",
    "restart": "no",
    "platform": "linux/amd64",
    "type": "image",
    "sysctl": "net.x=1",
    "tag": "app:1",
    "log-level": "info",
    "device": "/dev/null",
    "device-read-bps": "/dev/sda:1mb",
    "device-write-bps": "/dev/sda:1mb",
    "device-read-iops": "/dev/sda:10",
    "device-write-iops": "/dev/sda:10",
    "blkio-weight-device": "/dev/sda:10",
    "link": "db:db",
    "since": "10m",
    "until": "1m",
    "tail": "5",
    "subnet": "10.1.0.0/16",
    "gateway": "10.1.0.1",
    "ip-range": "10.1.0.0/24",
    "ip": "10.1.0.9",
    "ip6": "::9",
    "aux-address": "a=10.1.0.2",
    "memory-swap": "1g",
    "cpu-rt-runtime": "100",
    "storage-opt": "size=1G",
    "security-opt": "no-new-privileges",
    "log-opt": "max-size=10m",
    "tmpfs": "/t",
    "signal": "KILL",
    "stop-signal": "SIGTERM",
    "filter": "dangling=true",
}
BAD = {
    "int": "zz",
    "uint16": "-1",
    "uint": "zz",
    "bytes": "1q",
    "duration": "5",
    "decimal": "a",
    "bool": "maybe",
    "filter": "nope",
    "ulimit": "x",
}


def main() -> None:
    """Print the lines."""
    for spec in all_specs():
        if spec.hidden or spec.path.startswith("compose"):
            continue
        base = spec.path.split()
        pos = POSITIONALS.get(spec.path, ["x"] if spec.arity.kind in ("min", "exact") else [])
        print(shlex.join([*base, "--bogus", *pos]))
        print(shlex.join([*base, "-Q", *pos]))
        for flag in spec.flags:
            if flag.hidden:
                continue
            name = f"--{flag.long}"
            good = GOOD_BY_FLAG.get(flag.long, GOOD.get(flag.type, "x"))
            words = [name] if flag.type == "bool" else [name, good]
            if spec.interspersed:
                print(shlex.join([*base, *words, *pos]))
            else:
                print(shlex.join([*base, *words, *pos]))
            if flag.short and flag.type != "bool":
                print(shlex.join([*base, f"-{flag.short}{good}", *pos]))
            if flag.type in BAD:
                bad = BAD[flag.type]
                print(shlex.join([*base, f"{name}={bad}", *pos]))
            if flag.type != "bool" and spec.interspersed:
                print(shlex.join([*base, *pos, name]))


if __name__ == "__main__":
    main()
