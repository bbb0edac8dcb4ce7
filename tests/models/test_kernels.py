"""The compiled kernels (``models.intervention.kernels``) against the scalar reference path,
brute force and quadrature.

* every criterion x belief mode x combat model: the batch outputs (and the references
  V*_EU, V*_0, R_EU behind the premia) equal the scalar path's to 1e-8 on random
  points, with steep and flat combat, exogenous intervals touching 0 and 1, and Beta
  priors (a few points per case by default, many under ``-m slow``);
* one-prior criteria: the kernel's V* and F* are no worse than the best of a dense
  grid of forces (the scalar path itself searches a grid);
* the closed forms the kernels use (the CGFs of the uniform, Beta and Bernoulli
  laws, the probit mixture of endogenous smooth, the multiplier) against numerical
  quadrature;
* minimax regret over an exogenous interval: the worst prior is an end point
  (expected utility is linear in q), checked against a dense grid of priors.
"""

from __future__ import annotations

import zlib

import numpy as np
import pytest
from scipy import integrate, special

from deterrence.models.beliefs import Belief
from deterrence.models.combat import COMBAT_MODELS, Combat
from deterrence.models.criteria import CRITERIA, Criterion
from deterrence.models.intervention.model import InterventionModel
from deterrence.models.parameters import Parameters
from deterrence.models.solution import DETAIL_NAMES, OUTPUT_NAMES
from deterrence.solvers import ambiguity

pytest.importorskip("numba", reason="Numba is not installed: the scalar path is used")

AGREE = 1e-8
KEYS = (*OUTPUT_NAMES, *DETAIL_NAMES[2:])
BELIEFS = ("exogenous-interval", "exogenous-beta", "endogenous")


