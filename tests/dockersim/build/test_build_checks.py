"""BuildKit's build checks, one case per line, from ``dockerfile_check_test.go`` and the rule docs.

Each case is a Dockerfile and the warnings BuildKit reports for it (``Rule: message (line N)``, sorted
by line then message as BuildKit's tests compare them). ``build`` is what a ``docker build`` of the
last stage reports (only the stages it runs are dispatched); ``check`` is ``docker build --check``
(every stage). Both are the same unless a case says otherwise.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from dockersim.build.checks import CheckConfig, copy_excluded, run_checks, sorted_warnings
from dockersim.build.context import from_files
from dockersim.build.instructions import parse_dockerfile
from dockersim.build.plan import global_arg_values, needed_stages, resolve_target
from dockersim.session import Session


def _warnings(
    text: str, *, mode: str = "build", ignore: str | None = None, args: dict[str, str] | None = None
) -> list[str]:
    context = from_files({"Dockerfile": text}, dockerignore=ignore) if ignore is not None else None
    reachable = None
    if mode == "build":
        dockerfile = parse_dockerfile(text)
        globals_ = global_arg_values(dockerfile, dict(args or {}))
        reachable = needed_stages(dockerfile, resolve_target(dockerfile, ""), globals_)
    result = run_checks(text, context=context, build_args=args, reachable=reachable)
    return [w.short for w in sorted_warnings(result.warnings)]


CASES: list[tuple[str, str, list[str]]] = [
    # testStageName
    (
        "stage-name",
        "\n# warning: stage name should be lowercase\n#\nFROM scratch AS BadStageName\n\n"
        "# warning: 'as' should match 'FROM' cmd casing.\n#\nFROM scratch as base2\n\nFROM scratch AS base3\n",
        [
            "StageNameCasing: Stage name 'BadStageName' should be lowercase (line 4)",
            "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 8)",
        ],
    ),
    (
        "from-as-lower",
        "\n# warning: 'AS' should match 'from' cmd casing.\n#\nfrom scratch AS base\n\nfrom scratch as base2\n",
        ["FromAsCasing: 'AS' and 'from' keywords' casing do not match (line 4)"],
    ),
    # testNoEmptyContinuation: reported on the line that ends the instruction
    (
        "empty-continuation",
        "\nFROM scratch\n# warning: empty continuation line\nCOPY Dockerfile \\\n\n.\nCOPY Dockerfile \\\n.\n",
        ["NoEmptyContinuation: Empty continuation line (line 6)"],
    ),
    # testConsistentInstructionCasing
    (
        "casing-mixed-from",
        "\n# warning\n#\nFrom scratch as base\nFROM scratch AS base2\n",
        [
            "ConsistentInstructionCasing: Command 'From' should match the case of the command majority (uppercase) "
            "(line 4)"
        ],
    ),
    (
        "casing-copy",
        "\nFROM scratch\n# warning\ncopy Dockerfile /foo\nCOPY Dockerfile /bar\n",
        [
            "ConsistentInstructionCasing: Command 'copy' should match the case of the command majority (uppercase) "
            "(line 4)"
        ],
    ),
    (
        "casing-frOM",
        "\n# warning\n#\nfrOM scratch as base\nfrom scratch as base2\n",
        [
            "ConsistentInstructionCasing: Command 'frOM' should match the case of the command majority (lowercase) "
            "(line 4)"
        ],
    ),
    (
        "casing-COPY",
        "\nfrom scratch\n# warning\nCOPY Dockerfile /foo\ncopy Dockerfile /bar\n",
        [
            "ConsistentInstructionCasing: Command 'COPY' should match the case of the command majority (lowercase) "
            "(line 4)"
        ],
    ),
    (
        "casing-from-minority",
        "\n# w\n#\nfrom scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\nCOPY Dockerfile /baz\n",
        [
            "ConsistentInstructionCasing: Command 'from' should match the case of the command majority (uppercase) "
            "(line 4)"
        ],
    ),
    (
        "casing-FROM-minority",
        "\n# w\n#\nFROM scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\ncopy Dockerfile /baz\n",
        [
            "ConsistentInstructionCasing: Command 'FROM' should match the case of the command majority (lowercase) "
            "(line 4)"
        ],
    ),
    ("casing-all-lower", "\nfrom scratch\ncopy Dockerfile /foo\ncopy Dockerfile /bar\n", []),
    ("casing-all-upper", "\nFROM scratch\nCOPY Dockerfile /foo\nCOPY Dockerfile /bar\n", []),
    ("casing-heredoc", "\nFROM alpine\nRUN <<'EOT'\nenv\nEOT\n", []),
    # testDuplicateStageName / testReservedStageName
    (
        "duplicate-stage",
        "\nFROM scratch AS b\nFROM scratch AS b\n",
        ['DuplicateStageName: Duplicate stage name "b", stage names should be unique (line 3)'],
    ),
    ("distinct-stages", "\nFROM scratch AS b1\nFROM scratch AS b2\n", []),
    (
        "reserved-stage",
        "\nFROM scratch AS scratch\nFROM scratch AS context\n",
        [
            'ReservedStageName: Stage name should not use the same name as reserved stage "scratch" (line 2)',
            'ReservedStageName: Stage name should not use the same name as reserved stage "context" (line 3)',
        ],
    ),
    ("unreserved", "\nFROM scratch\nFROM scratch AS a\n", []),
    # testJSONArgsRecommended: SHELL in the stage or its parent stage silences it
    (
        "json-cmd",
        "\nFROM scratch\nCMD mycommand\n",
        [
            "JSONArgsRecommended: JSON arguments recommended for CMD to prevent unintended behavior related to OS "
            "signals (line 3)"
        ],
    ),
    (
        "json-entrypoint",
        "\nFROM scratch\nENTRYPOINT mycommand\n",
        [
            "JSONArgsRecommended: JSON arguments recommended for ENTRYPOINT to prevent unintended behavior related "
            "to OS signals (line 3)"
        ],
    ),
    ("json-shell", '\nFROM scratch\nSHELL ["/usr/bin/customshell"]\nCMD mycommand\n', []),
    ("json-shell-entrypoint", '\nFROM scratch\nSHELL ["/usr/bin/customshell"]\nENTRYPOINT mycommand\n', []),
    ("json-shell-parent", '\nFROM scratch AS base\nSHELL ["/usr/bin/customshell"]\n\nFROM base\nCMD mycommand\n', []),
    (
        "json-shell-parent-ep",
        '\nFROM scratch AS base\nSHELL ["/usr/bin/customshell"]\n\nFROM base\nENTRYPOINT mycommand\n',
        [],
    ),
    # testMaintainerDeprecated and instruction-level skips
    (
        "maintainer",
        "\nFROM scratch\nMAINTAINER me@example.org\n",
        ["MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label (line 3)"],
    ),
    ("label-author", '\nFROM scratch\nLABEL org.opencontainers.image.authors="me@example.org"\n', []),
    ("skip-json-cmd", "\nFROM scratch\n# check=skip=JSONArgsRecommended\nCMD mycommand\n", []),
    ("skip-json-entrypoint", "\nFROM scratch\n# check=skip=JSONArgsRecommended\nENTRYPOINT mycommand\n", []),
    ("skip-maintainer", "\nFROM scratch\n# check=skip=MaintainerDeprecated\nMAINTAINER me@example.org\n", []),
    # testUndeclaredArg
    ("arg-base", "\nARG base=scratch\nFROM $base\nCOPY Dockerfile .\n", []),
    (
        "arg-buildplatform",
        "\nARG BUILDPLATFORM=linux/amd64\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n",
        [],
    ),
    ("auto-buildplatform", "\nFROM --platform=$BUILDPLATFORM scratch\nCOPY Dockerfile .\n", []),
    ("arg-no-value", "\nARG DEBUG\nFROM scratch${DEBUG}\nCOPY Dockerfile .\n", []),
    ("arg-default-expansion", "\nARG DEBUG\nFROM scra${DEBUG:-tch}\nCOPY Dockerfile .\n", []),
    ("arg-empty", '\nARG DEBUG=""\nFROM scratch${DEBUG-@bogus}\nCOPY Dockerfile .\n', []),
    (
        "platform-typo",
        "\nFROM --platform=$BULIDPLATFORM scratch\nCOPY Dockerfile .\n",
        ["UndefinedArgInFrom: FROM argument 'BULIDPLATFORM' is not declared (did you mean BUILDPLATFORM?) (line 2)"],
    ),
    (
        "platform-arch-typo",
        "\nARG MY_OS=linux\nARG MY_ARCH=amd64\nFROM --platform=linux/${MYARCH} busybox\nCOPY Dockerfile .\n\t",
        ["UndefinedArgInFrom: FROM argument 'MYARCH' is not declared (did you mean MY_ARCH?) (line 4)"],
    ),
    (
        "undeclared-version",
        "\nARG tag=latest\nFROM busybox:${tag}${version} AS b\nCOPY Dockerfile .\n",
        ["UndefinedArgInFrom: FROM argument 'version' is not declared (line 3)"],
    ),
    # testWorkdirRelativePath: an absolute WORKDIR of the parent stage counts
    (
        "workdir-relative",
        "\nFROM scratch\nWORKDIR app/\n",
        ['WorkdirRelativePath: Relative workdir "app/" can have unexpected results if the base image changes (line 3)'],
    ),
    ("workdir-parent", "\nFROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR subdir/\n", []),
    ("workdir-skip", "\nFROM scratch\n# check=skip=WorkdirRelativePath\nWORKDIR app/\n", []),
    # testUnmatchedVars
    ("var-arg-no-value", "\nFROM scratch\nARG foo\nCOPY Dockerfile${foo} .\n", []),
    ("var-parent-arg", "\nFROM alpine AS base\nARG foo=Dockerfile\n\nFROM base\nCOPY $foo .\n", []),
    ("var-run-not-expanded", "\nFROM alpine\nRUN echo $PATH\n", []),
    (
        "var-before-arg",
        "\nFROM alpine\nCOPY $foo .\nARG foo=bar\nRUN echo $foo\n",
        ["UndefinedVar: Usage of undefined variable '$foo' (line 3)"],
    ),
    (
        "var-hint",
        "\nFROM alpine\nARG DIR_BINARIES=binaries/\nARG DIR_ASSETS=assets/\nARG DIR_CONFIG=config/\nCOPY $DIR_ASSET "
        ".\n\t",
        ["UndefinedVar: Usage of undefined variable '$DIR_ASSET' (did you mean $DIR_ASSETS?) (line 6)"],
    ),
    (
        "var-path-hint",
        "\nFROM alpine\nENV PATH=$PAHT:/tmp/bin\n\t\t",
        ["UndefinedVar: Usage of undefined variable '$PAHT' (did you mean $PATH?) (line 3)"],
    ),
    # testMultipleInstructionsDisallowed: reported on the earlier, overridden instruction
    (
        "multiple",
        '\nFROM scratch\nENTRYPOINT ["/myapp"]\nENTRYPOINT ["/myotherapp"]\nCMD ["/myapp"]\nCMD ["/myotherapp"]\n'
        'HEALTHCHECK CMD ["/myapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
        [
            "MultipleInstructionsDisallowed: Multiple ENTRYPOINT instructions should not be used in the same stage "
            "because only the last one will be used (line 3)",
            "MultipleInstructionsDisallowed: Multiple CMD instructions should not be used in the same stage because "
            "only the last one will be used (line 5)",
            "MultipleInstructionsDisallowed: Multiple HEALTHCHECK instructions should not be used in the same stage "
            "because only the last one will be used (line 7)",
        ],
    ),
    (
        "multiple-split",
        '\nFROM scratch\nENTRYPOINT ["/myapp"]\nCMD ["/myapp"]\nHEALTHCHECK CMD ["/myapp"]\nCOPY <<EOF /a.txt\n'
        'Hello, World!\nEOF\nENTRYPOINT ["/myotherapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
        [
            "MultipleInstructionsDisallowed: Multiple ENTRYPOINT instructions should not be used in the same stage "
            "because only the last one will be used (line 3)",
            "MultipleInstructionsDisallowed: Multiple CMD instructions should not be used in the same stage because "
            "only the last one will be used (line 4)",
            "MultipleInstructionsDisallowed: Multiple HEALTHCHECK instructions should not be used in the same stage "
            "because only the last one will be used (line 5)",
        ],
    ),
    (
        "multiple-across-stages",
        '\nFROM scratch AS a\nENTRYPOINT ["/myapp"]\nCMD ["/myapp"]\nHEALTHCHECK CMD ["/myapp"]\n\nFROM a AS b\n'
        'ENTRYPOINT ["/myotherapp"]\nCMD ["/myotherapp"]\nHEALTHCHECK CMD ["/myotherapp"]\n',
        [],
    ),
    # testLegacyKeyValueFormat
    (
        "legacy",
        "\nFROM scratch\nENV testkey value\nLABEL key value\n",
        [
            'LegacyKeyValueFormat: "ENV key=value" should be used instead of legacy "ENV key value" format (line 3)',
            'LegacyKeyValueFormat: "LABEL key=value" should be used instead of legacy "LABEL key value" '
            "format (line 4)",
        ],
    ),
    ("legacy-ok", "\nFROM scratch\nENV testkey=value\nLABEL key=value\n", []),
    (
        "legacy-skip",
        "\nFROM scratch\n# check=skip=LegacyKeyValueFormat\nENV testkey value\n# check=skip=LegacyKeyValueFormat\n"
        "LABEL key value\n",
        [],
    ),
    # testRedundantTargetPlatform
    (
        "redundant-platform",
        "\nFROM --platform=$TARGETPLATFORM scratch\n",
        [
            "RedundantTargetPlatform: Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is "
            "the default behavior (line 2)"
        ],
    ),
    (
        "redundant-platform-braces",
        "\nFROM --platform=${TARGETPLATFORM} scratch\n",
        [
            "RedundantTargetPlatform: Setting platform to predefined ${TARGETPLATFORM} in FROM is redundant as this "
            "is the default behavior (line 2)"
        ],
    ),
    (
        "redundant-platform-skip",
        "\n# check=skip=RedundantTargetPlatform\nFROM --platform=$TARGETPLATFORM scratch\n",
        [],
    ),
    # testFromPlatformFlagConstDisallowed: a stage named after the platform may use a constant
    (
        "platform-const",
        "\nFROM --platform=linux/amd64 scratch\n",
        ['FromPlatformFlagConstDisallowed: FROM --platform flag should not use constant value "linux/amd64" (line 2)'],
    ),
    ("platform-const-arch-stage", "\nFROM --platform=linux/amd64 scratch AS my_amd64_stage\n", []),
    ("platform-const-os-stage", "\nFROM --platform=linux/amd64 scratch AS linux\n", []),
    # testExposeProtoCasing / testExposeInvalidFormat
    (
        "expose-proto",
        "\nFROM scratch\nEXPOSE 80/TcP 8080/TCP 8080/udp\n",
        [
            "ExposeProtoCasing: Defined protocol '80/TcP' in EXPOSE instruction should be lowercase (line 3)",
            "ExposeProtoCasing: Defined protocol '8080/TCP' in EXPOSE instruction should be lowercase (line 3)",
        ],
    ),
    (
        "expose-format",
        "\nFROM scratch\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000\n",
        [
            "ExposeInvalidFormat: EXPOSE instruction should not define an IP address or host-port mapping, found "
            "'127.0.0.1:80:80' (line 3)",
            "ExposeInvalidFormat: EXPOSE instruction should not define an IP address or host-port mapping, found "
            "'5000:5000' (line 3)",
            "ExposeInvalidFormat: EXPOSE instruction should not define an IP address or host-port mapping, found "
            "'[::1]:8080:8080' (line 3)",
        ],
    ),
    # testRuleCheckOption
    ("check-skip-all", "#check=skip=all\nFROM scratch as base\ncopy Dockerfile .\n", []),
    (
        "check-skip-two",
        "#check=skip=ConsistentInstructionCasing,FromAsCasing\nFROM scratch as base\ncopy Dockerfile .\n",
        [],
    ),
    (
        "check-skip-one",
        "#check=skip=ConsistentInstructionCasing\nFROM scratch as base\ncopy Dockerfile .\n",
        ["FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 2)"],
    ),
    (
        "check-default",
        "FROM scratch as base\ncopy Dockerfile .\n",
        [
            "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 1)",
            "ConsistentInstructionCasing: Command 'copy' should match the case of the command majority (uppercase) "
            "(line 2)",
        ],
    ),
    # testDefinitionDescription (experimental: only when asked for, even with skip=all)
    (
        "description-ok",
        "# check=skip=all;experimental=InvalidDefinitionDescription\n# foo this is the foo\nARG foo=bar\n\n"
        "# base this is the base image\nFROM scratch AS base\n\n# version this is the version number\n"
        "ARG version=latest\n\n# baz this is the baz\nARG foo=baz bar=qux baz=quux\n#\nARG bit=bat\n\n"
        "# comment for something other than ARG or FROM\nCOPY Dockerfile .\n",
        [],
    ),
    (
        "description-bad",
        "# check=experimental=InvalidDefinitionDescription\n# bar this is the bar\nARG foo=bar\n"
        "# BasE this is the BasE image\nFROM scratch AS base\n# definitely a bad comment\nARG version=latest\n"
        "# definitely a bad comment\nARG foo=baz bar=qux baz=quux\n",
        [
            "InvalidDefinitionDescription: Comment for ARG should follow the format: `# foo <description>` (line 3)",
            "InvalidDefinitionDescription: Comment for FROM should follow the format: `# base <description>` (line 5)",
            "InvalidDefinitionDescription: Comment for ARG should follow the format: `# version <description>` "
            "(line 7)",
            "InvalidDefinitionDescription: Comment for ARG should follow the format: `# <arg_key> <description>` "
            "(line 9)",
        ],
    ),
    ("description-off", "# bar this is the bar\nARG foo=bar\nFROM scratch\n", []),
    # testSecretsUsedInArgOrEnv
    (
        "secrets",
        "# check=skip=InvalidDefinitionDescription\n\nFROM scratch\nARG SECRET_PASSPHRASE\nENV SUPER_Secret=foo\n"
        "ENV password=bar secret=baz\nARG super_duper_secret_token=foo auth=bar\nENV apikey=bar sunflower=foo\n"
        "ENV git_key=\nENV PUBLIC_KEY=\nARG public_token\nARG SECRET_PASSPHRASE_FILE\n"
        "ENV password_file=bar secret_File=baz\nARG AUTH_MODULE_VERSION\n"
        "# check=skip=SecretsUsedInArgOrEnv // allow secret in environment\nENV password=bar\n"
        "# check=skip=SecretsUsedInArgOrEnv // allow secret in arg\nARG password\n"
        "# check=skip=all // is local to only this instruction\nENV alternate_password=bar\n"
        "# check=skip=all // is local to only this instruction\nARG alternate_password\n",
        [
            'SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ARG "SECRET_PASSPHRASE") '
            "(line 4)",
            "SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data "
            '(ENV "SUPER_Secret") (line 5)',
            'SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ENV "password") (line 6)',
            'SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ENV "secret") (line 6)',
            'SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ARG "auth") (line 7)',
            "SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ARG "
            '"super_duper_secret_token") (line 7)',
            'SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ENV "apikey") (line 8)',
            'SecretsUsedInArgOrEnv: Do not use ARG or ENV instructions for sensitive data (ENV "git_key") (line 9)',
        ],
    ),
    # testInvalidDefaultArgInFrom (defaults judged without the build args)
    (
        "default-arg-empty-tag",
        "\nARG VERSION\nFROM busybox:$VERSION\n",
        [
            "InvalidDefaultArgInFrom: Default value for ARG busybox:$VERSION results in empty or invalid base image "
            "name (line 3)"
        ],
    ),
    (
        "default-arg-empty-image",
        "\nARG IMAGE\nFROM $IMAGE\n",
        ["InvalidDefaultArgInFrom: Default value for ARG $IMAGE results in empty or invalid base image name (line 3)"],
    ),
    (
        "default-arg-suffix",
        '\nARG SFX="box:"\nFROM busy${SFX}\n',
        [
            "InvalidDefaultArgInFrom: Default value for ARG busy${SFX} results in empty or invalid base image name "
            "(line 3)"
        ],
    ),
    ("default-arg-ok", '\nARG VERSION="latest"\nFROM busybox:${VERSION}\n', []),
    ("default-arg-variant", '\nARG BUSYBOX_VARIANT=""\nFROM busybox:stable${BUSYBOX_VARIANT}\n', []),
    ("default-arg-variant-unset", "\n\tARG BUSYBOX_VARIANT\n\tFROM busybox:stable${BUSYBOX_VARIANT}\n\t", []),
    # testWarningsBeforeError
    (
        "warnings-before-error",
        "\nFROM scratch AS BadStageName\nMAINTAINER me@example.org\nBADCMD\n",
        [
            "StageNameCasing: Stage name 'BadStageName' should be lowercase (line 2)",
            "MaintainerDeprecated: Maintainer instruction is deprecated in favor of using label (line 3)",
        ],
    ),
]

BUILD_ARGS = {
    "default-arg-empty-tag": {"VERSION": "latest"},
    "default-arg-empty-image": {"IMAGE": "busybox:latest"},
    "default-arg-suffix": {"SFX": "box:latest"},
    "default-arg-ok": {"VERSION": "latest"},
    "default-arg-variant": {"BUSYBOX_VARIANT": "-musl"},
    "default-arg-variant-unset": {"BUSYBOX_VARIANT": "-musl"},
}


@pytest.mark.parametrize(("name", "text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_check_case(name: str, text: str, expected: list[str]) -> None:
    """Both a build and ``--check`` report exactly BuildKit's warnings (rule, message, line)."""
    args = BUILD_ARGS.get(name)
    if name == "warnings-before-error":
        result = run_checks(text)
        assert result.error is not None and str(result.error).endswith("unknown instruction: BADCMD")
        assert [w.short for w in sorted_warnings(result.warnings)] == expected
        return
    assert _warnings(text, args=args) == expected
    assert _warnings(text, mode="check", args=args) == expected


