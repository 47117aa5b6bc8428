"""pflag syntax: tables of argv → parsed values or pflag's exact error."""

from __future__ import annotations

import pytest
from dockersim.cli.pflag import FlagError, FlagSet, parse
from dockersim.cli.registry import find_spec

RUN = find_spec("run")
PS = find_spec("ps")
assert RUN is not None and PS is not None


def _run(argv: list[str]) -> tuple[dict, list[str]]:
    res = parse(FlagSet.build(RUN.flags), argv, interspersed=False, env={"HOME_VAR": "h"})
    return res.values, res.args


@pytest.mark.parametrize(
    ("argv", "expect", "args"),
    [
        (["-it", "ubuntu", "bash"], {"interactive": True, "tty": True}, ["ubuntu", "bash"]),
        (["-itd", "nginx"], {"interactive": True, "tty": True, "detach": True}, ["nginx"]),
        (["-dp", "8080:80", "nginx"], {"detach": True, "publish": ["8080:80"]}, ["nginx"]),
        (["-p8080:80", "nginx"], {"publish": ["8080:80"]}, ["nginx"]),
        (["-p=8080:80", "nginx"], {"publish": ["8080:80"]}, ["nginx"]),
        (["--publish=1:1", "-p", "2:2", "x"], {"publish": ["1:1", "2:2"]}, ["x"]),
        (["-eFOO=bar", "x"], {"env": ["FOO=bar"]}, ["x"]),
        (["--env=A=B=C", "x"], {"env": ["A=B=C"]}, ["x"]),
        (["-e", "HOME_VAR", "x"], {"env": ["HOME_VAR=h"]}, ["x"]),
        (["-e", "UNSET_VAR", "x"], {"env": ["UNSET_VAR"]}, ["x"]),
        (["--rm=false", "x"], {"rm": False}, ["x"]),
        (["--rm", "false"], {"rm": True}, ["false"]),
        (["-d=false", "x"], {"detach": False}, ["x"]),
        (["-it=false", "x"], {"interactive": True, "tty": False}, ["x"]),
        (["--name", "a", "--name", "b", "x"], {"name": "b"}, ["x"]),
        (["--name", "-d", "x"], {"name": "-d", "detach": False}, ["x"]),
        (["--name=", "x"], {"name": ""}, ["x"]),
        (["--", "-d", "nginx"], {"detach": False}, ["-d", "nginx"]),
        (["nginx", "--rm", "--", "x"], {"rm": False}, ["nginx", "--rm", "--", "x"]),
        (["-m", "1.5g", "x"], {"memory": 1610612736}, ["x"]),
        (["-m", "10mib", "x"], {"memory": 10 * 1024 * 1024}, ["x"]),
        (["--cpus", "1.5", "x"], {"cpus": 1.5}, ["x"]),
        (["--cpus", "3/2", "x"], {"cpus": 1.5}, ["x"]),
        (["--health-interval", "1m30s", "x"], {"health-interval": 90.0}, ["x"]),
        (["--health-timeout", "1.5h", "x"], {"health-timeout": 5400.0}, ["x"]),
        (["--oom-score-adj", "0x10", "x"], {"oom-score-adj": 16}, ["x"]),
        (["--memory-swap", "-1", "x"], {"memory-swap": -1}, ["x"]),
        (["--net", "a", "--network", "b", "x"], {"network": ["a", "b"]}, ["x"]),
        (["--sysctl", "net.a=1", "x"], {"sysctl": {"net.a": "1"}}, ["x"]),
        (["-h", "box", "x"], {"hostname": "box"}, ["x"]),
        (["-", "x"], {}, ["-", "x"]),
        (["", "x"], {}, ["", "x"]),
    ],
)
def test_run_flag_syntax(argv: list[str], expect: dict, args: list[str]) -> None:
    """Grouped shorthands, attached values, = forms, bool semantics, -- and non-interspersed run parsing."""
    values, got_args = _run(argv)
    for key, value in expect.items():
        assert values[key] == value, key
    assert got_args == args


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--bogus"], "unknown flag: --bogus"),
        (["--näme=x"], "unknown flag: --näme"),
        (["-Z"], "unknown shorthand flag: 'Z' in -Z"),
        (["-dx"], "unknown shorthand flag: 'x' in -x"),
        (["-é"], "unknown shorthand flag: 'Ã' in -é"),
        (["-\x00"], "unknown shorthand flag: '\\x00' in -\x00"),
        (["--name"], "flag needs an argument: --name"),
        (["-p"], "flag needs an argument: 'p' in -p"),
        (["-dp"], "flag needs an argument: 'p' in -p"),
        (["--=x"], "bad flag syntax: --=x"),
        (["---rm"], "bad flag syntax: ---rm"),
        (["--rm="], 'invalid argument "" for "--rm" flag: strconv.ParseBool: parsing "": invalid syntax'),
        (
            ["-d=yes"],
            'invalid argument "yes" for "-d, --detach" flag: strconv.ParseBool: parsing "yes": invalid syntax',
        ),
        (["-my-image"], 'invalid argument "y-image" for "-m, --memory" flag: invalid size: \'y-image\''),
        (["-m", "-1"], 'invalid argument "-1" for "-m, --memory" flag: invalid size: \'-1\''),
        (["-m", "512mbb"], 'invalid argument "512mbb" for "-m, --memory" flag: invalid suffix: \'mbb\''),
        (["--cpus", "1.0000000001"], 'invalid argument "1.0000000001" for "--cpus" flag: value is too precise'),
        (
            ["--blkio-weight", "70000"],
            'invalid argument "70000" for "--blkio-weight" flag: '
            'strconv.ParseUint: parsing "70000": value out of range',
        ),
        (
            ["--health-interval", "5x"],
            'invalid argument "5x" for "--health-interval" flag: time: unknown unit "x" in duration "5x"',
        ),
        (["--health-interval", ""], 'invalid argument "" for "--health-interval" flag: time: invalid duration ""'),
        (["-e", "=B"], 'invalid argument "=B" for "-e, --env" flag: invalid environment variable: =B'),
        (["-l", ""], 'invalid argument "" for "-l, --label" flag: invalid label \'\': empty name'),
        (["--add-host", "foo"], 'invalid argument "foo" for "--add-host" flag: bad format for add-host: "foo"'),
        (["--dns", "x"], 'invalid argument "x" for "--dns" flag: IP address is not correctly formatted: x'),
        (
            ["-a", "bogus"],
            'invalid argument "bogus" for "-a, --attach" flag: valid streams are STDIN, STDOUT and STDERR',
        ),
        (["--mount", "type=bind"], 'invalid argument "type=bind" for "--mount" flag: target is required'),
        (["--ulimit", "nofile"], 'invalid argument "nofile" for "--ulimit" flag: invalid ulimit argument: nofile'),
        (["--sysctl", "foo"], 'invalid argument "foo" for "--sysctl" flag: sysctl \'foo\' is not allowed'),
    ],
)
def test_run_flag_errors(argv: list[str], message: str) -> None:
    """Each malformed flag gives pflag's (or docker's option type's) exact message."""
    with pytest.raises(FlagError) as info:
        _run([*argv, "nginx"] if argv[-1] not in ("--name", "-p", "-dp") else argv)
    assert info.value.message == message


