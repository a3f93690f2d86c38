"""Recursive-descent parser for plain-text maths, building SymPy trees directly.

Grammar (EBNF; ``<implicit>`` is multiplication by juxtaposition such as ``2x`` or ``(x+1)(x-2)``)::

    answer   = part { ";" part } ;
    part     = item { ("," | "or" | "and") item } ;
    item     = ratio { relop ratio } | NAME "∈" sets ;
    ratio    = sets { ":" sets } ;
    sets     = sum { "∪" sum } ;
    sum      = term { ("+" | "-" | "±") term } ;
    term     = signed { ("*" | "/") signed | <implicit> power } ;
    signed   = ("-" | "+" | "±") signed | power ;
    power    = postfix [ "^" signed ] ;                       (* right associative *)
    postfix  = atom { "!" | "%" | "°" | "²" | "³" | "'" | "percent" } ;
    atom     = NUMBER | NAME | CONST | call | "√" power | "∛" power
             | "(" list ")" | "[" list ("]" | ")") | "(" list "]" | "{" list "}" | "|" sum "|" ;
    call     = FUNC [ "_" (NUMBER | "{" sum "}") ] [ "^" signed ] ( "(" sum ")" | implicit-arg ) ;
    list     = [ item { "," item } ] ;

Each nesting level is counted, so deep inputs stop at `limits.MAX_DEPTH` without touching
Python's recursion limit. Nothing is ever evaluated from text: every node is a SymPy
constructor call.
"""

from __future__ import annotations

import sympy as sp

from mathpath.maths import limits
from mathpath.maths.parsing import build
from mathpath.maths.parsing.errors import ParseError, TooComplex, TooDeep, at
from mathpath.maths.parsing.functions import ARC_NAME, TRIG_NAMES, apply, cube_root
from mathpath.maths.parsing.lexer import Token
from mathpath.maths.parsing.nodes import (
    Group,
    Membership,
    Node,
    Part,
    Relation,
    SetNode,
    as_matrix,
    group_as_set,
    number,
)

RELOPS = frozenset({"=", "<", ">", "<=", ">=", "!="})
_CLOSERS = {"(": ")", "[": "]", "{": "}"}