def random_batch(rng: np.random.Generator, belief_kind: str, combat: str, points: int):
    """A batch model of ``points`` random scenarios (steep and flat combat), and
    criterion parameters (alpha, lambda, theta) per point."""

    def col(lo, hi):
        return rng.uniform(lo, hi, (points, 1))

    k_n = col(0.0, 1.0)
    params = Parameters(
        stakes=col(0.5, 8.0),
        target_strength=col(0.5, 2.0),
        third_party_strength=col(0.0, 1.5),
        interoperability=col(0.0, 1.0),
        decisiveness=np.exp(col(np.log(0.4), np.log(8.0))),
        force_cost=col(0.05, 0.6),
        war_cost=k_n,
        intervention_war_cost=k_n + col(0.0, 1.5),
        third_party_cost=col(0.0, 1.0),
        third_party_loss=col(0.0, 2.5),
        success_target=col(0.1, 0.95),
        max_force=np.exp(col(np.log(2.0), np.log(200.0))),
        effectiveness_ratio=col(0.5, 2.0),
        effectiveness_noise=np.exp(col(np.log(0.1), np.log(1.5))),
    )
    if belief_kind == "endogenous":
        lo = col(-0.6, 0.6)
        belief = Belief("endogenous", lo, lo + col(0.0, 0.8), sd=np.exp(col(np.log(0.05), 0.0)))
    elif belief_kind == "exogenous-beta":
        belief = Belief("exogenous", beta=(np.exp(col(-1.0, 2.5)), np.exp(col(-1.0, 2.5))))
    else:
        lo = col(0.0, 0.7)
        hi = lo + col(0.0, 0.3)
        quarter = max(points // 4, 1)
        lo[:quarter] = 0.0  # touching 0
        hi[quarter : 2 * quarter] = 1.0  # touching 1
        lo[-1:], hi[-1:] = 0.0, 1.0  # the whole range
        belief = Belief("exogenous", lo, hi)
    crit_args = (col(0.0, 1.0), np.exp(col(np.log(0.1), np.log(20.0))), np.exp(col(-1.5, 1.5)))
    model = InterventionModel(
        params,
        Combat(combat, params.decisiveness, params.effectiveness_ratio, params.effectiveness_noise),
        belief,
    )
    return model, crit_args


def compare(name: str, belief_kind: str, combat: str, points: int) -> None:
    rng = np.random.default_rng(zlib.crc32(f"{name}{belief_kind}{combat}{points}".encode()))
    model, crit_args = random_batch(rng, belief_kind, combat, points)
    with np.errstate(all="ignore"):
        batch = model.solve_batch(Criterion(name, *crit_args))
    assert not batch["status"].any()  # unresolved kernel points fall back to the scalar path
    for i in range(points):
        rows = np.array([i])
        point = model.take(rows).scalar()
        crit = Criterion(name, *(float(a[i, 0]) for a in crit_args))
        with np.errstate(all="ignore"):
            ref = point.solve(crit)
        for key in KEYS:
            expected, got = getattr(ref, key), float(batch[key][i])
            if expected is None:
                assert np.isnan(got), (key, i)
            else:
                tol = AGREE * max(1.0, abs(float(expected)))
                assert abs(got - float(expected)) <= tol, (key, i, got, expected)


CASES = [
    (name, kind, combat)
    for name in CRITERIA
    for kind in BELIEFS
    for combat in COMBAT_MODELS
    if not (kind == "exogenous-beta" and name in ("expected", "alpha_maxmin"))
]


@pytest.mark.parametrize("name, belief_kind, combat", CASES)
def test_kernel_equals_scalar_path(name, belief_kind, combat):
    """Every output, a few random points per criterion x belief x combat model."""
    compare(name, belief_kind, combat, points=3)


@pytest.mark.slow
@pytest.mark.parametrize("name, belief_kind, combat", CASES)
def test_kernel_equals_scalar_path_many_points(name, belief_kind, combat):
    compare(name, belief_kind, combat, points=40)


# ------------------------------------------------------------------ brute force
def one_prior_objective(model, crit, forces, key):
    """V p(q, F) - k(q) - c F (best force) or -(k(q) + c F) / p(q, F) (V*), q the
    criterion's prior (exogenous: constant in F)."""
    p = model.params
    q = model._one_prior_q(crit, np.zeros((model.rows, 1)))
    out, inn = (model.combat.win_probability(forces, d) for d in (p.defence_out, p.defence_in))
    win = (1 - q) * out + q * inn
    cost = p.war_cost + q * (p.intervention_war_cost - p.war_cost) + p.force_cost * forces
    return p.stakes * win - cost if key == "force" else -cost / win


@pytest.mark.parametrize("name", COMBAT_MODELS)
def test_kernel_beats_a_fine_grid(name):
    """The kernel's V* is no higher, and its F* no worse, than the best of 200,001
    forces evenly spaced in ln F, on random points that include steep combat
    (decisiveness up to 40, noise down to 0.03)."""
    rng = np.random.default_rng(17)
    n = 30
    steepness = rng.uniform(0.3, 40, (n, 1))
    noise = rng.uniform(0.03, 1.5, (n, 1))
    params = Parameters(
        stakes=rng.uniform(0.5, 8, (n, 1)),
        third_party_strength=rng.uniform(0, 2, (n, 1)),
        interoperability=rng.uniform(0, 1, (n, 1)),
        decisiveness=steepness,
        force_cost=rng.uniform(0.05, 1, (n, 1)),
        war_cost=rng.uniform(0, 1, (n, 1)),
        max_force=rng.uniform(2, 100, (n, 1)),
        effectiveness_noise=noise,
    )
    q = rng.uniform(0, 1, (n, 1))
    model = InterventionModel(
        params, Combat(name, steepness, 1.0, noise), Belief("exogenous", q, q)
    )
    crit = Criterion("expected")
    with np.errstate(all="ignore"):
        out = model.solve_batch(crit)
    assert not out["status"].any()
    lo, hi = model.force_bounds
    for i in range(n):
        point = model.take(np.array([i]))
        forces = np.geomspace(lo[i], hi[i], 200_001)[None, :]
        with np.errstate(all="ignore"):
            fine = {
                k: np.nanmax(one_prior_objective(point, crit, forces, k))
                for k in ("force", "threshold")
            }
            f_star = out["force"][i] if np.isfinite(out["force"][i]) else lo[i]
            found = one_prior_objective(point, crit, np.array([[f_star]]), "force")[0, 0]
        assert -out["threshold"][i] >= fine["threshold"] - 1e-12 * max(1, abs(fine["threshold"]))
        assert found >= fine["force"] - 1e-12 * max(1, abs(fine["force"]))


# ------------------------------------------------------ closed forms vs quadrature
def quad(f, a, b, points=None):
    value, _ = integrate.quad(f, a, b, epsabs=0.0, epsrel=1e-13, limit=400, points=points)
    return value


T_VALUES = (1e-14, 1e-6, 0.003, 0.3, 2.0, 17.0, 60.0, 300.0)


@pytest.mark.parametrize("t", T_VALUES)
@pytest.mark.parametrize(
    "a, b", [(0.0, 1.0), (0.2, 0.6), (0.0, 0.05), (0.95, 1.0), (0.4, 0.4 + 1e-9)]
)
def test_uniform_cgf_against_quadrature(t, a, b):
    """Lambda(t)/t of q ~ U[a, b] (the exogenous smooth criterion with an interval) and
    its derivatives, the tilted mean and variance, against quadrature."""
    from deterrence.solvers.cgf import uniform_cgf

    ratio, m1, m2 = uniform_cgf(t, a, b)
    top = t * b  # factored out: the integrand is exp(t (q - b)) <= 1
    excess = quad(lambda q: np.expm1(t * q - top), a, b) / (b - a)  # E[e^{t(q-b)}] - 1
    mass = 1.0 + excess
    first = quad(lambda q: q * np.exp(t * q - top), a, b) / (b - a) / mass
    second = quad(lambda q: (q - first) ** 2 * np.exp(t * q - top), a, b) / (b - a) / mass
    assert ratio == pytest.approx((np.log1p(excess) + top) / t, rel=1e-10, abs=1e-12)
    assert m1 == pytest.approx(first, rel=1e-10, abs=1e-12)
    assert m2 == pytest.approx(second, rel=1e-6, abs=1e-12)
    # and the numpy closed form of the scalar path
    value = ambiguity.smooth_uniform(np.array(1.0), np.array(1.0), a, b, t)
    assert float(np.ravel(value)[0]) == pytest.approx(1.0 - ratio, rel=1e-10, abs=1e-12)


@pytest.mark.parametrize("t", T_VALUES)
@pytest.mark.parametrize(
    "a, b", [(0.5, 0.5), (2.0, 5.0), (0.3, 8.0), (9.0, 1.1), (1.0, 1.0), (40.0, 60.0)]
)
def test_beta_cgf_against_quadrature(t, a, b):
    """Lambda(t)/t = ln 1F1(a; a+b; t)/t of q ~ Beta(a, b) and the tilted mean and
    variance (series, asymptotics or a logit trapezoid in the kernel) against Kummer's
    function in 40-digit arithmetic (mpmath), E[q^k e^{tq}] = (a)_k/(c)_k 1F1(a+k; c+k; t)."""
    mpmath = pytest.importorskip("mpmath")
    from deterrence.solvers.cgf import beta_cgf

    ratio, m1, m2 = beta_cgf(t, a, b)
    with mpmath.workdps(40):
        ta, aa, cc = mpmath.mpf(t), mpmath.mpf(a), mpmath.mpf(a + b)
        m0 = mpmath.hyp1f1(aa, cc, ta)
        first = aa / cc * mpmath.hyp1f1(aa + 1, cc + 1, ta) / m0
        second = aa * (aa + 1) / (cc * (cc + 1)) * mpmath.hyp1f1(aa + 2, cc + 2, ta) / m0
        expected_ratio = float(mpmath.log(m0) / ta)
        first, second = float(first), float(second - first**2)
    assert ratio == pytest.approx(expected_ratio, rel=1e-10, abs=1e-13)
    assert m1 == pytest.approx(first, rel=1e-10, abs=1e-13)
    assert m2 == pytest.approx(second, rel=1e-6, abs=1e-13)
    value = ambiguity.smooth_beta(np.array(1.0), np.array(1.0), a, b, t)
    assert float(np.ravel(value)[0]) == pytest.approx(1.0 - ratio, rel=1e-12, abs=1e-13)


@pytest.mark.parametrize("t", T_VALUES)
@pytest.mark.parametrize("p", [0.0, 1e-9, 0.3, 0.5, 0.97, 1.0])
def test_multiplier_closed_form_against_two_point_expectation(t, p):
    """The multiplier value good - gap L(t)/t, L(t) = ln(1 - q0 + q0 e^t), against the
    definition -theta ln E[exp(-u/theta)] over the two outcomes, in 60-digit arithmetic."""
    from deterrence.solvers.cgf import bernoulli_cgf

    gap, theta = 1.3, 1.3 / t
    good = 0.7
    with np.errstate(all="ignore"):
        value = float(np.ravel(ambiguity.multiplier(good, gap, p, theta))[0])
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(60):
        th, pp = mpmath.mpf(theta), mpmath.mpf(p)
        direct = -th * mpmath.log(
            (1 - pp) * mpmath.exp(-mpmath.mpf(good) / th)
            + pp * mpmath.exp(-(mpmath.mpf(good) - mpmath.mpf(gap)) / th)
        )
    assert value == pytest.approx(float(direct), rel=1e-10, abs=1e-10)
    ratio, _, _ = bernoulli_cgf(t, p)
    assert good - gap * ratio == pytest.approx(value, rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("t", (1e-9, 0.05, 1.0, 8.0, 40.0, 200.0))
@pytest.mark.parametrize(
    "x_lo, x_hi", [(-1.0, 1.0), (-6.0, -2.0), (0.5, 9.0), (-30.0, 30.0), (0.2, 0.2 + 1e-7)]
)
def test_probit_mixture_against_quadrature(t, x_lo, x_hi):
    """Endogenous smooth: Lambda(t)/t and the tilted mean of q = Phi(x), x ~ U[x_lo, x_hi]
    (the compiled quadrature both paths use), against adaptive quadrature."""
    from deterrence.models.intervention.kernel_quadrature import probit_mixture_cgf

    ratio, tilt = probit_mixture_cgf(np.array([x_lo]), np.array([x_hi]), np.array([t]))
    top = t * special.ndtr(x_hi)
    width = x_hi - x_lo
    excess = quad(lambda x: np.expm1(t * special.ndtr(x) - top), x_lo, x_hi) / width
    mass = 1.0 + excess
    first = quad(lambda x: special.ndtr(x) * np.exp(t * special.ndtr(x) - top), x_lo, x_hi) / width
    assert ratio[0] == pytest.approx((np.log1p(excess) + top) / t, rel=1e-9, abs=1e-12)
    assert tilt[0] == pytest.approx(first / mass, rel=1e-9, abs=1e-12)


# --------------------------------------------------------- regret's worst prior
@pytest.mark.parametrize("combat", COMBAT_MODELS)
def test_regret_worst_prior_is_an_end_point(combat):
    """Exogenous minimax regret compares the set's two end points only: EU_q(F) is linear
    in q and max_G EU_q(G) convex, so regret_q(F) is convex in q.  Against a dense
    grid of 401 priors: at forces spread over the range the largest regret is an end
    point's, and the solver's value (minus the least largest regret) is the dense
    grid's to 1e-9."""
    rng = np.random.default_rng(zlib.crc32(combat.encode()))
    for _ in range(4):
        lo = rng.uniform(0.0, 0.7)
        hi = min(1.0, lo + rng.uniform(0.05, 0.6))
        params = dict(
            stakes=rng.uniform(1.0, 6.0),
            third_party_strength=rng.uniform(0.2, 1.5),
            interoperability=rng.uniform(0.2, 1.0),
            decisiveness=rng.uniform(0.8, 4.0),
            force_cost=rng.uniform(0.05, 0.5),
            war_cost=rng.uniform(0.0, 0.5),
        )
        params["intervention_war_cost"] = params["war_cost"] + rng.uniform(0.0, 1.0)
        p = Parameters.create(**params)
        c = Combat(combat, p.decisiveness, p.effectiveness_ratio, p.effectiveness_noise)
        model = InterventionModel(p, c, Belief("exogenous", lo, hi))
        priors = np.linspace(lo, hi, 401)
        # best EU per prior, each prior as a point belief (the scalar path)
        batch = InterventionModel(
            Parameters(**{k: np.full((priors.size, 1), v) for k, v in p.to_dict().items()}),
            Combat(combat, p.decisiveness, p.effectiveness_ratio, p.effectiveness_noise),
            Belief("exogenous", priors[:, None], priors[:, None]),
        )
        crit = Criterion("minimax_regret")
        with np.errstate(all="ignore"):
            best = np.maximum(
                [
                    InterventionModel(p, c, Belief.point(float(q))).best_attack(
                        Criterion("expected"), p.stakes
                    )[1][0]
                    for q in priors
                ],
                0.0,
            )
            solution = model.solve(crit)
            kernel = model_batch_of_one(model).solve_batch(crit)
        lo_f, hi_f = model.force_bounds
        forces = np.geomspace(lo_f[0], hi_f[0], 301)
        good, gap, _ = batch.lottery(forces[None, :], p.stakes)
        regrets = best[:, None] - ambiguity.expected(good, gap, priors[:, None])  # (K, n)
        worst = regrets.max(axis=0)
        ends = np.maximum(regrets[0], regrets[-1])
        np.testing.assert_allclose(worst, ends, rtol=0, atol=1e-12)
        # the solver: attack value = -min_F max_q regret; hold value = -max_q max(0, best EU_q)
        assert solution.hold_value == pytest.approx(-best.max(), abs=1e-9)
        assert -solution.attack_value <= worst.min() + 1e-12
        if solution.force is not None:
            good, gap, _ = batch.lottery(np.array([[solution.force]]), p.stakes)
            at_optimum = (best[:, None] - ambiguity.expected(good, gap, priors[:, None])).max()
            assert at_optimum == pytest.approx(-solution.attack_value, abs=1e-9)
        assert bool(kernel["attack"][0]) == solution.attack
        if solution.threshold is not None:
            assert kernel["threshold"][0] == pytest.approx(solution.threshold, rel=1e-8)


def model_batch_of_one(model: InterventionModel) -> InterventionModel:
    """A scalar model as a one-point batch (arrays of shape (1, 1))."""
    p = Parameters(**{k: np.full((1, 1), v) for k, v in model.params.to_dict().items()})
    b = model.belief
    return InterventionModel(
        p,
        Combat(model.combat.name, p.decisiveness, p.effectiveness_ratio, p.effectiveness_noise),
        Belief(b.mode, np.full((1, 1), b.lo), np.full((1, 1), b.hi), None, b.sd),
    )
