"""Deeds versus words: R signals its type by military cooperation and treaty text.

R (the sender) is committed (c) or opportunist (o), prior p = P(committed),
which A may know only up to an interval [p_lo, p_hi].  Before any crisis R
picks a cooperation level l from a ladder (none, joint exercises, joint
patrols, integrated early warning) and a treaty text t (none, consultation,
mutual defence):

* level l costs type theta c_theta(l) up front (sinking costs; committed types
  pay less because they plan for the conflict anyway) and adds
  g(l) to the interoperability, e_l = min(1, e + g(l)): deeds both signal
  and strengthen (Morrow 1994 keeps the two channels apart);
* text t is cheap talk unless it carries an audience cost a(t), paid by R if
  A attacks and R stays out (tying hands; Fearon 1997).

A sees (l, t), forms its posterior by Bayes' rule and plays the canonical
game (docs/model.md) with the finite form's R (committed value w_c, opportunist
w_o): type theta intervenes at force F iff
w_theta - kappa_R + W_R (p_N(F) - p_I(F; e_l)) + a(t) >= 0 (ties intervene),
and A, of stakes V (or, with probability rho, a resolute A of stakes V_high
that R cannot tell apart), attacks with the force F that maximises
EU(F) = mu EU_c(F) + (1 - mu) EU_o(F), EU_theta = I_theta u_I + (1 - I_theta) u_N,
if that beats holding (ties hold).  With a posterior interval A uses its
criterion (``expected`` at the midpoint or ``maxmin`` over the interval).
R's payoff: 0 if A holds, otherwise max(w - kappa_R - W_R p_I, -W_R p_N - a(t)),
minus c_theta(l).

Equilibria (Fudenberg & Tirole 1991, ch. 8): every pure-strategy PBE
(separating and pooling) and every semi-separating PBE in which one type
mixes over two messages and the other sends one of them; off-path beliefs
are searched on a grid of P(committed) for one that deters every deviation,
and each equilibrium is tested with the intuitive criterion (Cho & Kreps
1987).  A's force is optimised on a 1,500-point log grid refined by golden
section.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import product

import numpy as np

from deterrence.models.combat import Combat
from deterrence.models.parameters import Parameters

TYPES = ("committed", "opportunist")
BELIEF_GRID = np.linspace(0.0, 1.0, 201)  # off-path beliefs searched, P(committed)
FORCE_GRID_POINTS = 1500
TOL = 1e-9
CRITERIA = ("expected", "maxmin")


@dataclass(frozen=True)
class SignallingSpec:
    """The ``[signalling]`` config section."""

    prior_committed: tuple[float, float] = (0.5, 0.5)  # a point is (p, p)
    committed_value: float = 0.3
    opportunist_value: float = 0.0
    levels: tuple[str, ...] = (
        "none",
        "joint_exercises",
        "joint_patrols",
        "integrated_early_warning",
    )
    cost_committed: tuple[float, ...] = (0.0, 0.05, 0.1, 0.2)
    cost_opportunist: tuple[float, ...] = (0.0, 0.5, 1.0, 1.5)
    interoperability_gain: tuple[float, ...] = (0.0, 0.05, 0.1, 0.2)
    texts: tuple[str, ...] = ("none", "consultation", "mutual_defence")
    audience_cost: tuple[float, ...] = (0.0, 0.0, 0.0)
    high_stakes: float = 0.0  # V_high of a resolute A (used when prob_high_stakes > 0)
    prob_high_stakes: float = 0.0
    criterion: str = "expected"

    def __post_init__(self) -> None:
        lo, hi = self.prior_committed
        if not (0.0 <= lo <= hi <= 1.0):
            raise ValueError(
                "prior_committed: must be a probability or an interval [lo, hi] in [0, 1]"
            )
        n = len(self.levels)
        if n == 0:
            raise ValueError("levels: the ladder needs at least one level")
        for key in ("cost_committed", "cost_opportunist", "interoperability_gain"):
            values = getattr(self, key)
            if len(values) != n:
                raise ValueError(f"{key}: needs one number per level ({n} levels)")
            if not all(np.isfinite(v) and v >= 0 for v in values):
                raise ValueError(f"{key}: must be finite numbers >= 0")
        if len(self.texts) == 0 or len(self.audience_cost) != len(self.texts):
            raise ValueError("audience_cost: needs one number per text")
        if not all(np.isfinite(v) and v >= 0 for v in self.audience_cost):
            raise ValueError("audience_cost: must be finite numbers >= 0")
        if not 0.0 <= self.prob_high_stakes <= 1.0:
            raise ValueError("prob_high_stakes: must be a probability in [0, 1]")
        if not (np.isfinite(self.high_stakes) and self.high_stakes >= 0):
            raise ValueError("high_stakes: must be a finite number >= 0")
        if self.criterion not in CRITERIA:
            raise ValueError(f"criterion: must be one of {', '.join(CRITERIA)}")
        for key in ("committed_value", "opportunist_value"):
            if not np.isfinite(getattr(self, key)):
                raise ValueError(f"{key}: must be a finite number")

    @property
    def messages(self) -> list[tuple[int, int]]:
        return list(product(range(len(self.levels)), range(len(self.texts))))

    def message_name(self, m: tuple[int, int]) -> str:
        return f"{self.levels[m[0]]}+{self.texts[m[1]]}"


@dataclass(frozen=True)
class Response:
    """A's reply to a message under a posterior, per A type (ordinary, resolute)."""

    attack: tuple[bool, ...]
    force: tuple[float | None, ...]
    value: tuple[float, ...] = ()
    attack_probability: tuple[float, ...] | None = None  # A mixes when indifferent

    def probability(self, row: int) -> float:
        if self.attack_probability is not None:
            return self.attack_probability[row]
        return 1.0 if self.attack[row] else 0.0