def test_unreached_stages_only_warn_under_check() -> None:
    """testAllTargetUnmarshal/testLegacyKeyValueFormat: a build dispatches only the stages it needs."""
    text = "\nFROM scratch AS first\nCOPY $foo .\n\nFROM scratch AS second\nCOPY $bar .\n"
    assert _warnings(text) == ["UndefinedVar: Usage of undefined variable '$bar' (line 6)"]
    assert _warnings(text, mode="check") == [
        "UndefinedVar: Usage of undefined variable '$foo' (line 3)",
        "UndefinedVar: Usage of undefined variable '$bar' (line 6)",
    ]
    legacy = "\nFROM scratch AS a\n\nFROM a AS b\nENV testkey value\nLABEL key value\n\nFROM a AS c\n"
    assert _warnings(legacy) == []
    assert len(_warnings(legacy, mode="check")) == 2


def test_build_arg_replaces_the_directive() -> None:
    """BUILDKIT_DOCKERFILE_CHECK replaces ``# check=`` as a whole (skip and error alike)."""
    text = "#check=skip=all\nFROM scratch as base\ncopy Dockerfile .\n"
    result = run_checks(text, build_args={"BUILDKIT_DOCKERFILE_CHECK": "skip=ConsistentInstructionCasing;error=true"})
    assert [w.short for w in result.warnings] == [
        "FromAsCasing: 'as' and 'FROM' keywords' casing do not match (line 2)"
    ]
    assert result.violation == "lint violation found for rules: FromAsCasing"
    quiet = run_checks(
        "#check=error=true\nFROM scratch as base\ncopy Dockerfile .\n",
        build_args={"BUILDKIT_DOCKERFILE_CHECK": "skip=all"},
    )
    assert quiet.warnings == [] and quiet.violation == ""
    skipped_error = run_checks(
        "#check=skip=ConsistentInstructionCasing,FromAsCasing;error=true\nFROM scratch as base\n"
    )
    assert skipped_error.violation == ""


