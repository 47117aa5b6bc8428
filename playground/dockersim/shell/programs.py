"""Programs around the shell: date, sleep, docker, sudo, git, curl, wget, help."""

from __future__ import annotations

import re
import time

from dockersim.shell.files import FileError
from dockersim.shell.host import FOREVER_SECONDS, MAX_SLEEP_SECONDS, parse_interval
from dockersim.shell.registry import Call, utility


@utility("date")
def date(call: Call) -> int:
    """``date [-u] [+FORMAT]`` on the simulator's clock."""
    now = call.host.now()
    fmt = next((arg[1:] for arg in call.args if arg.startswith("+")), "%a %b %d %H:%M:%S UTC %Y")
    try:
        call.out(time.strftime(fmt, time.gmtime(now)) + "\n")
    except (ValueError, OverflowError, OSError):
        return call.fail("date: the simulated clock is out of range")
    return 0


@utility("sleep")
def sleep(call: Call) -> int:
    """``sleep NUMBER[smhd]…`` (coreutils: operands add up; ``inf`` sleeps until interrupted).

    Nothing waits: simulated time passes. In the terminal a sleep longer than :data:`MAX_SLEEP_SECONDS`
    ends there, as if interrupted with Ctrl+C (status 130), so no value can push the clock out of range; in
    a container a sleep of :data:`FOREVER_SECONDS` or more (``inf``) keeps the process running until stopped.
    """
    if not call.args:
        return call.fail("sleep: missing operand\nTry 'sleep --help' for more information.")
    total = 0.0
    for arg in call.args:
        seconds = parse_interval(arg)
        if seconds is None:
            return call.fail(f"sleep: invalid time interval '{arg}'\nTry 'sleep --help' for more information.")
        total += seconds
    follow = getattr(call.host, "follow", None)
    if callable(follow) and total >= FOREVER_SECONDS:
        follow()  # a container's process that sleeps for ever keeps running until it is stopped
        return 0
    if not callable(follow) and total > MAX_SLEEP_SECONDS:
        call.host.sleep(MAX_SLEEP_SECONDS)
        call.err(
            f"^C\ndockersim: sleep {' '.join(call.args)} stopped after {int(MAX_SLEEP_SECONDS)} seconds of simulated "
            "time, as if interrupted (the simulator bounds each sleep)\n"
        )
        return 130
    call.host.sleep(total)
    return 0


@utility("docker", "docker-compose")
def docker(call: Call) -> int:
    """``docker …`` / ``docker-compose …``: the simulator."""
    argv = call.args if call.name == "docker" else ["compose", *call.args]
    # docker asks its stdout whether it is a terminal (pull progress, save/export's refusal, cp's summary).
    outcome = call.host.docker(argv, call.stdin, piped=call.shell.piping > 0)
    if outcome is None:
        return call.fail(call.host.not_found(call.name), 127)
    for stream, text in outcome.ordered_chunks():
        call.result.emit(stream, text)
    call.result.data.update(outcome.data)
    return outcome.exit_code


@utility("sudo")
def sudo(call: Call) -> int:
    """``sudo COMMAND…``: the reader already has every right the simulator gives."""
    if not call.args:
        return call.fail("usage: sudo -h | -K | -k | -V")
    return call.shell.dispatch(call.args, {}, call.stdin, call.result)


@utility("git")
def git(call: Call) -> int:
    """``git``: the simulated working directory is not a repository, as git would say."""
    call.err("fatal: not a git repository (or any of the parent directories): .git\n")
    return 128


CURL_HELP = """Usage: curl [options...] <url>
 -d, --data <data>           HTTP POST data
 -f, --fail                  Fail fast with no output on HTTP errors
 -h, --help <category>       Get help for commands
 -i, --include               Include protocol response headers in the output
 -o, --output <file>         Write to file instead of stdout
 -O, --remote-name           Write output to a file named as the remote file
 -s, --silent                Silent mode
 -T, --upload-file <file>    Transfer local FILE to destination
 -u, --user <user:password>  Server user and password
 -A, --user-agent <name>     Send User-Agent <name> to server
 -v, --verbose               Make the operation more talkative
 -V, --version               Show version number and quit

This is not the full help, this menu is stripped into categories.
Use "--help category" to get an overview of all categories.
For all options use the manual or "--help all".
"""
#: Reason phrases of the HTTP statuses the simulated servers answer.
HTTP_REASONS = {200: "OK", 301: "Moved Permanently", 403: "Forbidden", 404: "Not Found"}
CURL_VERSION = (
    "curl 8.11.0 (x86_64-alpine-linux-musl) libcurl/8.11.0 OpenSSL/3.3.2 zlib/1.3.1 brotli/1.1.0 nghttp2/1.64.0\n"
    "Release-Date: 2024-11-06\n"
    "Protocols: dict file ftp ftps gopher gophers http https imap imaps ipfs ipns mqtt pop3 pop3s rtsp smb smbs "
    "smtp smtps telnet tftp ws wss\n"
    "Features: alt-svc AsynchDNS brotli HSTS HTTP2 HTTPS-proxy IPv6 Largefile libz NTLM SSL threadsafe "
    "TLS-SRP UnixSockets\n"
)
CURL_VALUE_OPTIONS = frozenset(
    [
        "-o",
        "--output",
        "-d",
        "--data",
        "-H",
        "--header",
        "-X",
        "--request",
        "-u",
        "--user",
        "-A",
        "--user-agent",
        "-m",
        "--max-time",
        "-w",
        "--write-out",
        "--connect-timeout",
        "-T",
        "--upload-file",
        "-e",
        "--referer",
        "-b",
        "--cookie",
        "-c",
        "--cookie-jar",
        "--retry",
    ]
)