@dataclass(frozen=True)
class Equilibrium:
    kind: str  # separating | pooling | semi-separating
    strategy: dict[str, dict[str, float]]  # type -> message -> probability
    posteriors: dict[str, tuple[float, float]]  # on-path message -> P(committed) interval
    off_path: dict[str, tuple[float, float]]  # off-path message -> supporting beliefs' range
    responses: dict[str, Response]  # on-path message -> A's reply
    thresholds: dict[str, float | None]  # on-path message -> V*
    payoffs: dict[str, float]  # R type -> expected payoff
    outlay: float  # R's expected spending on signalling (ex ante)
    intuitive: bool
    requirements: dict[str, float | None] = field(default_factory=dict)  # message -> F_req
    us_extra_cost: float | None = None  # c * E[F_req - F_req(R surely out)] over messages
    cost_exchange_ratio: float | None = None  # us_extra_cost / outlay (None if outlay 0)

    def to_record(self) -> dict:
        return {
            "kind": self.kind,
            "strategy": self.strategy,
            "posteriors": {k: list(v) for k, v in self.posteriors.items()},
            "off_path_beliefs": {k: list(v) for k, v in self.off_path.items()},
            "attack": {k: list(r.attack) for k, r in self.responses.items()},
            "attack_probability": {
                k: [r.probability(i) for i in range(len(r.attack))]
                for k, r in self.responses.items()
            },
            "force": {k: list(r.force) for k, r in self.responses.items()},
            "threshold": self.thresholds,
            "payoffs": self.payoffs,
            "outlay": self.outlay,
            "intuitive": self.intuitive,
            "force_requirement": self.requirements,
            "us_extra_cost": self.us_extra_cost,
            "cost_exchange_ratio": self.cost_exchange_ratio,
        }


@dataclass(frozen=True)
class SignallingSolution:
    equilibria: tuple[Equilibrium, ...]
    prior: tuple[float, float]
    criterion: str
    messages: tuple[str, ...] = field(default=())

    def outputs(self) -> dict:
        return {
            "model": "signalling",
            "criterion": self.criterion,
            "prior": list(self.prior),
            "equilibria": [e.to_record() for e in self.equilibria],
        }