def test_interspersed_commands_take_flags_after_positionals() -> None:
    """'docker rm web -f' style: flags may follow positionals when interspersing is on."""
    rm = find_spec("rm")
    assert rm is not None
    res = parse(FlagSet.build(rm.flags), ["web", "-f", "db"], interspersed=True)
    assert res.values["force"] is True
    assert res.args == ["web", "db"]


def test_deprecated_flag_sets_its_target_and_notes() -> None:
    """'stop --time 3' sets timeout and records pflag's deprecation notice."""
    stop = find_spec("stop")
    assert stop is not None
    res = parse(FlagSet.build(stop.flags), ["--time", "3", "web"])
    assert res.values["timeout"] == 3
    assert res.notices == ["Flag --time has been deprecated, use --timeout instead"]


def test_strings_type_splits_csv_and_filter_normalises() -> None:
    """'strings' flags split on commas; filters are name=value with the name lower-cased."""
    build = find_spec("build")
    ps = find_spec("ps")
    assert build is not None and ps is not None
    res = parse(FlagSet.build(build.flags), ["--cache-from", "a,b", "--cache-from", "c", "."])
    assert res.values["cache-from"] == ["a", "b", "c"]
    res = parse(FlagSet.build(ps.flags), ["-f", " Status =exited"])
    assert res.values["filter"] == ["status=exited"]
    with pytest.raises(FlagError, match=r"bad format of filter \(expected name=value\)"):
        parse(FlagSet.build(ps.flags), ["-f", "bogus"])


def test_help_shorthand_is_deprecated_except_on_run() -> None:
    """'-h' is the deprecated help shorthand on ps, but --hostname on run."""
    res = parse(FlagSet.build(PS.flags), ["-h"])
    assert res.values["help"] is True
    assert res.notices == ["Flag shorthand -h has been deprecated, use --help"]
    with pytest.raises(FlagError, match="flag needs an argument: 'h' in -h"):
        parse(FlagSet.build(RUN.flags), ["-h"], interspersed=False)
