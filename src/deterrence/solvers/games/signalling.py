"""Pure-strategy perfect Bayesian equilibria of sender--receiver (signalling) games.

Nature draws the sender's type t with prior pi(t); the sender sees t and
sends a message m; the receiver sees m (not t), forms a belief mu(. | m) and
acts a.  Payoffs u_S(t, m, a), u_R(t, m, a).  A pure PBE (Fudenberg & Tirole
1991, ch. 8; Gibbons 1992, sec. 4.2) is a sender strategy s: T -> M, a
receiver strategy r: M -> A and beliefs mu such that

1. each type's message is a best reply to r (sequential rationality of S);
2. r(m) maximises E_mu(.|m) u_R(t, m, a) at every message (of R), on and off path;
3. on path mu follows Bayes' rule from pi and s; off path any belief may be
   used, so r(m) only has to be a best reply to *some* belief (a linear
   feasibility problem, solved with ``scipy.optimize.linprog``).

Every candidate (s, r) -- |M|^|T| x |A|^|M| of them -- is checked; each PBE is
reported with its beliefs (on-path posteriors, an off-path belief that
supports it and, for two types, the whole interval of such beliefs) and
whether it survives the intuitive criterion of Cho & Kreps (1987, QJE
102(2)): no off-path message m and type t such that m is not equilibrium-
dominated for t (some best reply to a belief on all types beats t's
equilibrium payoff) and every best reply to beliefs concentrated on the types
for which m is not equilibrium-dominated gives t strictly more than its
equilibrium payoff.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import product

import numpy as np

from deterrence.solvers.games.errors import GameError
from deterrence.solvers.games.extensive_form import Chance, Decision, ExtensiveFormGame, Leaf

TOL = 1e-9  # payoff comparisons, relative to the payoff scale
MAX_PROFILES = 5_000_000


@dataclass(frozen=True, eq=False)
class SignallingGame:
    prior: np.ndarray  # (T,)
    sender: np.ndarray  # (T, M, A)
    receiver: np.ndarray  # (T, M, A)
    types: tuple[str, ...] = ()
    messages: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        prior = np.asarray(self.prior, dtype=float)
        us = np.asarray(self.sender, dtype=float)
        ur = np.asarray(self.receiver, dtype=float)
        if prior.ndim != 1 or (prior < 0).any() or abs(prior.sum() - 1) > 1e-9:
            raise GameError("prior: must be a probability vector over the types")
        if us.ndim != 3 or us.shape != ur.shape or us.shape[0] != prior.size:
            raise GameError(
                f"payoffs must both have shape (types, messages, actions) = "
                f"({prior.size}, M, A); got {us.shape} and {ur.shape}"
            )
        if not (np.isfinite(us).all() and np.isfinite(ur).all()):
            raise GameError("payoffs must be finite numbers")
        t, m, a = us.shape
        object.__setattr__(self, "prior", prior)
        object.__setattr__(self, "sender", us)
        object.__setattr__(self, "receiver", ur)
        object.__setattr__(self, "types", tuple(self.types) or tuple(f"t{i}" for i in range(t)))
        object.__setattr__(
            self, "messages", tuple(self.messages) or tuple(f"m{i}" for i in range(m))
        )
        object.__setattr__(self, "actions", tuple(self.actions) or tuple(f"a{i}" for i in range(a)))
        if (len(self.types), len(self.messages), len(self.actions)) != (t, m, a):
            raise GameError("labels do not match the payoff shape (types, messages, actions)")

    @property
    def scale(self) -> float:
        return max(1.0, float(np.abs(self.sender).max()), float(np.abs(self.receiver).max()))

    def tree(self) -> ExtensiveFormGame:
        """The game as a tree: chance, then the sender (one set per type), then the
        receiver (one set per message, spanning the types)."""
        branches = []
        for t, name in enumerate(self.types):
            moves = []
            for m, msg in enumerate(self.messages):
                leaves = tuple(
                    (act, Leaf((float(self.sender[t, m, a]), float(self.receiver[t, m, a]))))
                    for a, act in enumerate(self.actions)
                )
                moves.append((msg, Decision(1, f"after {msg}", leaves)))
            branches.append((name, float(self.prior[t]), Decision(0, f"type {name}", tuple(moves))))
        return ExtensiveFormGame(
            ("sender", "receiver"), Chance(tuple(branches)), title="signalling"
        )


@dataclass(frozen=True)
class PBE:
    """One pure perfect Bayesian equilibrium."""

    sender: tuple[int, ...]  # message of each type
    receiver: tuple[int, ...]  # action after each message
    beliefs: tuple[np.ndarray, ...]  # a supporting belief over types after each message
    on_path: tuple[bool, ...]
    belief_intervals: tuple[tuple[float, float] | None, ...]  # 2 types: P(type 0) range
    payoffs_sender: np.ndarray  # per type
    payoff_receiver: float
    intuitive: bool
    kind: str  # separating | pooling | partially pooling
    notes: tuple[str, ...] = field(default=())

    def describe(self, game: SignallingGame) -> dict:
        return {
            "kind": self.kind,
            "sender": {game.types[t]: game.messages[m] for t, m in enumerate(self.sender)},
            "receiver": {game.messages[m]: game.actions[a] for m, a in enumerate(self.receiver)},
            "beliefs": {
                game.messages[m]: {game.types[t]: float(p) for t, p in enumerate(b)}
                for m, b in enumerate(self.beliefs)
            },
            "on_path": {game.messages[m]: bool(v) for m, v in enumerate(self.on_path)},
            "intuitive": self.intuitive,
        }


def best_reply_to_some_belief(
    game: SignallingGame, m: int, a: int, types: list[int] | None = None
) -> np.ndarray | None:
    """A belief over ``types`` (all by default) at which action a is a best reply after m."""
    from scipy.optimize import linprog

    types = list(range(len(game.types))) if types is None else types
    ur = game.receiver[types, m, :]  # (T', A)
    gains = ur[:, [a]] - ur  # gain of a over each action, per type
    tol = TOL * game.scale
    n, k = gains.shape
    # maximise the smallest margin s of a over the other actions (s <= 0, as a vs a
    # is 0): the belief returned is as far inside a's best-reply region as possible.
    res = linprog(
        np.r_[np.zeros(n), -1.0],
        A_ub=np.hstack([-gains.T, np.ones((k, 1))]),
        b_ub=np.zeros(k),
        A_eq=np.r_[np.ones(n), 0.0][None, :],
        b_eq=[1.0],
        bounds=[(0, 1)] * n + [(None, None)],
        method="highs",
    )
    if res.status != 0 or res.x[-1] < -tol:
        return None
    full = np.zeros(len(game.types))
    full[types] = np.clip(res.x[:n], 0, None)
    return full / full.sum()


def _interval(game: SignallingGame, m: int, a: int) -> tuple[float, float] | None:
    """Two types: the range of P(type 0) at which a is a best reply after m."""
    if len(game.types) != 2:
        return None
    ur = game.receiver[:, m, :]
    gain = ur[:, [a]] - ur  # (2, A): a's advantage under type 0 and type 1
    lo, hi = 0.0, 1.0
    tol = TOL * game.scale
    for g0, g1 in gain.T:  # need mu g0 + (1 - mu) g1 >= -tol
        slope = g0 - g1
        if abs(slope) <= 1e-15:
            if g1 < -tol:
                return None
            continue
        bound = (-tol - g1) / slope
        if slope > 0:
            lo = max(lo, bound)
        else:
            hi = min(hi, bound)
    return (float(lo), float(hi)) if lo <= hi + 1e-12 else None


def pure_pbe(game: SignallingGame) -> list[PBE]:
    """Every pure-strategy PBE, each with supporting beliefs and the intuitive criterion."""
    n_t, n_m, n_a = game.sender.shape
    if n_m**n_t * n_a**n_m > MAX_PROFILES:
        raise GameError(f"{n_m**n_t * n_a**n_m} candidate profiles (limit {MAX_PROFILES})")
    tol = TOL * game.scale
    found = []
    support_cache: dict[tuple[int, int], np.ndarray | None] = {}
    for receiver in product(range(n_a), repeat=n_m):
        # sender's payoff of each message given the receiver's plan: (T, M)
        payoff = game.sender[:, np.arange(n_m), list(receiver)]
        best = payoff.max(axis=1)
        for sender in product(range(n_m), repeat=n_t):
            if any(payoff[t, sender[t]] < best[t] - tol for t in range(n_t)):
                continue
            pbe = _check_receiver(game, sender, receiver, support_cache, tol)
            if pbe is not None:
                found.append(pbe)
    return found


def _check_receiver(game, sender, receiver, cache, tol) -> PBE | None:
    n_t, n_m, _ = game.sender.shape
    beliefs, on_path, intervals = [], [], []
    for m in range(n_m):
        senders = [t for t in range(n_t) if sender[t] == m]
        mass = game.prior[senders].sum() if senders else 0.0
        a = receiver[m]
        if mass > 0:
            mu = np.zeros(n_t)
            mu[senders] = game.prior[senders] / mass
            values = mu @ game.receiver[:, m, :]
            if values[a] < values.max() - tol:
                return None
            beliefs.append(mu)
            on_path.append(True)
            intervals.append(None)
        else:
            key = (m, a)
            if key not in cache:
                cache[key] = best_reply_to_some_belief(game, m, a)
            if cache[key] is None:
                return None
            beliefs.append(cache[key])
            on_path.append(False)
            intervals.append(_interval(game, m, a))
    payoffs = np.array([game.sender[t, sender[t], receiver[sender[t]]] for t in range(n_t)])
    payoff_r = float(
        sum(game.prior[t] * game.receiver[t, sender[t], receiver[sender[t]]] for t in range(n_t))
    )
    distinct = len(set(sender))
    kind = "separating" if distinct == n_t else "pooling" if distinct == 1 else "partially pooling"
    intuitive = _intuitive(game, payoffs, on_path, tol)
    return PBE(
        tuple(sender),
        tuple(receiver),
        tuple(beliefs),
        tuple(on_path),
        tuple(intervals),
        payoffs,
        payoff_r,
        intuitive,
        kind,
    )


def _best_replies(game: SignallingGame, m: int, types: list[int]) -> list[int]:
    return [
        a
        for a in range(len(game.actions))
        if best_reply_to_some_belief(game, m, a, types) is not None
    ]


def _intuitive(game: SignallingGame, eq_payoff: np.ndarray, on_path, tol: float) -> bool:
    """Cho--Kreps: True if no off-path message breaks the equilibrium."""
    n_t = len(game.types)
    for m, seen in enumerate(on_path):
        if seen:
            continue
        replies_all = _best_replies(game, m, list(range(n_t)))
        undominated = [
            t
            for t in range(n_t)
            if max(game.sender[t, m, a] for a in replies_all) >= eq_payoff[t] - tol
        ]
        if not undominated:
            continue
        replies = _best_replies(game, m, undominated)
        for t in undominated:
            if min(game.sender[t, m, a] for a in replies) > eq_payoff[t] + tol:
                return False
    return True


def check_pbe(game: SignallingGame, pbe: PBE, tol: float | None = None) -> list[str]:
    """An independent check of a reported PBE: the list of violations (empty if none).

    Checks sender optimality, the receiver's optimality at every message under
    the reported beliefs, and Bayes' rule on path.
    """
    tol = TOL * game.scale if tol is None else tol
    problems = []
    n_t, n_m, _ = game.sender.shape
    for t in range(n_t):
        mine = game.sender[t, pbe.sender[t], pbe.receiver[pbe.sender[t]]]
        for m in range(n_m):
            if game.sender[t, m, pbe.receiver[m]] > mine + tol:
                problems.append(f"type {game.types[t]} gains by sending {game.messages[m]}")
    for m in range(n_m):
        mu = pbe.beliefs[m]
        if abs(mu.sum() - 1) > 1e-9 or (mu < -1e-12).any():
            problems.append(f"belief after {game.messages[m]} is not a distribution")
        values = mu @ game.receiver[:, m, :]
        if values[pbe.receiver[m]] < values.max() - tol:
            problems.append(f"receiver's action after {game.messages[m]} is not a best reply")
        senders = [t for t in range(n_t) if pbe.sender[t] == m]
        mass = game.prior[senders].sum() if senders else 0.0
        if mass > 0:
            bayes = np.zeros(n_t)
            bayes[senders] = game.prior[senders] / mass
            if np.abs(bayes - mu).max() > 1e-9:
                problems.append(f"belief after {game.messages[m]} violates Bayes' rule")
    return problems