class Parser:
    def __init__(self, tokens: list[Token], *, degrees: bool = False) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0
        self.abs_depth = 0
        self.degrees = degrees

    # -- helpers ---------------------------------------------------------------------------
    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def peek(self, k: int = 1) -> Token:
        return self.tokens[min(self.i + k, len(self.tokens) - 1)]

    def is_op(self, *ops: str) -> bool:
        return self.tok.kind == "op" and self.tok.text in ops

    def take(self) -> Token:
        t = self.tok
        self.i += 1
        return t

    def enter(self, what: str = "brackets inside brackets") -> None:
        self.depth += 1
        if self.depth > limits.MAX_DEPTH:
            raise TooDeep(f"That answer has too many {what} to check.")

    def leave(self) -> None:
        self.depth -= 1

    def fail(self, message: str, tok: Token | None = None) -> ParseError:
        t = tok or self.tok
        return ParseError(message, t.pos)

    # -- grammar ---------------------------------------------------------------------------
    def answer(self) -> list[Part]:
        parts = [self.part()]
        while self.is_op(";"):
            self.take()
            if self.tok.kind == "end":
                break
            parts.append(self.part())
        if self.tok.kind != "end":
            raise self.unexpected()
        if len(parts) > limits.MAX_PARTS:
            raise TooComplex("That answer has too many parts to check.")
        return parts

    def part(self) -> Part:
        p = Part([self.item()])
        while self.is_op(",") or (self.tok.kind == "word" and self.tok.text in ("or", "and")):
            sep = self.take().text
            if sep == "," and self.tok.kind == "word" and self.tok.text in ("or", "and"):
                sep = self.take().text
            p.seps.append(sep)
            p.items.append(self.item())
            if len(p.items) > limits.MAX_PARTS:
                raise TooComplex("That answer lists too many things to check.")
        return p

    def item(self) -> Node:
        start = self.tok
        if self.tok.kind == "end" or self.is_op(")", "]", "}", ",", ";"):
            raise self.unexpected()
        left = self.ratio()
        if self.is_op("∈"):
            self.take()
            if not isinstance(left, sp.Symbol):
                raise self.fail("Only a single letter can go before ∈.", start)
            return Membership(left, self.sets())
        if self.tok.kind == "op" and self.tok.text in RELOPS:
            operands: list[Node] = [left]
            ops: list[str] = []
            while self.tok.kind == "op" and self.tok.text in RELOPS:
                ops.append(self.take().text)
                if self.tok.kind == "end":
                    raise self.fail(
                        f"There is nothing after the '{ops[-1]}' at the end of your answer."
                    )
                operands.append(self.ratio())
            return Relation(operands, ops, start.pos)
        return left

    def ratio(self) -> Node:
        start = self.tok
        left = self.sets()
        if not self.is_op(":"):
            return left
        items = [left]
        while self.is_op(":"):
            self.take()
            items.append(self.sets())
        return Group(items, ":", ":", start.pos)

    def sets(self) -> Node:
        left = self.sum()
        while self.is_op("∪"):
            tok = self.take()
            right = self.sum()
            left = SetNode(sp.Union(self.as_set(left, tok), self.as_set(right, tok)))
        return left

    def sum(self) -> Node:
        self.enter()
        left = self.term()
        while self.is_op("+", "-", "±"):
            tok = self.take()
            right = self.expr_of(self.term(), tok)
            lhs = self.expr_of(left, tok)
            if tok.text == "+":
                left = build.add(lhs, right)
            elif tok.text == "-":
                left = build.add(lhs, build.neg(right))
            else:
                left = build.add(lhs, build.mul(build.PM, right))
        self.leave()
        return left

    def term(self) -> Node:
        first = self.tok
        left = self.signed()
        mixed = self.mixed_number(first, left)
        if mixed is not None:
            left = mixed
        while True:
            if self.is_op("*", "/"):
                tok = self.take()
                right = self.expr_of(self.signed(), tok)
                lhs = self.expr_of(left, tok)
                left = build.mul(lhs, right) if tok.text == "*" else build.div(lhs, right)
            elif self.starts_implicit():
                tok = self.tok
                if self.tok.kind == "num" and self.tokens[self.i - 1].kind == "num":
                    raise self.fail(
                        f"There are two numbers side by side at {at(tok.pos)}. Did you mean "
                        "to put a sign such as + or × between them?"
                    )
                right = self.expr_of(self.power(), tok)
                left = build.mul(self.expr_of(left, tok), right)
            else:
                return left

    def mixed_number(self, first: Token, left: Node) -> sp.Expr | None:
        """``2 1/2`` is two and a half when a whole number is followed by a proper fraction."""
        if not (first.kind == "num" and first.text.isdigit() and isinstance(left, sp.Integer)):
            return None
        num, slash, den, after = self.tok, self.peek(1), self.peek(2), self.peek(3)
        if not (
            num.kind == "num"
            and num.text.isdigit()
            and slash.text == "/"
            and den.kind == "num"
            and den.text.isdigit()
            and after.text not in ("^", "²", "³", "!")
            and after.kind not in ("name", "const", "func")
            and 0 < int(num.text) < int(den.text)
        ):
            return None
        self.i += 3
        return build.add(left, build.div(sp.Integer(int(num.text)), sp.Integer(int(den.text))))

    def starts_implicit(self) -> bool:
        t = self.tok
        if t.kind in ("num", "name", "const", "func"):
            return True
        if t.kind == "op":
            if t.text == "[":
                return self.peek().text == "["  # a matrix literal: 2[[1, 2], [3, 4]]
            return t.text in ("(", "√", "∛") or (t.text == "|" and self.abs_depth == 0)
        return False

    def signed(self) -> Node:
        if self.is_op("-", "+", "±"):
            tok = self.take()
            self.enter()
            operand = self.expr_of(self.signed(), tok)
            self.leave()
            if tok.text == "-":
                return build.neg(operand)
            if tok.text == "±":
                return build.mul(build.PM, operand)
            return operand
        return self.power()

    def power(self) -> Node:
        base = self.postfix()
        if self.is_op("^"):
            tok = self.take()
            self.enter("powers of powers")
            exponent = self.expr_of(self.signed(), tok)
            self.leave()
            return build.power(self.expr_of(base, tok), exponent)
        return base

    def postfix(self) -> Node:
        node = self.atom()
        while True:
            t = self.tok
            if t.kind == "op" and t.text == "!":
                if self.peek().text == "=":
                    return node
                self.take()
                node = sp.factorial(self.expr_of(node, t), evaluate=False)
            elif (t.kind == "op" and t.text == "%") or (
                t.kind == "word" and t.text.startswith("p")
            ):
                self.take()
                node = build.div(self.expr_of(node, t), sp.Integer(100))
            elif t.kind == "op" and t.text == "°":
                self.take()
                value = self.expr_of(node, t)
                node = value if self.degrees else build.mul(value, build.div(sp.pi, 180))
            elif t.kind == "op" and t.text in ("²", "³"):
                self.take()
                node = build.power(self.expr_of(node, t), sp.Integer(2 if t.text == "²" else 3))
            elif t.kind == "op" and t.text == "'" and isinstance(node, sp.Symbol):
                self.take()
                node = sp.Symbol(node.name + "'")
            else:
                return node

    def atom(self) -> Node:
        t = self.tok
        if t.kind == "num":
            self.take()
            return number(t.text)
        if t.kind == "name":
            self.take()
            return sp.Symbol(t.text)
        if t.kind == "const":
            self.take()
            return {"pi": sp.pi, "e": sp.E}.get(t.text, sp.oo)
        if t.kind == "func":
            return self.call()
        if t.kind == "op":
            if t.text in ("(", "[", "{"):
                return self.group()
            if t.text == "|":
                return self.absolute()
            if t.text in ("√", "∛"):
                self.take()
                self.enter()
                arg = self.expr_of(self.power(), t)
                self.leave()
                if t.text == "∛":
                    return cube_root(arg)
                return build.power(arg, sp.Rational(1, 2))
        raise self.unexpected()

    def group(self) -> Node:
        opener = self.take()
        self.enter()
        items: list[Node] = []
        if not self.is_op(")", "]", "}"):
            items.append(self.item())
            while self.is_op(",", ";"):
                self.take()
                items.append(self.item())
                if len(items) > limits.MAX_PARTS:
                    raise TooComplex("That bracket holds too many things to check.")
        closer = self.tok
        if closer.kind == "end":
            raise self.fail(
                f"There's a bracket '{opener.text}' opened at {at(opener.pos)} that is never "
                "closed.",
                opener,
            )
        if not self.is_op(")", "]", "}"):
            raise self.unexpected()
        self.take()
        self.leave()
        expected_close = _CLOSERS[opener.text]
        interval = opener.text in "([" and closer.text in ")]" and len(items) == 2
        if closer.text != expected_close and not interval:
            raise self.fail(
                f"The bracket '{opener.text}' at {at(opener.pos)} is closed by a different "
                f"kind of bracket '{closer.text}' at {at(closer.pos)}.",
                closer,
            )
        if opener.text == "(" and closer.text == ")" and len(items) == 1:
            return items[0]
        if not items:
            raise self.fail(f"The brackets at {at(opener.pos)} have nothing inside.", opener)
        return Group(items, opener.text, closer.text, opener.pos)

    def absolute(self) -> Node:
        opener = self.take()
        self.enter()
        self.abs_depth += 1
        inner = self.expr_of(self.sum(), opener)
        self.abs_depth -= 1
        if not self.is_op("|"):
            raise self.fail(
                f"The '|' at {at(opener.pos)} starts a size (absolute value) that is never "
                "closed with another '|'.",
                opener,
            )
        self.take()
        self.leave()
        return sp.Abs(inner, evaluate=False)

    def call(self) -> Node:
        name_tok = self.take()
        name = name_tok.text
        self.enter()
        base: sp.Expr | None = None
        if name == "log" and self.is_op("_"):
            self.take()
            base = self.subscript()
        exponent: sp.Expr | None = None
        if self.is_op("^"):
            tok = self.take()
            exponent = self.expr_of(self.signed(), tok)
        if self.tok.kind == "end":
            raise self.fail(f"The '{name}' at {at(name_tok.pos)} needs something after it.")
        arg = self.call_argument()
        if exponent == -1 and name in TRIG_NAMES:
            result = apply(ARC_NAME[name], arg, degrees=self.degrees)
            exponent = None
        else:
            result = apply(name, arg, base, degrees=self.degrees)
        self.leave()
        return build.power(result, exponent) if exponent is not None else result

    def subscript(self) -> sp.Expr:
        if self.is_op("{", "("):
            opener = self.take()
            value = self.expr_of(self.sum(), opener)
            if not self.is_op("}", ")"):
                raise self.fail(f"The bracket at {at(opener.pos)} is never closed.", opener)
            self.take()
            return value
        t = self.tok
        if t.kind in ("num", "name"):
            self.take()
            return number(t.text) if t.kind == "num" else sp.Symbol(t.text)
        raise self.fail(f"A log base is missing at {at(t.pos)}.")

    def call_argument(self) -> sp.Expr:
        if self.is_op("("):
            opener = self.tok
            node = self.group()
            return self.expr_of(node, opener)
        # sin 2x, sin x cos x: the argument runs over a product of simple factors only.
        start = self.tok
        arg = self.expr_of(self.power(), start)
        while self.tok.kind in ("num", "name") or (
            self.tok.kind == "const" and self.tok.text in ("pi",)
        ):
            t = self.tok
            arg = build.mul(arg, self.expr_of(self.power(), t))
        return arg

    # -- shapes ----------------------------------------------------------------------------
    def expr_of(self, node: Node, tok: Token) -> sp.Expr:
        """Insist that a node is a plain expression where arithmetic needs one."""
        if isinstance(node, sp.Expr):
            return node
        matrix = as_matrix(node)
        if matrix is not None:
            return matrix  # matrix sums and products are worked out as they are read
        if isinstance(node, Group) and node.open == "{":
            what = "a set in curly brackets"
        elif isinstance(node, Group):
            what = "a point or interval"
        elif isinstance(node, Relation):
            what = "an equation or inequality"
        else:
            what = "a set"
        raise self.fail(
            f"Near {at(tok.pos)} there is {what} used inside a calculation, which we can't read.",
            tok,
        )

    def as_set(self, node: Node, tok: Token) -> sp.Set:
        if isinstance(node, SetNode):
            return node.value
        if isinstance(node, Group):
            converted = group_as_set(node)
            if converted is not None:
                return converted
        raise self.fail(f"The ∪ at {at(tok.pos)} must join sets or intervals.", tok)

    def unexpected(self) -> ParseError:
        t = self.tok
        if t.kind == "end":
            return ParseError("Your answer seems to stop too early: something is missing at "
                              "the end.", t.pos)  # fmt: skip
        if t.kind == "op" and t.text in ")]}":
            return ParseError(
                f"There's a closing bracket '{t.text}' at {at(t.pos)} that was never opened.",
                t.pos,
            )
        if t.kind == "op" and t.text in ("*", "/", "^", "!", "="):
            return ParseError(
                f"The '{t.text}' at {at(t.pos)} needs something on both sides of it.", t.pos
            )
        shown = t.text or "end"
        return ParseError(f"We didn't expect '{shown}' at {at(t.pos)}.", t.pos)