@pytest.mark.parametrize(
    ("ignore", "text", "expected"),
    [
        (
            "\nDockerfile\n",
            "\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n",
            [
                'CopyIgnoredFile: Attempting to Copy file "Dockerfile" that is excluded by .dockerignore (line 3)',
                'CopyIgnoredFile: Attempting to Add file "Dockerfile" that is excluded by .dockerignore (line 4)',
            ],
        ),
        (
            "\nDockerfile\n",
            "# check=skip=CopyIgnoredFile\n\nFROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n",
            [],
        ),
        (
            "\nfoobar\n",
            "\nFROM scratch AS base\nCOPY Dockerfile /foobar\nADD Dockerfile /windy\n\nFROM base\n"
            "COPY --from=base /foobar /Dockerfile\n",
            [],
        ),
        ("\n**\n!Dockerfile\n", "\nFROM scratch\nCOPY ./Dockerfile .\n", []),
        ("\n**\n!Dockerfile\n", "\nFROM scratch\nCOPY . .\n\t", []),
        ("\n.*\n", "\nFROM scratch\nCOPY . .\n", []),
        (
            "\n*\n",
            "\nFROM scratch\nCOPY . .\n",
            ['CopyIgnoredFile: Attempting to Copy file "." that is excluded by .dockerignore (line 3)'],
        ),
    ],
)
def test_copy_ignored_file(ignore: str, text: str, expected: list[str]) -> None:
    """testCopyIgnoredFiles and testCopyIgnoredFileContextRoot."""
    assert _warnings(text, ignore=ignore) == expected


