"""The ``docker compose`` command specs (flags, defaults, help and usage of the compose v2 plugin).

Facts from ``docker/compose@v2.37.3:cmd/compose/*.go``. ``COMPOSE_SPECS`` holds the group spec
(``compose``, whose ``persistent`` flags are the top-level compose options every subcommand inherits)
followed by one spec per subcommand; ``dockersim.cli`` registers them. Handlers are ``dockersim.compose.commands:run_<sub>``.
"""

# ruff: noqa: E501 - flag help texts are quoted verbatim from compose

from __future__ import annotations

from dockersim.cli.spec import Arity, CommandSpec, FlagSpec

_HANDLERS = "dockersim.compose.commands"


def _b(long: str, help_: str, short: str = "", *, default: bool | None = None, hidden: bool = False) -> FlagSpec:
    shown = "true" if default else None
    return FlagSpec(long, short, "bool", default, help_, hidden=hidden, shown_default=shown)


def _s(long: str, help_: str, short: str = "", default: str = "", *, shown: bool = False) -> FlagSpec:
    return FlagSpec(long, short, "string", default, help_, shown_default=f'"{default}"' if shown else None)


def _i(long: str, help_: str, short: str = "", default: int = 0, *, shown: bool = False) -> FlagSpec:
    return FlagSpec(long, short, "int", default, help_, shown_default=str(default) if shown else None)


def _a(long: str, help_: str, short: str = "") -> FlagSpec:
    return FlagSpec(long, short, "stringArray", None, help_)


#: The compose top-level options (``docker compose [OPTIONS] COMMAND``), inherited by every subcommand.
TOP_LEVEL_FLAGS: tuple[FlagSpec, ...] = (
    _s("ansi", 'Control when to print ANSI control characters ("never"|"always"|"auto")', default="auto", shown=True),
    _b("all-resources", "Include all resources, even those not used by services"),
    _b("compatibility", "Run compose in backward compatibility mode"),
    _b("dry-run", "Execute command in dry run mode"),
    _a("env-file", "Specify an alternate environment file"),
    _a("file", "Compose configuration files", "f"),
    _i("parallel", "Control max parallelism, -1 for unlimited", default=-1, shown=True),
    _a("profile", "Specify a profile to enable"),
    _s("progress", "Set type of progress output (auto, tty, plain, json, quiet)"),
    _s(
        "project-directory",
        "Specify an alternate working directory\n(default: the path of the, first specified, Compose file)",
    ),
    _s("project-name", "Project name", "p"),
)

_REMOVE_ORPHANS = _b("remove-orphans", "Remove containers for services not defined in the Compose file")
_NO_DEPS = _b("no-deps", "Don't start linked services")
_SHUTDOWN_TIMEOUT = _i("timeout", "Specify a shutdown timeout in seconds", "t")
_WAIT = _b("wait", "Wait for services to be running|healthy. Implies detached mode.")
_WAIT_TIMEOUT = _i("wait-timeout", "Maximum duration in seconds to wait for the project to be running|healthy")
_PULL_POLICY = _s("pull", 'Pull image before running ("always"|"missing"|"never")', default="policy", shown=True)
_QUIET_PULL = _b("quiet-pull", "Pull without printing progress information")
_NO_LOG_PREFIX = _b("no-log-prefix", "Don't print prefix in logs")
_NO_COLOR = _b("no-color", "Produce monochrome output")
_INDEX = _i("index", "Index of the container if service has multiple replicas")
_ENV = _a("env", "Set environment variables", "e")

