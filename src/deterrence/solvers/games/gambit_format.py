"""Gambit's text formats: ``.nfg`` (strategic games) and ``.efg`` (trees).

The formats are those of the Gambit manual ("Game representation formats",
gambit.sourceforge.net; McKelvey, McLennan & Turocy, Gambit 16):

* ``NFG 1 R "title" { "P1" "P2" } { 3 2 }`` followed by the payoffs of every
  pure profile (the first player's strategy varying fastest), or the outcome
  version: strategy names ``{ { "a" "b" } { "c" "d" } }``, a list of outcomes
  ``{ { "name" u1, u2 } ... }`` and one outcome index per profile (0: none).
* ``EFG 2 R "title" { "P1" "P2" }`` followed by the nodes in prefix order:
  ``p "name" player infoset "infoset name" { "action" ... } outcome ...``,
  ``c "name" infoset "name" { "action" prob ... } outcome ...`` and
  ``t "name" outcome "outcome name" { payoffs }``; an information set's actions
  and an outcome's payoffs may be omitted after their first appearance.

Numbers may be integers, decimals or rationals (``1/3``).  These are pure
string <-> game functions; reading files is the caller's business.  Every
problem raises :class:`GameError` with the line it was found on.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from itertools import product

import numpy as np

from deterrence.solvers.games.errors import GameError
from deterrence.solvers.games.exact import parse_number
from deterrence.solvers.games.extensive_form import Chance, Decision, ExtensiveFormGame, Leaf
from deterrence.solvers.games.limits import MAX_CELLS, MAX_PLAYERS, MAX_STRATEGIES
from deterrence.solvers.games.normal_form import NormalFormGame

_INTEGER_CHARS = str.maketrans("", "", "0123456789+-,")
_TOKEN = re.compile(r'"((?:[^"\\]|\\.)*)"|([{}])|([^\s{},"]+)|(,)|(\s+)', re.S)


class _Tokens:
    """A lazy cursor over the tokens of a Gambit file: ('str', s), ('sym', '{'), ('word', w).

    Tokens are produced one at a time (a 16 MB file is never held as a list of
    tokens); ``back()`` steps back over the one token just taken.
    """

    def __init__(self, text: str, what: str):
        self.what = what
        self._text = text
        self._matches = _TOKEN.finditer(text)
        self._pos = 0
        self._line = 1
        self._next: tuple[str, str, int] | None = None
        self._last: tuple[str, str, int] | None = None
        self._pushed_back = False
        self._advance()

    def _advance(self) -> None:
        for m in self._matches:
            if m.start() != self._pos:
                break
            self._pos = m.end()
            kind = m.lastindex
            if kind == 5:  # whitespace
                self._line += m.group(0).count("\n")
                continue
            self._start = m.start()
            line = self._line
            if kind == 1:
                self._line += m.group(0).count("\n")
                self._next = ("str", m.group(1).replace('\\"', '"'), line)
            elif kind == 2:
                self._next = ("sym", m.group(2), line)
            elif kind == 3:
                self._next = ("word", m.group(3), line)
            else:
                continue  # commas separate payoffs and mean nothing
            return
        if self._pos < len(self._text):
            raise GameError(
                f"{self.what}: line {self._line}: unexpected character {self._text[self._pos]!r}"
            )
        self._next = None

    def _current(self) -> tuple[str, str, int] | None:
        return self._last if self._pushed_back else self._next

    def line(self) -> int:
        item = self._current() or self._last
        return item[2] if item else self._line

    def fail(self, expected: str) -> GameError:
        item = self._current()
        if item is None:
            return GameError(f"{self.what}: unexpected end of file, expected {expected}")
        kind, value, line = item
        shown = f'"{value[:40]}"' if kind == "str" else value[:40]
        return GameError(f"{self.what}: line {line}: expected {expected}, found {shown}")

    def peek(self) -> tuple[str, str] | None:
        item = self._current()
        return item[:2] if item else None

    def advance(self) -> None:
        if self._pushed_back:
            self._pushed_back = False
            return
        self._last = self._next
        self._advance()

    def back(self) -> None:
        self._pushed_back = True

    def integer_tail(self, count: int) -> list[int] | None:
        """The rest of the file as ``count`` integers when it is nothing else (the body
        of a large ``.nfg``, read at C speed); None otherwise (then read token by token)."""
        if self._pushed_back or self._next is None or self._next[0] != "word":
            return None
        rest = self._text[self._start :]
        if rest.translate(_INTEGER_CHARS).strip():
            return None
        words = rest.replace(",", " ").split()
        if len(words) != count or max(map(len, words), default=0) > 19:
            return None
        try:
            return list(map(int, words))
        except ValueError:  # e.g. "1-2": read token by token for the exact message
            return None

    def take(self, kind: str, expected: str, value: str | None = None) -> str:
        item = self.peek()
        if item is None or item[0] != kind or (value is not None and item[1] != value):
            raise self.fail(expected)
        self.advance()
        return item[1]

    def string(self, expected: str) -> str:
        return self.take("str", expected)

    def number(self, expected: str) -> Fraction | int:
        word = self.take("word", expected)
        try:
            return parse_number(word)
        except ValueError as exc:
            self.back()
            raise self.fail(f"{expected} (a number within +-1e300; {exc})") from None

    def integer(self, expected: str) -> int:
        word = self.take("word", expected)
        if not re.fullmatch(r"\d{1,18}", word):
            self.back()
            raise self.fail(expected)
        return int(word)

    def open(self, expected: str) -> None:
        self.take("sym", f"'{{' {expected}", "{")

    def closes(self) -> bool:
        """Consume a '}' if it is next."""
        if self.peek() == ("sym", "}"):
            self.advance()
            return True
        return False

    def strings(self, expected: str) -> list[str]:
        self.open(expected)
        out = []
        while not self.closes():
            out.append(self.string(f"a quoted name or '}}' in {expected}"))
        return out

    def numbers(self, expected: str) -> list:
        self.open(expected)
        out = []
        while not self.closes():
            out.append(self.number(f"a number or '}}' in {expected}"))
        return out

    def done(self) -> bool:
        return self.peek() is None


def _header(tok: _Tokens, magic: str, version: str) -> tuple[str, list[str]]:
    if tok.peek() != ("word", magic):
        raise tok.fail(f"'{magic}' at the start of the file")
    tok.advance()
    tok.take("word", f"format version {version}", version)
    tok.take("word", "R (rational) or D (decimal)")
    title = tok.string("the game's title in quotes")
    players = tok.strings("with the players' names")
    if not players:
        raise GameError(f"{tok.what}: line {tok.line()}: the game has no players")
    if len(players) > MAX_PLAYERS:
        raise GameError(
            f"{tok.what}: {len(players)} players is more than the {MAX_PLAYERS} allowed"
        )
    return title, players


# --------------------------------------------------------------------------- nfg
def parse_nfg(text: str, what: str = "game file") -> NormalFormGame:
    """A strategic game from the text of a Gambit ``.nfg`` file."""
    tok = _Tokens(text, what)
    title, players = _header(tok, "NFG", "1")
    n = len(players)
    tok.open("with the strategy counts or names")
    if tok.peek() == ("sym", "{"):
        strategies = [tok.strings("with a player's strategy names")]
        while not tok.closes():
            strategies.append(tok.strings("with a player's strategy names"))
        counts = [len(s) for s in strategies]
    else:
        tok.back()
        raw_counts = tok.numbers("with the strategy counts")
        if not all(Fraction(x).denominator == 1 for x in raw_counts):
            raise GameError(f"{what}: strategy counts must be whole numbers")
        counts = [int(x) for x in raw_counts]
        strategies = None
    if len(counts) != n or any(c < 1 for c in counts):
        shown = counts if len(counts) <= 10 else f"{len(counts)} counts"
        raise GameError(f"{what}: {n} players need {n} positive strategy counts, got {shown}")
    if max(counts) > MAX_STRATEGIES:
        raise GameError(
            f"{what}: {max(counts):,} strategies for one player is more than the "
            f"{MAX_STRATEGIES:,} allowed"
        )
    cells = math.prod(counts)
    if cells > MAX_CELLS:
        raise GameError(f"{what}: {cells:,} pure profiles is more than the {MAX_CELLS:,} allowed")
    if strategies is None:
        strategies = [[str(j + 1) for j in range(c)] for c in counts]
    if tok.peek() is not None and tok.peek()[0] == "str":
        tok.advance()  # the comment
    if tok.peek() == ("sym", "{"):
        table = _outcome_payoffs(tok, n, cells)
    elif (values := tok.integer_tail(n * cells)) is not None and max(map(abs, values)) < 2**53:
        # integers that floats hold exactly: the exact payoffs are derived when needed
        table = np.array(values, dtype=float).reshape(cells, n)
        shape = tuple(reversed(counts))
        return NormalFormGame(
            tuple(np.ascontiguousarray(table[:, i].reshape(shape).transpose()) for i in range(n)),
            players=tuple(players),
            strategies=tuple(tuple(s) for s in strategies),
            title=title,
        )
    else:
        values = []
        while not tok.done():
            if len(values) == n * cells:
                raise GameError(f"{what}: more than the {n * cells} payoffs expected")
            values.append(tok.number("a payoff"))
        if len(values) != n * cells:
            raise GameError(
                f"{what}: expected {n * cells} payoffs ({n} players x {cells} profiles), "
                f"found {len(values)}"
            )
        table = np.empty(len(values), dtype=object)
        table[:] = values
        table = table.reshape(cells, n)
    shape = tuple(reversed(counts))
    exact = tuple(table[:, i].reshape(shape).transpose() for i in range(n))
    payoffs = tuple(e.astype(float) for e in exact)
    return NormalFormGame(
        payoffs,
        players=tuple(players),
        strategies=tuple(tuple(s) for s in strategies),
        title=title,
        exact=exact,
    )


def _outcome_payoffs(tok: _Tokens, n: int, cells: int) -> np.ndarray:
    tok.open("with the outcomes")
    outcomes: list[list] = [[0] * n]
    while not tok.closes():
        tok.open("for an outcome")
        tok.string("an outcome name in quotes")
        values = []
        while not tok.closes():
            values.append(tok.number("an outcome payoff or '}'"))
        if len(values) != n:
            raise GameError(
                f"{tok.what}: line {tok.line()}: an outcome needs {n} payoffs, got {len(values)}"
            )
        outcomes.append(values)
    indices = []
    while not tok.done():
        if len(indices) == cells:
            raise GameError(f"{tok.what}: more than the {cells} outcome numbers expected")
        k = tok.integer("an outcome number")
        if k >= len(outcomes):
            raise GameError(
                f"{tok.what}: line {tok.line()}: outcome {k} is not defined "
                f"(there are {len(outcomes) - 1})"
            )
        indices.append(k)
    if len(indices) != cells:
        raise GameError(f"{tok.what}: expected {cells} outcome numbers, found {len(indices)}")
    table = np.empty((cells, n), dtype=object)
    for row, k in enumerate(indices):
        table[row] = outcomes[k]
    return table


def write_nfg(game: NormalFormGame) -> str:
    """The Gambit ``.nfg`` text (outcome version, keeping strategy names) of a game."""
    lines = [
        f"NFG 1 R {_q(game.title)} {{ {' '.join(_q(p) for p in game.players)} }}",
        "{ " + " ".join("{ " + " ".join(_q(s) for s in ss) + " }" for ss in game.strategies) + " }",
        '""',
        "",
        "{",
    ]
    cells = list(product(*(range(s) for s in reversed(game.shape))))
    for k, cell in enumerate(cells):
        profile = tuple(reversed(cell))
        pay = ", ".join(_num(u[profile]) for u in (game.exact or game.payoffs))
        lines.append(f'{{ "{k + 1}" {pay} }}')
    lines += ["}", " ".join(str(k + 1) for k in range(len(cells))), ""]
    return "\n".join(lines)


# --------------------------------------------------------------------------- efg
def parse_efg(text: str, what: str = "game file") -> ExtensiveFormGame:
    """A game tree from the text of a Gambit ``.efg`` file."""
    tok = _Tokens(text, what)
    title, players = _header(tok, "EFG", "2")
    if tok.peek() is not None and tok.peek()[0] == "str":
        tok.advance()  # the comment
    state = {"infosets": {}, "chance": {}, "outcomes": {}, "names": {}}
    root = _node(tok, len(players), state)
    if not tok.done():
        raise tok.fail("the end of the file (the tree is complete)")
    return ExtensiveFormGame(tuple(players), root, title=title)


def _node(tok: _Tokens, n: int, state: dict):
    kind = tok.take("word", "a node type p, c or t")
    if kind not in ("p", "c", "t"):
        tok.back()
        raise tok.fail("a node type p, c or t")
    name = tok.string("the node's name in quotes")
    if kind == "t":
        payoffs = _outcome(tok, n, state, required=True)
        return Leaf(tuple(payoffs), name=name)
    if kind == "p":
        player = tok.integer("a player number")
        if not 1 <= player <= n:
            tok.back()
            raise tok.fail(f"a player number from 1 to {n}")
    number = tok.integer("an information set number")
    key = (player if kind == "p" else 0, number)
    if tok.peek() is not None and tok.peek()[0] == "str":
        set_name = tok.string("the information set's name")
        if kind == "p":
            actions = tok.strings("with the actions")
            probs = None
        else:
            actions, probs = _chance_actions(tok)
        if not actions:
            raise GameError(f"{tok.what}: line {tok.line()}: information set with no actions")
        if key in state["infosets"] and state["infosets"][key][1] != actions:
            raise GameError(
                f"{tok.what}: line {tok.line()}: information set {number} redefined "
                "with other actions"
            )
        state["infosets"].setdefault(key, (set_name, actions, probs))
    elif key not in state["infosets"]:
        raise tok.fail(f"the name and actions of new information set {number}")
    set_name, actions, probs = state["infosets"][key]
    payoffs = _outcome(tok, n, state, required=False)
    children = [_node(tok, n, state) for _ in actions]
    extra = None if payoffs is None else tuple(payoffs)
    if kind == "c":
        return Chance(
            tuple(zip(actions, probs, children, strict=True)),
            name=name,
            payoffs=extra,
            infoset=str(number),
        )
    return Decision(
        player - 1,
        _infoset_label(state, player, number, set_name),
        tuple(zip(actions, children, strict=True)),
        name=name,
        payoffs=extra,
    )


def _infoset_label(state: dict, player: int, number: int, name: str) -> str:
    """Labels are the Gambit names, made unique per player by the set number when needed."""
    names = state["names"]
    key = (player, number)
    if key not in names:
        label = name or f"#{number}"
        if label in {v for (p, _), v in names.items() if p == player}:
            label = f"{label}#{number}"
        names[key] = label
    return names[key]


def _chance_actions(tok: _Tokens) -> tuple[list[str], list]:
    tok.open("with the chance moves and their probabilities")
    actions, probs = [], []
    while not tok.closes():
        actions.append(tok.string("a chance move's name in quotes"))
        probs.append(tok.number("the chance move's probability"))
    return actions, probs


def _outcome(tok: _Tokens, n: int, state: dict, required: bool) -> list[float] | None:
    number = tok.integer("an outcome number")
    if number == 0:
        if required:
            return [0] * n
        return None
    if tok.peek() is not None and tok.peek()[0] == "str":
        tok.string("the outcome's name")
        values = tok.numbers("with the outcome's payoffs")
        if len(values) != n:
            raise GameError(
                f"{tok.what}: line {tok.line()}: outcome {number} needs {n} payoffs, "
                f"got {len(values)}"
            )
        state["outcomes"].setdefault(number, values)
    if number not in state["outcomes"]:
        raise GameError(f"{tok.what}: line {tok.line()}: outcome {number} has no payoffs")
    return state["outcomes"][number]


def write_efg(tree: ExtensiveFormGame) -> str:
    """The Gambit ``.efg`` text of a tree (one outcome per node with payoffs)."""
    lines = [
        f"EFG 2 R {_q(tree.title)} {{ {' '.join(_q(p) for p in tree.players)} }}",
        '""',
        "",
    ]
    numbers = {}
    for i in range(tree.n_players):
        for j, k in enumerate(tree.infosets_of(i)):
            numbers[k] = j + 1
    seen: set[int] = set()
    chance_numbers: dict[str, int] = {}
    outcome = 0

    def out_text(payoffs) -> str:
        nonlocal outcome
        if payoffs is None:
            return "0"
        outcome += 1
        return f'{outcome} "" {{ {", ".join(_num(x) for x in payoffs)} }}'

    for v in range(len(tree.kind)):
        name = _q(tree.node_names[v])
        if tree.kind[v] == "leaf":
            above = _accumulated(tree, tree.parent[v]) if v > 0 else np.zeros(tree.n_players)
            leaf = [
                x - Fraction(repr(float(a)))
                for x, a in zip(tree.exact_payoff_at[v], above, strict=True)
            ]
            lines.append(f"t {name} {out_text(leaf)}")
        elif tree.kind[v] == "chance":
            label = tree.chance_infoset[v] or f"node{v}"
            first = label not in chance_numbers
            chance_numbers.setdefault(label, len(chance_numbers) + 1)
            moves = " ".join(
                f"{_q(a)} {_num(p)}"
                for a, p in zip(tree.chance_labels[v], tree.exact_chance[v], strict=True)
            )
            spec = f' "" {{ {moves} }}' if first else ""
            lines.append(f"c {name} {chance_numbers[label]}{spec} {out_text(tree.own_payoffs[v])}")
        else:
            k = tree.infoset_of[v]
            s = tree.infosets[k]
            spec = ""
            if k not in seen:
                seen.add(k)
                spec = f" {_q(s.label)} {{ {' '.join(_q(a) for a in s.actions)} }}"
            lines.append(
                f"p {name} {s.player + 1} {numbers[k]}{spec} {out_text(tree.own_payoffs[v])}"
            )
    return "\n".join(lines) + "\n"


def _accumulated(tree: ExtensiveFormGame, v: int) -> np.ndarray:
    """Payoffs added by the interior nodes above v (and v itself)."""
    total = np.zeros(tree.n_players)
    u = v
    while u >= 0:
        if tree.own_payoffs[u] is not None:
            total = total + tree.own_payoffs[u]
        u = tree.parent[u]
    return total


def _q(text: str) -> str:
    return '"' + str(text).replace('"', '\\"') + '"'


def _num(x) -> str:
    if isinstance(x, Fraction | int):
        x = Fraction(x)
        return str(x.numerator) if x.denominator == 1 else f"{x.numerator}/{x.denominator}"
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)