@dataclass(frozen=True)
class SignallingModel:
    """The signalling game; ``force_levels`` restricts A to a finite list of forces
    (no refinement), which makes the game finite, e.g. for cross-checks."""

    params: Parameters
    combat: Combat
    spec: SignallingSpec
    force_levels: tuple[float, ...] | None = None

    # ------------------------------------------------------------ ingredients
    @cached_property
    def forces(self) -> np.ndarray:
        if self.force_levels is not None:
            return np.asarray(self.force_levels, dtype=float)
        top = self.params.max_force
        return np.geomspace(top * 1e-5, top, FORCE_GRID_POINTS)

    def _message_arrays(self, m: tuple[int, int], forces: np.ndarray) -> dict[str, np.ndarray]:
        """Per force: intervention indicators, R's payoffs when attacked, A's payoff parts."""
        p, s = self.params, self.spec
        level, text = m
        e = min(1.0, p.interoperability + s.interoperability_gain[level])
        d_in = p.target_strength + e * p.third_party_strength
        p_n = self.combat.win_probability(forces, p.target_strength)
        p_i = self.combat.win_probability(forces, d_in)
        a = s.audience_cost[text]
        out = {"p_n": p_n, "p_i": p_i}
        for name, w in zip(TYPES, (s.committed_value, s.opportunist_value), strict=True):
            join = w - p.third_party_cost - p.third_party_loss * p_i
            stay = -p.third_party_loss * p_n - a
            out[f"in_{name}"] = join >= stay - TOL
            out[f"r_{name}"] = np.where(out[f"in_{name}"], join, stay)
        return out

    @cached_property
    def _arrays(self) -> dict[tuple[int, int], dict[str, np.ndarray]]:
        return {m: self._message_arrays(m, self.forces) for m in self.spec.messages}

    def _stakes(self) -> list[tuple[float, float]]:
        """(stakes, probability) of A's types."""
        rho = self.spec.prob_high_stakes
        if rho <= 0:
            return [(self.params.stakes, 1.0)]
        return [(self.params.stakes, 1.0 - rho), (self.spec.high_stakes, rho)]

    def _values(self, arrays, forces, stakes: float, mus: np.ndarray) -> np.ndarray:
        """A's value of attacking with each force (last axis) for each posterior (rows)."""
        p = self.params
        u_n = stakes * arrays["p_n"] - p.war_cost - p.force_cost * forces
        u_i = stakes * arrays["p_i"] - p.intervention_war_cost - p.force_cost * forces
        eu_c = np.where(arrays["in_committed"], u_i, u_n)
        eu_o = np.where(arrays["in_opportunist"], u_i, u_n)
        lo, hi = mus[:, :1], mus[:, 1:]
        if self.spec.criterion == "expected":
            q = 0.5 * (lo + hi)
            return q * eu_c + (1 - q) * eu_o
        return np.minimum(lo * eu_c + (1 - lo) * eu_o, hi * eu_c + (1 - hi) * eu_o)

    def _best_forces(self, m, stakes: float, mus: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(value, force) of A's best attack after m, for each posterior row of ``mus``."""
        grid = self.forces
        values = self._values(self._arrays[m], grid[None, :], stakes, mus)
        k = values.argmax(axis=1)
        rows = np.arange(len(mus))
        best_f, best_v = grid[k], values[rows, k]
        if self.force_levels is not None:
            return best_v, best_f
        a = grid[np.maximum(k - 1, 0)]
        b = grid[np.minimum(k + 1, len(grid) - 1)]
        g = (np.sqrt(5) - 1) / 2

        def value_at(f: np.ndarray) -> np.ndarray:
            arrays = self._message_arrays(m, f[:, None])
            return self._values(arrays, f[:, None], stakes, mus)[:, 0]

        for _ in range(32):  # golden section on the bracket around the best grid point
            c, d = b - g * (b - a), a + g * (b - a)
            keep_left = value_at(c) >= value_at(d)
            b = np.where(keep_left, d, b)
            a = np.where(keep_left, a, c)
        x = 0.5 * (a + b)
        fx = value_at(x)
        better = fx > best_v
        return np.where(better, fx, best_v), np.where(better, x, best_f)

    def replies(self, m, mus: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """A's replies to m for each posterior row: attack (A types, B) and force (A types, B)."""
        attack, force = [], []
        for stakes, _ in self._stakes():
            v, f = self._best_forces(m, stakes, mus)
            attack.append(v > TOL)
            force.append(f)
        return np.array(attack), np.array(force)

    def response(self, m, mu: tuple[float, float]) -> Response:
        attack, force = self.replies(m, np.array([mu], dtype=float))
        return Response(
            tuple(bool(a) for a in attack[:, 0]),
            tuple(float(f) if a else None for a, f in zip(attack[:, 0], force[:, 0], strict=True)),
            (),
        )

    def type_payoffs(self, kind: str, m, attack: np.ndarray, force: np.ndarray) -> np.ndarray:
        """R type's expected payoff of message m for each column of A's replies."""
        s = self.spec
        cost = (s.cost_committed if kind == "committed" else s.cost_opportunist)[m[0]]
        total = np.zeros(attack.shape[1])
        for row, (_, prob) in enumerate(self._stakes()):
            arrays = self._message_arrays(m, force[row])
            total += prob * np.where(attack[row], arrays[f"r_{kind}"], 0.0)
        return total - cost

    def type_payoff(self, kind: str, m, reply: Response) -> float:
        s = self.spec
        cost = (s.cost_committed if kind == "committed" else s.cost_opportunist)[m[0]]
        total = -cost
        for row, (_, prob) in enumerate(self._stakes()):
            f = reply.force[row]
            if f is not None and reply.probability(row) > 0:
                hit = self._message_arrays(m, np.array([f]))[f"r_{kind}"][0]
                total += prob * reply.probability(row) * float(hit)
        return total

    def _attack_value(self, m, stakes: float, mu) -> float:
        return float(self._best_forces(m, stakes, np.array([mu], dtype=float))[0][0])

    def threshold(self, m, mu: tuple[float, float]) -> float | None:
        """V*: the least stakes at which (ordinary) A attacks after m with posterior mu.

        R's replies do not depend on V, so at each force A attacks iff
        V > K_mu(F) / P_mu(F) for the posterior(s) its criterion uses (docs/model.md, fact 1):
        V* = min_F max_mu K_mu(F) / P_mu(F), on the force grid refined by golden section.
        """
        lo, hi = mu
        used = [0.5 * (lo + hi)] if self.spec.criterion == "expected" else [lo, hi]

        def ratio(f: np.ndarray) -> np.ndarray:
            arrays = self._message_arrays(m, f)
            p = self.params
            out = np.full(f.shape, -np.inf)
            for q_c in used:
                q = q_c * arrays["in_committed"] + (1 - q_c) * arrays["in_opportunist"]
                success = q * arrays["p_i"] + (1 - q) * arrays["p_n"]
                cost = q * p.intervention_war_cost + (1 - q) * p.war_cost + p.force_cost * f
                with np.errstate(divide="ignore"):
                    out = np.maximum(out, np.where(success > 0, cost / success, np.inf))
            return out

        grid = self.forces
        values = ratio(grid)
        k = int(np.argmin(values))
        if not np.isfinite(values[k]):
            return None
        if self.force_levels is not None:
            return float(values[k])
        a, b = grid[max(k - 1, 0)], grid[min(k + 1, len(grid) - 1)]
        g = (np.sqrt(5) - 1) / 2
        for _ in range(40):
            c, d = b - g * (b - a), a + g * (b - a)
            if ratio(np.array([c]))[0] <= ratio(np.array([d]))[0]:
                b = d
            else:
                a = c
        return float(min(values[k], ratio(np.array([0.5 * (a + b)]))[0]))

    def requirement(self, m, mu: tuple[float, float]) -> float | None:
        """The force requirement after m with posterior mu: the least F whose success
        probability q(F) p_I + (1 - q(F)) p_N reaches P-bar, with
        q(F) = mu I_c(F) + (1 - mu) I_o(F), at the midpoint (``expected``) or the worst
        posterior (``maxmin``); the first grid cell that reaches it, refined by
        bisection.  None if no force on the grid does."""
        lo, hi = mu
        used = [0.5 * (lo + hi)] if self.spec.criterion == "expected" else [lo, hi]
        target = self.params.success_target

        def success(f: np.ndarray) -> np.ndarray:
            arrays = self._message_arrays(m, f)
            out = np.full(f.shape, np.inf)
            for q_c in used:
                q = q_c * arrays["in_committed"] + (1 - q_c) * arrays["in_opportunist"]
                out = np.minimum(out, q * arrays["p_i"] + (1 - q) * arrays["p_n"])
            return out

        grid = self.forces
        reached = np.flatnonzero(success(grid) >= target)
        if reached.size == 0:
            return None
        k = int(reached[0])
        if k == 0 or self.force_levels is not None:
            return float(grid[k])
        a, b = float(grid[k - 1]), float(grid[k])
        for _ in range(60):
            mid = 0.5 * (a + b)
            if success(np.array([mid]))[0] >= target:
                b = mid
            else:
                a = mid
        return b

    def requirement_out(self) -> float:
        """The force requirement when R surely stays out: p_N(F) = P-bar, in closed form."""
        p = self.params
        return float(self.combat.required_force(p.success_target, p.target_strength))

    # --------------------------------------------------------------- equilibria
    def solve(self) -> SignallingSolution:
        finder = _Finder(self)
        found = finder.pure() + finder.semi_separating()
        return SignallingSolution(
            tuple(found),
            tuple(self.spec.prior_committed),
            self.spec.criterion,
            tuple(self.spec.message_name(m) for m in self.spec.messages),
        )


def posterior(prior: tuple[float, float], like_c: float, like_o: float) -> tuple[float, float]:
    """Bayes' rule for P(committed), endpoint by endpoint (it is monotone in the prior)."""
    out = []
    for p in prior:
        num = p * like_c
        den = num + (1 - p) * like_o
        out.append(num / den if den > 0 else p)
    return (out[0], out[1])


class _Finder:
    """Enumerates candidate strategy profiles and keeps the equilibria."""

    def __init__(self, model: SignallingModel):
        self.model = model
        self.spec = model.spec
        self.messages = model.spec.messages
        self.prior = tuple(model.spec.prior_committed)
        self._replies: dict = {}
        self.mixed: dict = {}  # A's mixed replies of the candidate being checked
        points = np.column_stack([BELIEF_GRID, BELIEF_GRID])
        self.grid_payoffs = {}  # message -> type -> payoff at each point belief of the grid
        for m in self.messages:
            attack, force = model.replies(m, points)
            self.grid_payoffs[m] = {k: model.type_payoffs(k, m, attack, force) for k in TYPES}

    def reply(self, m, mu) -> Response:
        key = (m, round(mu[0], 12), round(mu[1], 12))
        if key in self.mixed:
            return self.mixed[key]
        if key not in self._replies:
            self._replies[key] = self.model.response(m, mu)
        return self._replies[key]

    def payoff(self, kind, m, mu) -> float:
        return self.model.type_payoff(kind, m, self.reply(m, mu))

    def off_path_support(self, m, targets: dict[str, float]) -> tuple[float, float] | None:
        """The range of grid beliefs after off-path m at which no type gains."""
        gaps = np.max([self.grid_payoffs[m][k] - targets[k] for k in TYPES], axis=0)
        ok = BELIEF_GRID[gaps <= 1e-9]
        return (float(ok.min()), float(ok.max())) if ok.size else None

    def intuitive(self, off_path: list, targets: dict[str, float]) -> bool:
        for m in off_path:
            best = {k: float(self.grid_payoffs[m][k].max()) for k in TYPES}
            undominated = [k for k in TYPES if best[k] >= targets[k] - 1e-9]
            if len(undominated) == 1:
                k = undominated[0]
                point = 1.0 if k == "committed" else 0.0
                if self.payoff(k, m, (point, point)) > targets[k] + 1e-9:
                    return False
        return True

    def _finish(self, kind, strategy, on_path: dict, targets) -> Equilibrium | None:
        """Check deviations to every message; off-path ones need a supporting belief."""
        off = [m for m in self.messages if m not in on_path]
        support = {}
        for m in off:
            b = self.off_path_support(m, targets)
            if b is None:
                return None
            support[self.spec.message_name(m)] = b
        for k in TYPES:
            for m, mu in on_path.items():
                if self.payoff(k, m, mu) > targets[k] + 1e-9:
                    return None
        p_mid = 0.5 * (self.prior[0] + self.prior[1])
        outlay = 0.0
        for k, weight in zip(TYPES, (p_mid, 1 - p_mid), strict=True):
            costs = self.spec.cost_committed if k == "committed" else self.spec.cost_opportunist
            for name, prob in strategy[k].items():
                level = self.spec.levels.index(name.split("+")[0])
                outlay += weight * prob * costs[level]
        names = {m: self.spec.message_name(m) for m in on_path}
        requirements = {m: self.model.requirement(m, mu) for m, mu in on_path.items()}
        extra = self._extra_cost(strategy, requirements, p_mid)
        return Equilibrium(
            kind=kind,
            strategy=strategy,
            posteriors={names[m]: mu for m, mu in on_path.items()},
            off_path=support,
            responses={names[m]: self.reply(m, mu) for m, mu in on_path.items()},
            thresholds={names[m]: self.model.threshold(m, mu) for m, mu in on_path.items()},
            payoffs=dict(targets),
            outlay=outlay,
            intuitive=self.intuitive(off, targets),
            requirements={names[m]: r for m, r in requirements.items()},
            us_extra_cost=extra,
            cost_exchange_ratio=None if extra is None or outlay <= 0 else extra / outlay,
        )

    def _extra_cost(self, strategy, requirements: dict, p_mid: float) -> float | None:
        """c * sum_m P(m) (F_req(m) - F_req(R surely out)), P(m) from the types' strategies
        at the prior's midpoint (claim C5's extra cost in expectation over the messages)."""
        base = self.model.requirement_out()
        total = 0.0
        for m, req in requirements.items():
            name = self.spec.message_name(m)
            prob = p_mid * strategy["committed"].get(name, 0.0)
            prob += (1 - p_mid) * strategy["opportunist"].get(name, 0.0)
            if prob <= 0:
                continue
            if req is None:
                return None
            total += prob * (req - base)
        return self.model.params.force_cost * total

    def pure(self) -> list[Equilibrium]:
        found = []
        for mc, mo in product(self.messages, repeat=2):
            if mc == mo:
                on_path = {mc: self.prior}
                kind = "pooling"
            else:
                on_path = {mc: posterior(self.prior, 1, 0), mo: posterior(self.prior, 0, 1)}
                kind = "separating"
            targets = {
                "committed": self.payoff("committed", mc, on_path[mc]),
                "opportunist": self.payoff("opportunist", mo, on_path[mo]),
            }
            strategy = {
                "committed": {self.spec.message_name(mc): 1.0},
                "opportunist": {self.spec.message_name(mo): 1.0},
            }
            eq = self._finish(kind, strategy, on_path, targets)
            if eq is not None:
                found.append(eq)
        return found

    def semi_separating(self) -> list[Equilibrium]:
        """One type mixes over (m1, m2), the other sends m1.  Needs a point prior."""
        if self.prior[0] != self.prior[1] or not 0 < self.prior[0] < 1:
            return []
        found = []
        for mixer, m1, m2 in product(TYPES, self.messages, self.messages):
            if m1 == m2:
                continue
            revealed = (1.0, 1.0) if mixer == "committed" else (0.0, 0.0)

            def mu1(sigma: float, mixer=mixer):
                like = (sigma, 1.0) if mixer == "committed" else (1.0, sigma)
                return posterior(self.prior, *like)

            def gap(sigma: float, mixer=mixer, m1=m1, m2=m2, revealed=revealed, mu1=mu1):
                return self.payoff(mixer, m1, mu1(sigma)) - self.payoff(mixer, m2, revealed)

            # screen with the precomputed payoffs on the belief grid, then solve exactly
            target = self.payoff(mixer, m2, revealed)
            sigmas = np.linspace(1e-3, 1 - 1e-3, 400)
            beliefs = np.array([mu1(x)[0] for x in sigmas])
            screen = np.interp(beliefs, BELIEF_GRID, self.grid_payoffs[m1][mixer]) - target
            flips = np.flatnonzero(np.sign(screen[:-1]) != np.sign(screen[1:]))
            if flips.size == 0:
                continue
            grid = np.unique(np.concatenate([sigmas[flips], sigmas[flips + 1]]))
            gaps = [gap(x) for x in grid]
            for a, b, ga, gb in zip(grid[:-1], grid[1:], gaps[:-1], gaps[1:], strict=True):
                if ga * gb > 0:
                    continue
                for _ in range(40):
                    mid = 0.5 * (a + b)
                    if gap(mid) * ga > 0:
                        a, ga = mid, gap(mid)
                    else:
                        b = mid
                sigma = float(0.5 * (a + b))
                if abs(gap(sigma)) > 1e-7:
                    continue  # a jump in A's reply, not an indifference
                eq = self._hybrid(mixer, sigma, m1, m2, mu1(sigma), revealed)
                if eq is not None:
                    found.append(eq)
        return found + self.semi_separating_with_mixed_reply()

    def _hybrid(self, mixer, sigma, m1, m2, mu1, revealed) -> Equilibrium | None:
        """Check the profile: ``mixer`` sends m1 with sigma and m2 otherwise, the other
        type sends m1; posteriors mu1 after m1 and ``revealed`` after m2."""
        other = "opportunist" if mixer == "committed" else "committed"
        on_path = {m1: mu1, m2: revealed}
        targets = {
            mixer: self.payoff(mixer, m2, revealed),
            other: self.payoff(other, m1, mu1),
        }
        name1, name2 = self.spec.message_name(m1), self.spec.message_name(m2)
        strategy = {mixer: {name1: sigma, name2: 1 - sigma}, other: {name1: 1.0}}
        return self._finish("semi-separating", strategy, on_path, targets)

    def semi_separating_with_mixed_reply(self) -> list[Equilibrium]:
        """One R type mixes over (m1, m2), the other sends m1, and A, indifferent
        between holding and attacking after m1, mixes so that the mixing type is
        indifferent too (the usual hybrid equilibrium of signalling games).  A
        single A type and a point prior."""
        p = self.prior[0]
        if self.prior[0] != self.prior[1] or not 0 < p < 1 or self.spec.prob_high_stakes > 0:
            return []
        stakes = self.model.params.stakes
        points = np.column_stack([BELIEF_GRID, BELIEF_GRID])
        found = []
        for m1 in self.messages:
            values = self.model._best_forces(m1, stakes, points)[0]
            for j in np.flatnonzero(np.sign(values[:-1]) != np.sign(values[1:])):
                a, b = BELIEF_GRID[j], BELIEF_GRID[j + 1]
                va = values[j]
                for _ in range(50):
                    mid = 0.5 * (a + b)
                    vm = self.model._attack_value(m1, stakes, (mid, mid))
                    if np.sign(vm) == np.sign(va):
                        a, va = mid, vm
                    else:
                        b = mid
                mu = 0.5 * (a + b)
                found += self._hybrids(m1, mu)
        return found

    def _hybrids(self, m1, mu: float) -> list[Equilibrium]:
        p = self.prior[0]
        _, force = self.model.replies(m1, np.array([[mu, mu]]))
        f = float(force[0, 0])
        found = []
        for mixer in TYPES:
            if mixer == "committed" and not 0 < mu < p:
                continue
            if mixer == "opportunist" and not p < mu < 1:
                continue
            sigma = (
                mu * (1 - p) / (p * (1 - mu))
                if mixer == "committed"
                else p * (1 - mu) / (mu * (1 - p))
            )
            revealed = (1.0, 1.0) if mixer == "committed" else (0.0, 0.0)
            hold = Response((False,), (None,))
            strike = Response((True,), (f,))
            for m2 in self.messages:
                if m2 == m1:
                    continue
                target = self.payoff(mixer, m2, revealed)
                base = self.model.type_payoff(mixer, m1, hold)
                hit = self.model.type_payoff(mixer, m1, strike) - base
                if abs(hit) < 1e-12:
                    continue
                beta = (target - base) / hit
                if not 0 < beta < 1:
                    continue
                key = (m1, round(mu, 12), round(mu, 12))
                self.mixed[key] = Response((True,), (f,), (), (float(beta),))
                eq = self._hybrid(mixer, sigma, m1, m2, (float(mu), float(mu)), revealed)
                del self.mixed[key]
                if eq is not None:
                    found.append(eq)
        return found
