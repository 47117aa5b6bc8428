"""Arithmetic expansion ``$((…))``: 64-bit integers, ``+ - * / % **``, comparisons, ``&& || !``, variables."""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping

#: Longest expression evaluated (characters) and largest magnitude kept (bash wraps at 64 bits).
MAX_EXPRESSION = 1_000
LIMIT = 2**63


class ArithmeticExpansionError(Exception):
    """An expression bash would refuse; the message reads like bash's."""


_NAME = re.compile(r"\$?\{?([A-Za-z_][A-Za-z0-9_]*)\}?")


def evaluate(expression: str, variables: Mapping[str, str]) -> int:
    """The value of ``expression``; unset or non-numeric variables count as 0, as in bash."""
    if len(expression) > MAX_EXPRESSION:
        raise ArithmeticExpansionError("expression too long for the simulator")
    source = _NAME.sub(lambda m: str(_number(variables.get(m.group(1), ""))), expression)
    source = source.replace("&&", " and ").replace("||", " or ").replace("!", " not ").replace(" not =", "!=")
    source = source.replace("/", "//")
    try:
        tree = ast.parse(source.strip() or "0", mode="eval")
    except SyntaxError:
        raise ArithmeticExpansionError(f"{expression.strip()}: syntax error in expression") from None
    return _wrap(_value(tree.body, expression))


def _number(text: str) -> int:
    text = text.strip()
    return int(text) if re.fullmatch(r"-?[0-9]+", text) else 0


def _wrap(value: int) -> int:
    return (value + LIMIT) % (2 * LIMIT) - LIMIT


def _value(node: ast.expr, expression: str) -> int:
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return _wrap(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd | ast.Not):
        inner = _value(node.operand, expression)
        return -inner if isinstance(node.op, ast.USub) else inner if isinstance(node.op, ast.UAdd) else int(not inner)
    if isinstance(node, ast.BinOp):
        left, right = _value(node.left, expression), _value(node.right, expression)
        if isinstance(node.op, ast.FloorDiv | ast.Mod) and right == 0:
            raise ArithmeticExpansionError(
                f'{expression.strip()}: division by 0 (error token is "{expression.strip()}")'
            )
        if isinstance(node.op, ast.Add):
            return _wrap(left + right)
        if isinstance(node.op, ast.Sub):
            return _wrap(left - right)
        if isinstance(node.op, ast.Mult):
            return _wrap(left * right)
        if isinstance(node.op, ast.Pow):
            if right < 0:
                raise ArithmeticExpansionError(f"{expression.strip()}: exponent less than 0")
            return _wrap(pow(left, right, 2 * LIMIT))
        if isinstance(node.op, ast.FloorDiv | ast.Mod):
            quotient = abs(left) // abs(right) * (1 if (left < 0) == (right < 0) else -1)
            return _wrap(quotient if isinstance(node.op, ast.FloorDiv) else left - right * quotient)
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        left, right = _value(node.left, expression), _value(node.comparators[0], expression)
        checks = {ast.Lt: left < right, ast.LtE: left <= right, ast.Gt: left > right, ast.GtE: left >= right,
                  ast.Eq: left == right, ast.NotEq: left != right}  # fmt: skip
        for kind, outcome in checks.items():
            if isinstance(node.ops[0], kind):
                return int(outcome)
    if isinstance(node, ast.BoolOp):
        values = [_value(item, expression) for item in node.values]
        return int(all(values)) if isinstance(node.op, ast.And) else int(any(values))
    raise ArithmeticExpansionError(f"{expression.strip()}: syntax error in expression")