_SUBCOMMANDS: dict[str, tuple[str, str, Arity, bool, tuple[FlagSpec, ...]]] = {
    # name: (use, short description, arity, interspersed, flags)
    "up": (
        "[OPTIONS] [SERVICE...]",
        "Create and start containers",
        Arity(),
        True,
        (
            _b("abort-on-container-exit", "Stops all containers if any container was stopped. Incompatible with -d"),
            _b(
                "abort-on-container-failure",
                "Stops all containers if any container exited with failure. Incompatible with -d",
            ),
            _b("always-recreate-deps", "Recreate dependent containers. Incompatible with --no-recreate."),
            _a("attach", "Restrict attaching to the specified services. Incompatible with --attach-dependencies."),
            _b("attach-dependencies", "Automatically attach to log output of dependent services"),
            _b("build", "Build images before starting containers"),
            _b("detach", "Detached mode: Run containers in the background", "d"),
            _s(
                "exit-code-from",
                "Return the exit code of the selected service container. Implies --abort-on-container-exit",
            ),
            _b("force-recreate", "Recreate containers even if their configuration and image haven't changed"),
            _b(
                "menu",
                "Enable interactive shortcuts when running attached. Incompatible with --detach. Can also be enable/disable by setting COMPOSE_MENU environment var.",
            ),
            _a("no-attach", "Do not attach (stream logs) to the specified services"),
            _b("no-build", "Don't build an image, even if it's policy"),
            _NO_COLOR,
            _NO_DEPS,
            _NO_LOG_PREFIX,
            _b("no-recreate", "If containers already exist, don't recreate them. Incompatible with --force-recreate."),
            _b("no-start", "Don't start the services after creating them"),
            _PULL_POLICY,
            _QUIET_PULL,
            _REMOVE_ORPHANS,
            _b(
                "renew-anon-volumes",
                "Recreate anonymous volumes instead of retrieving data from the previous containers",
                "V",
            ),
            _a(
                "scale", "Scale SERVICE to NUM instances. Overrides the `scale` setting in the Compose file if present."
            ),
            _i(
                "timeout",
                "Use this timeout in seconds for container shutdown when attached or when containers are already running",
                "t",
            ),
            _b("timestamps", "Show timestamps"),
            _WAIT,
            _WAIT_TIMEOUT,
            _b("watch", "Watch source code and rebuild/refresh containers when files are updated.", "w"),
            _b("yes", 'Assume "yes" as answer to all prompts and run non-interactively', "y"),
        ),
    ),
    "down": (
        "[OPTIONS] [SERVICES]",
        "Stop and remove containers, networks",
        Arity(),
        True,
        (
            _REMOVE_ORPHANS,
            _s(
                "rmi",
                'Remove images used by services. "local" remove only images that don\'t have a custom tag ("local"|"all")',
            ),
            _SHUTDOWN_TIMEOUT,
            _b(
                "volumes",
                'Remove named volumes declared in the "volumes" section of the Compose file and anonymous volumes attached to containers',
                "v",
            ),
        ),
    ),
    "stop": (
        "[OPTIONS] [SERVICE...]",
        "Stop services",
        Arity(),
        True,
        (_SHUTDOWN_TIMEOUT,),
    ),
    "start": (
        "[SERVICE...]",
        "Start services",
        Arity(),
        True,
        (
            _WAIT,
            _WAIT_TIMEOUT,
        ),
    ),
    "restart": (
        "[OPTIONS] [SERVICE...]",
        "Restart service containers",
        Arity(),
        True,
        (
            _NO_DEPS,
            _SHUTDOWN_TIMEOUT,
        ),
    ),
    "ps": (
        "[OPTIONS] [SERVICE...]",
        "List containers",
        Arity(),
        True,
        (
            _b("all", "Show all stopped containers (including those created by the run command)", "a"),
            _s("filter", "Filter services by a property (supported filters: status)"),
            _s(
                "format",
                "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates",
                default="table",
                shown=True,
            ),
            _b("no-trunc", "Don't truncate output"),
            _b("orphans", "Include orphaned services (not declared by project)", default=True),
            _b("quiet", "Only display IDs", "q"),
            _b("services", "Display services"),
            _a(
                "status",
                "Filter services by status. Values: [paused | restarting | removing | running | dead | created | exited]",
            ),
        ),
    ),
    "logs": (
        "[OPTIONS] [SERVICE...]",
        "View output from containers",
        Arity(),
        True,
        (
            _b("follow", "Follow log output", "f"),
            _i("index", "index of the container if service has multiple replicas"),
            _NO_COLOR,
            _NO_LOG_PREFIX,
            _s("since", "Show logs since timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)"),
            _s(
                "tail",
                "Number of lines to show from the end of the logs for each container",
                "n",
                default="all",
                shown=True,
            ),
            _b("timestamps", "Show timestamps", "t"),
            _s(
                "until",
                "Show logs before a timestamp (e.g. 2013-01-02T13:23:37Z) or relative (e.g. 42m for 42 minutes)",
            ),
        ),
    ),
    "exec": (
        "[OPTIONS] SERVICE COMMAND [ARGS...]",
        "Execute a command in a running container",
        Arity.at_least(2),
        False,
        (
            _b("detach", "Detached mode: Run command in the background", "d"),
            _ENV,
            _INDEX,
            _b("interactive", "Keep STDIN open even if not attached", "i", default=True, hidden=True),
            _b(
                "no-TTY",
                "Disable pseudo-TTY allocation. By default `docker compose exec` allocates a TTY.",
                "T",
                default=True,
            ),
            _b("privileged", "Give extended privileges to the process"),
            _b("tty", "Allocate a pseudo-TTY", "t", default=True, hidden=True),
            _s("user", "Run the command as this user", "u"),
            _s("workdir", "Path to workdir directory for this command", "w"),
        ),
    ),
    "run": (
        "[OPTIONS] SERVICE [COMMAND] [ARGS...]",
        "Run a one-off command on a service",
        Arity.at_least(1),
        False,
        (
            _b("build", "Build image before starting container"),
            _b("detach", "Run container in background and print container ID", "d"),
            _s("entrypoint", "Override the entrypoint of the image"),
            _ENV,
            _b("interactive", "Keep STDIN open even if not attached", "i", default=True),
            _a("label", "Add or override a label", "l"),
            _s("name", "Assign a name to the container"),
            _b("no-TTY", "Disable pseudo-TTY allocation (default: auto-detected)", "T", default=True),
            _NO_DEPS,
            _a("publish", "Publish a container's port(s) to the host", "p"),
            _PULL_POLICY,
            _QUIET_PULL,
            _REMOVE_ORPHANS,
            _b("rm", "Automatically remove the container when it exits"),
            _b("service-ports", "Run command with all service's ports enabled and mapped to the host"),
            _b("use-aliases", "Use the service's network useAliases in the network(s) the container connects to"),
            _s("user", "Run as specified username or uid", "u"),
            _a("volume", "Bind mount a volume", "v"),
            _s("workdir", "Working directory inside the container", "w"),
        ),
    ),
    "pull": (
        "[OPTIONS] [SERVICE...]",
        "Pull service images",
        Arity(),
        True,
        (
            _b("ignore-buildable", "Ignore images that can be built"),
            _b("ignore-pull-failures", "Pull what it can and ignores images with pull failures"),
            _b("include-deps", "Also pull services declared as dependencies"),
            _s("policy", 'Apply pull policy ("missing"|"always")'),
            _b("quiet", "Pull without printing progress information", "q"),
        ),
    ),
    "build": (
        "[OPTIONS] [SERVICE...]",
        "Build or rebuild services",
        Arity(),
        True,
        (
            _a("build-arg", "Set build-time variables for services"),
            _s("builder", "Set builder to use"),
            _b("check", "Check build configuration"),
            FlagSpec("memory", "m", "bytes", 0, "Set memory limit for the build container. Not supported by BuildKit."),
            _b("no-cache", "Do not use cache when building the image"),
            _b("print", "Print equivalent bake file"),
            _b("pull", "Always attempt to pull a newer version of the image"),
            _b("push", "Push service images"),
            _b("quiet", "Don't print anything to STDOUT", "q"),
            _s(
                "ssh",
                "Set SSH authentications used when building service images. (use 'default' for using your default SSH Agent)",
            ),
            _b("with-dependencies", "Also build dependencies (transitively)"),
        ),
    ),
    "version": (
        "[OPTIONS]",
        "Show the Docker Compose version information",
        Arity.none(),
        True,
        (
            _s("format", "Format the output. Values: [pretty | json]. (Default: pretty)", "f"),
            _b("short", "Shows only Compose's version number"),
        ),
    ),
    "ls": (
        "[OPTIONS]",
        "List running compose projects",
        Arity.none(),
        True,
        (
            _b("all", "Show all stopped Compose projects", "a"),
            _s("filter", "Filter output based on conditions provided"),
            _s("format", "Format the output. Values: [table | json]", default="table", shown=True),
            _b("quiet", "Only display project names", "q"),
        ),
    ),
    "rm": (
        "[OPTIONS] [SERVICE...]",
        "Removes stopped service containers",
        Arity(),
        True,
        (
            _b("force", "Don't ask to confirm removal", "f"),
            _b("stop", "Stop the containers, if required, before removing", "s"),
            _b("volumes", "Remove any anonymous volumes attached to containers", "v"),
        ),
    ),
    "kill": (
        "[OPTIONS] [SERVICE...]",
        "Force stop service containers",
        Arity(),
        True,
        (
            _REMOVE_ORPHANS,
            _s("signal", "SIGNAL to send to the container", "s", default="SIGKILL", shown=True),
        ),
    ),
    "pause": ("[SERVICE...]", "Pause services", Arity(), True, ()),
    "unpause": ("[SERVICE...]", "Unpause services", Arity(), True, ()),
    "port": (
        "[OPTIONS] SERVICE PRIVATE_PORT",
        "Print the public port for a port binding",
        Arity.exact(2),
        True,
        (
            _INDEX,
            _s("protocol", "tcp or udp", default="tcp", shown=True),
        ),
    ),
    "config": (
        "[OPTIONS] [SERVICE...]",
        "Parse, resolve and render compose file in canonical format",
        Arity(),
        True,
        (
            _b("environment", "Print environment used for interpolation."),
            _s("format", "Format the output. Values: [yaml | json]", default="yaml", shown=True),
            _s("hash", "Print the service config hash, one per line."),
            _b("images", "Print the image names, one per line."),
            _b("no-consistency", "Don't check model consistency - warning: may produce invalid Compose output"),
            _b("no-interpolate", "Don't interpolate environment variables"),
            _b("no-normalize", "Don't normalize compose model"),
            _b("no-path-resolution", "Don't resolve file paths"),
            _s("output", "Save to file (default to stdout)", "o"),
            _b("profiles", "Print the profile names, one per line."),
            _b("quiet", "Only validate the configuration, don't print anything", "q"),
            _b("resolve-image-digests", "Pin image tags to digests"),
            _b("services", "Print the service names, one per line."),
            _b("variables", "Print model variables and default values."),
            _b("volumes", "Print the volume names, one per line."),
        ),
    ),
}


def build_compose_specs() -> list[CommandSpec]:
    """The group spec ``compose`` (top-level options as persistent flags), then one spec per subcommand."""
    group = CommandSpec(
        path="compose",
        use="[OPTIONS] COMMAND",
        short="Docker Compose",
        long="Define and run multi-container applications with Docker",
        persistent=TOP_LEVEL_FLAGS,
        handler="",
    )
    specs = [group]
    for name, (use, short, arity, interspersed, flags) in _SUBCOMMANDS.items():
        specs.append(
            CommandSpec(
                path=f"compose {name}",
                use=use,
                short=short,
                long=short,
                flags=flags,
                arity=arity,
                handler=f"{_HANDLERS}:run_{name.replace('-', '_')}",
                interspersed=interspersed,
            )
        )
    return specs


#: What ``dockersim.cli`` loads to register the ``compose`` subtree (also reachable as ``docker-compose``).
COMPOSE_SPECS: list[CommandSpec] = build_compose_specs()


def usage_line(sub: str) -> str:
    """``Usage:  docker compose up [OPTIONS] [SERVICE...]``."""
    use = _SUBCOMMANDS[sub][0]
    return f"Usage:  docker compose {sub} {use}"