@utility("curl")
def curl(call: Call) -> int:
    """``curl [-sSfIiLo] URL``: answered by the host (published ports in the terminal, the network in a container)."""
    args = call.args
    if any(arg in ("-h", "--help") for arg in args):
        call.out(CURL_HELP)
        return 0
    if any(arg in ("-V", "--version") for arg in args):
        own = getattr(call.host, "curl_version", None)  # a container's curl is its distribution's build
        call.out(own() if callable(own) else CURL_VERSION)
        return 0
    urls: list[str] = []
    output = ""
    index = 0
    while index < len(args):
        arg = args[index]
        if arg in CURL_VALUE_OPTIONS:
            if arg in ("-o", "--output") and index + 1 < len(args):
                output = args[index + 1]
            index += 2
            continue
        if not arg.startswith("-") or arg == "-":
            urls.append(arg)
        index += 1
    silent = any(re.fullmatch(r"-[a-zA-Z]*s[a-zA-Z]*", arg) for arg in args) and "-S" not in args
    if not urls:
        return call.fail("curl: try 'curl --help' or 'curl --manual' for more information", 2)
    status, body, error = call.host.http_get(urls[0], "curl")
    if error:
        if error.startswith("dockersim:"):
            return call.fail(error)
        code = 6 if "resolve" in error else 7
        return code if silent and "-S" not in args else call.fail(f"curl: ({code}) {error}", code)
    if status >= 400 and any(re.fullmatch(r"-[a-zA-Z]*f[a-zA-Z]*|--fail", arg) for arg in args):
        shows = any(re.fullmatch(r"-[a-zA-Z]*S[a-zA-Z]*|--show-error", arg) for arg in args)
        return 22 if silent and not shows else call.fail(f"curl: (22) The requested URL returned error: {status}", 22)
    if "-I" in args or "--head" in args or "-i" in args:
        reason = HTTP_REASONS.get(status, "")
        call.out(f"HTTP/1.1 {status} {reason}\r\nServer: nginx/1.27.3\r\nContent-Type: text/html\r\n\r\n")
        if "-i" not in args:
            return 0
    if output:
        try:
            call.files.write(output, body)
        except FileError as error:
            return call.fail(f"curl: (23) Failure writing output to destination ({error.reason})", 23)
        return 0
    call.out(body)
    return 0


@utility("wget")
def wget(call: Call) -> int:
    """``wget [-q] [-O FILE] URL`` (BusyBox's wget in Alpine images)."""
    urls = [arg for arg in call.args if not arg.startswith("-") and arg != "-"]
    if "-O" in call.args and call.args.index("-O") + 1 < len(call.args):
        target = call.args[call.args.index("-O") + 1]
        urls = [url for url in urls if url != target]
    else:
        target = next((arg[3:] for arg in call.args if arg.startswith("-qO") and len(arg) > 3), "")
        target = target or next((arg[2:] for arg in call.args if arg.startswith("-O") and len(arg) > 2), "")
    if not urls:
        return call.fail("BusyBox v1.36.1 multi-call binary.\n\nUsage: wget [-cqS] [-O FILE] URL", 1)
    status, body, error = call.host.http_get(urls[-1], "wget")
    host = re.sub(r"^https?://", "", urls[-1]).split("/")[0]
    if error:
        if error.startswith("dockersim:"):
            return call.fail(error)
        if "resolve" in error:
            return call.fail(f"wget: bad address '{host.split(':')[0]}'")
        return call.fail(f"Connecting to {host}\nwget: can't connect to remote host: Connection refused")
    if status >= 400:
        reason = HTTP_REASONS.get(status, "")
        return call.fail(f"Connecting to {host}\nwget: server returned error: HTTP/1.1 {status} {reason}")
    if target == "-":
        call.out(body)
        return 0
    quiet = any(re.fullmatch(r"-[a-zA-Z]*q[a-zA-Z]*", arg) for arg in call.args)
    if "--spider" in call.args:
        if not quiet:
            call.err(f"Connecting to {host}\nremote file exists\n")
        return 0
    path = re.sub(r"^https?://[^/]*", "", urls[-1]).split("?")[0]
    name = target or path.rstrip("/").rsplit("/", 1)[-1] or "index.html"
    if not quiet:
        call.err(f"Connecting to {host}\nsaving to '{name}'\n{name:<20} 100% |****| {len(body)}  0:00:00 ETA\n"
                 f"'{name}' saved\n")  # fmt: skip
    try:
        call.files.write(name, body)
    except FileError as error:
        return call.fail(f"wget: can't open '{name}': {error.reason}")
    return 0


@utility("help")
def help_(call: Call) -> int:
    """``help``: what this shell can do."""
    call.out(
        "This terminal simulates docker. It runs docker and docker-compose commands on a simulated engine,\n"
        "and a few shell basics around them: echo, cat, ls, pwd, cd, mkdir, touch, rm, cp, mv, grep, head, tail,\n"
        "wc, sort, uniq, cut, tr, date, sleep, export, curl localhost:PORT; pipes (|), &&, ||, ;, $(…), VAR=value,\n"
        "$VAR, if/for/while, redirections (>, >>, <, 2>&1) and heredocs (cat > file << EOF). Nothing runs for real.\n"
    )
    return 0