@pytest.mark.parametrize(
    ("ignore", "path", "excluded"),
    [
        ("sub\n!sub/b.txt\n", "sub/a.txt", True),
        ("sub\n!other.txt\n", "sub/a.txt", True),
        ("sub\n!nope/missing.txt\n", "sub/a.txt", True),
        ("!sub/b.txt\nsub\n", "sub/a.txt", True),
        ("sub\n!sub/a.txt\n", "sub", False),
        ("sub\n!sub/a.txt\n", "", False),
        ("sub\n!sub/a.txt\n", "sub/a.txt", False),
        ("sub\n!sub/a.txt\n", "sub/*.txt", False),
        ("su.b\n!su\\.b/keep.txt\n", "su.b", False),
    ],
)
def test_copy_ignored_negation(ignore: str, path: str, excluded: bool) -> None:
    """testCopyIgnoredFileNegation: a later ``!`` that re-includes something below the copied path silences it."""
    from dockersim.build.ignore import read_patterns

    assert copy_excluded(read_patterns(ignore), path) is excluded


def test_check_options_parse() -> None:
    """linter.ParseLintOptions: skip/experimental lists, ``all``, error as a Go bool, bad options rejected."""
    config = CheckConfig.parse(" skip = A, B ; error=1;experimental=all")
    assert (config.skip, config.error, config.experimental_all) == (frozenset({"A", "B"}), True, True)
    with pytest.raises(ValueError, match="invalid check option"):
        CheckConfig.parse("bogus")
    with pytest.raises(ValueError, match="invalid check option"):
        CheckConfig.parse("nope=1")


def test_docker_build_check(tmp_path: Path) -> None:
    """``docker build --check`` builds nothing, prints each warning with its page and excerpt, exits 1."""
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.19 as base\nCMD echo hi\n", encoding="utf-8")
    session = Session(seed=1, cwd=tmp_path)
    result = session.run(["build", "--check", "."])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:5] == [
        "Check complete, 2 warnings have been found!",
        "",
        "WARNING: FromAsCasing - https://docs.docker.com/go/dockerfile/rule/from-as-casing/",
        "'as' and 'FROM' keywords' casing do not match",
        "Dockerfile:1",
    ]
    assert "   2 | >>> CMD echo hi" in result.stdout
    assert not session.engine.images, "a check builds (and pulls) nothing"
    (tmp_path / "Dockerfile").write_text('FROM alpine:3.19 AS base\nCMD ["echo", "hi"]\n', encoding="utf-8")
    clean = session.run(["build", "--check", "."])
    assert (clean.exit_code, clean.stdout) == (0, "Check complete, no warnings found.\n")


def test_one_instruction_expands_with_the_variables_before_it() -> None:
    """``ENV A=1 B=$A`` expands every word before applying any pair, so ``$A`` is undefined there."""
    assert _warnings("FROM alpine\nENV A=1 B=$A\n", mode="check") == [
        "UndefinedVar: Usage of undefined variable '$A' (line 2)"
    ]
    assert _warnings("FROM alpine\nENV A=1\nENV B=$A\n", mode="check") == []


def test_workdir_of_the_base_image_does_not_count() -> None:
    """Only this build's WORKDIR settles WorkdirRelativePath: golang's /go does not; a first relative one does."""
    assert _warnings("FROM golang:1.22\nWORKDIR app\nWORKDIR sub\n", mode="check") == [
        'WorkdirRelativePath: Relative workdir "app" can have unexpected results if the base image changes (line 2)'
    ]


def test_messages_name_the_instruction_as_written() -> None:
    """BuildKit formats with ``Command.Name()``, the keyword as the file spells it."""
    text = 'from alpine\ncmd ["a"]\ncmd b\nenv k v\n'
    assert _warnings(text, mode="check") == [
        "MultipleInstructionsDisallowed: Multiple cmd instructions should not be used in the same stage because "
        "only the last one will be used (line 2)",
        "JSONArgsRecommended: JSON arguments recommended for cmd to prevent unintended behavior related to OS "
        "signals (line 3)",
        'LegacyKeyValueFormat: "env key=value" should be used instead of legacy "env key value" format (line 4)',
    ]
