"""Every root of a batch of multilinear support systems in a box: interval branch and prune.

For a support profile whose mixing players are M, the unknowns are the
probabilities y_j(s) = sigma_j(s), s in S_j but its first strategy s_0, j in M
(sigma_j(s_0) = 1 - sum_s y_j(s)), and the square system is

    V_i(s, sigma) - V_i(s_0, sigma) = 0     (i in M, s in S_i minus s_0),

where V_i(t, sigma) is player i's payoff from t against the others' mixtures: a
multilinear form in the vectors sigma_j, j != i.  Its equilibria are its roots
with sigma >= 0 at which no strategy outside S_i pays more.

The search is the interval method of Moore (1966) and Krawczyk (1969), as set
out by Neumaier (1990), *Interval Methods for Systems of Equations*, ch. 5:
boxes of [-delta, 1 + delta]^N are processed in batches (numpy, midpoint-radius
interval arithmetic with an outward margin for rounding), and each box is

* **excluded** when an equation's range over the box misses 0, when a strategy
  outside a support pays more than the support everywhere in the box, or when
  the Krawczyk operator K(X) = m - Y F(m) + (I - Y J(X))(X - m) misses the box
  (then X holds no root: Neumaier 1990, Thm 5.1.7);
* **certified** when K(X) lies in the interior of X: then X holds exactly one
  root, and it is nonsingular (Krawczyk 1969; Neumaier 1990, Thm 5.1.8);
* otherwise shrunk to X cap K(X) and bisected along its widest side.

Nothing is discarded without one of those proofs, so no root in the box is
lost: every root ends certified (isolated, nonsingular) or in an *unresolved*
box (a singular root, roots closer than the smallest width, or a
positive-dimensional set), which the caller resolves exactly.  Gambit's
``enumpoly`` is a subdivision method of the same family (exclusion tests and
Newton--Kantorovich certification on [0, 1]^N); this one adds the best-reply
inequalities as exclusion tests and bounds its work.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from deterrence.solvers.games.errors import TimeLimitExceeded

DELTA = 2.0**-10  # the box reaches this far beyond [0, 1], so roots on a face are interior
MARGIN = 1e-11  # outward margin on every interval result (payoffs are scaled to [-1, 1])
MIN_WIDTH = 1e-9  # boxes narrower than this are left unresolved
MAX_BOXES = 2048  # live boxes per support before its remaining boxes are left unresolved
INFLATE = 1e-3  # epsilon-inflation of each box before the Krawczyk test (relative)
SPLIT = 0.4927  # boxes are cut off centre, so simple rational roots avoid the cut
SINGULAR = 1e-10  # a Jacobian this close to singular (relative) at the centre of a box ...
SINGULAR_WIDTH = 1e-3  # ... narrower than this leaves the box unresolved (a singular set)
MAX_ROUNDS = 400  # bisection rounds per batch


@dataclass
class Batch:
    """Supports of one shape: the same mixing players with the same support sizes.

    ``eq[i]``: (P, k_i - 1, *opp) payoff differences V_i(s) - V_i(s_0) of mixing
    player i (empty dict entry for pure players); ``out[i]``: (P, o_i, *opp)
    differences for i's strategies outside its support.  ``opp`` are the support
    sizes of the mixing players other than i, in player order.  Payoffs are
    scaled per player to [-1, 1].
    """

    mixing: tuple[int, ...]
    sizes: tuple[int, ...]  # support size of each mixing player
    eq: dict[int, np.ndarray]
    out: dict[int, np.ndarray]
    players: tuple[int, ...]  # every player (for ``out``)
    offsets: tuple[int, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.offsets = tuple(np.concatenate([[0], np.cumsum(self.sizes)]).astype(int))

    @property
    def n(self) -> int:
        return int(sum(self.sizes)) - len(self.sizes)

    def block(self, j: int) -> slice:
        """Player j's free coordinates (its support but the first strategy)."""
        k = self.mixing.index(j)
        return slice(self.offsets[k] - k, self.offsets[k + 1] - k - 1)

    def full(self, x: np.ndarray, j: int) -> np.ndarray:
        """Player j's whole support vector from the free coordinates."""
        y = x[self.block(j)]
        return np.concatenate([[1.0 - y.sum()], y])


@dataclass(frozen=True)
class Roots:
    """Certified boxes (one root each) and unresolved boxes, with their support index."""

    certified: list[tuple[int, np.ndarray, np.ndarray]]  # (support, lo, hi)
    unresolved: list[tuple[int, np.ndarray, np.ndarray]]
    boxes: int  # boxes processed


def _contract(c, r, vecs_c, vecs_r):
    """Midpoint-radius contraction of (B, X, d_1, ..., d_m) with m interval vectors,
    from the last axis; returns (B, X) centres and radii."""
    for vc, vr in zip(reversed(vecs_c), reversed(vecs_r), strict=True):
        shape = c.shape[:-1]
        c2 = c.reshape(c.shape[0], -1, c.shape[-1])
        r2 = r.reshape(c2.shape)
        new_c = c2 @ vc[:, :, None]
        new_r = np.abs(c2) @ vr[:, :, None] + r2 @ (np.abs(vc) + vr)[:, :, None]
        c, r = new_c.reshape(shape), new_r.reshape(shape)
    return c, r


def _vectors(batch: Batch, lo: np.ndarray, hi: np.ndarray, skip: tuple[int, ...]):
    """Centre and radius of each mixing player's vector, except the players in ``skip``."""
    cs, rs = [], []
    for j in batch.mixing:
        if j in skip:
            continue
        b = batch.block(j)
        c = (lo[:, b] + hi[:, b]) / 2
        r = (hi[:, b] - lo[:, b]) / 2
        cs.append(np.hstack([1.0 - c.sum(axis=1, keepdims=True), c]))
        rs.append(np.hstack([r.sum(axis=1, keepdims=True), r]))
    return cs, rs


def _opponents(batch: Batch, i: int) -> tuple[int, ...]:
    return tuple(j for j in batch.mixing if j != i)


def _equations(batch: Batch, index: np.ndarray, lo, hi):
    """Interval values (centre, radius) of the N equations over the boxes."""
    bsz = lo.shape[0]
    cen = np.empty((bsz, batch.n))
    rad = np.empty((bsz, batch.n))
    row = 0
    for i in batch.mixing:
        cs, rs = _vectors(batch, lo, hi, (i,))
        t = batch.eq[i][index]
        c, r = _contract(t, np.zeros_like(t), cs, rs)
        k = c.shape[1]
        cen[:, row : row + k], rad[:, row : row + k] = c, r + MARGIN
        row += k
    return cen, rad


def _outside_better(batch: Batch, index: np.ndarray, lo, hi) -> np.ndarray:
    """Boxes where some strategy outside a support pays strictly more everywhere."""
    bad = np.zeros(lo.shape[0], dtype=bool)
    for i in batch.players:
        t = batch.out.get(i)
        if t is None or t.shape[1] == 0:
            continue
        cs, rs = _vectors(batch, lo, hi, (i,))
        tt = t[index]
        c, r = _contract(tt, np.zeros_like(tt), cs, rs)
        bad |= (c - r - MARGIN > 0).any(axis=1)
    return bad


def _jacobian(batch: Batch, index: np.ndarray, lo, hi):
    """Interval Jacobian (centre, radius), (B, N, N); a point Jacobian when lo == hi."""
    bsz = lo.shape[0]
    n = batch.n
    cen = np.zeros((bsz, n, n))
    rad = np.zeros((bsz, n, n))
    row = 0
    for i in batch.mixing:
        opp = _opponents(batch, i)
        t = batch.eq[i][index]  # (B, k_i - 1, *opp sizes)
        k = t.shape[1]
        for pos, j in enumerate(opp):
            moved = np.moveaxis(t, 2 + pos, 1)  # (B, k_j, k_i - 1, other opp...)
            cs, rs = _vectors(batch, lo, hi, (i, j))
            c, r = _contract(moved, np.zeros_like(moved), cs, rs)  # (B, k_j, k_i - 1)
            c, r = np.swapaxes(c, 1, 2), np.swapaxes(r, 1, 2)  # d/d sigma_j (full vector)
            b = batch.block(j)  # d/d y_j(s) = d/d sigma_j(s) - d/d sigma_j(s_0)
            cen[:, row : row + k, b] = c[:, :, 1:] - c[:, :, :1]
            rad[:, row : row + k, b] = r[:, :, 1:] + r[:, :, :1]
        row += k
    return cen, rad


def solve_batch(
    batch: Batch, supports: int, deadline: float | None = None, max_boxes: int = MAX_BOXES
) -> Roots:
    """Certified and unresolved boxes of every support in the batch (see the module)."""
    n = batch.n
    lo = np.full((supports, n), -DELTA)
    hi = np.full((supports, n), 1.0 + DELTA)
    index = np.arange(supports)
    certified: list = []
    unresolved: list = []
    processed = 0
    eye = np.eye(n)
    for _ in range(MAX_ROUNDS):
        if len(index) == 0:
            break
        if deadline is not None and time.monotonic() > deadline:
            raise TimeLimitExceeded("enumerate: the time limit was reached")
        processed += len(index)
        lo, hi = _propagate_sums(batch, lo, hi)
        keep = (lo <= hi).all(axis=1)
        if not keep.any():
            index = index[:0]
            break
        ec, er = _equations(batch, index[keep], lo[keep], hi[keep])
        k2 = (np.abs(ec) <= er).all(axis=1)
        keep[np.flatnonzero(keep)[~k2]] = False
        if keep.any():
            sub = np.flatnonzero(keep)
            keep[sub[_outside_better(batch, index[sub], lo[sub], hi[sub])]] = False
        lo, hi, index = lo[keep], hi[keep], index[keep]
        if len(index) == 0:
            break
        # Krawczyk operator on the box inflated a little (epsilon-inflation, Rump 1983),
        # so that a root on a face shared by two boxes is interior to one of them
        grow = INFLATE * (hi - lo) + 4 * MARGIN
        lo, hi = lo - grow, hi + grow
        mid = (lo + hi) / 2
        rad = (hi - lo) / 2
        fm, fr = _equations(batch, index, mid, mid)
        jm, _ = _jacobian(batch, index, mid, mid)
        y = np.linalg.pinv(jm)
        sv = np.linalg.svd(jm, compute_uv=False)
        singular = (sv[:, -1] <= SINGULAR * sv[:, 0]) & ((hi - lo).max(axis=1) < SINGULAR_WIDTH)
        jc, jr = _jacobian(batch, index, lo, hi)
        cc = eye - y @ jc
        cr = np.abs(y) @ jr
        kc = mid - (y @ fm[:, :, None])[:, :, 0]
        kr = ((np.abs(cc) + cr) @ rad[:, :, None])[:, :, 0] + (np.abs(y) @ fr[:, :, None])[:, :, 0]
        klo, khi = kc - kr, kc + kr
        disjoint = ((klo > hi) | (khi < lo)).any(axis=1)
        inside = ((klo > lo) & (khi < hi)).all(axis=1) & ~disjoint
        for b in np.flatnonzero(inside):
            certified.append((int(index[b]), klo[b].copy(), khi[b].copy()))
        for b in np.flatnonzero(singular & ~disjoint & ~inside):
            unresolved.append((int(index[b]), lo[b].copy(), hi[b].copy()))
        live = ~disjoint & ~inside & ~singular
        nlo = np.maximum(lo, np.where(np.isfinite(klo), klo, lo))[live]
        nhi = np.minimum(hi, np.where(np.isfinite(khi), khi, hi))[live]
        olo, ohi, index = lo[live], hi[live], index[live]
        shrunk = (nhi - nlo).max(axis=1) < 0.7 * (ohi - olo).max(axis=1)
        lo, hi = nlo, nhi
        width = (hi - lo).max(axis=1)
        small = width < MIN_WIDTH
        counts = np.bincount(index, minlength=supports)
        crowded = counts[index] > max_boxes
        stop = small | crowded
        for b in np.flatnonzero(stop):
            unresolved.append((int(index[b]), lo[b].copy(), hi[b].copy()))
        go = ~stop
        lo, hi, index, shrunk = lo[go], hi[go], index[go], shrunk[go]
        # bisect the boxes Krawczyk did not shrink much, along their widest side
        split = ~shrunk
        if split.any():
            axis = np.argmax(hi[split] - lo[split], axis=1)
            rows = np.flatnonzero(split)
            middle = lo[rows, axis] + SPLIT * (hi[rows, axis] - lo[rows, axis])
            lo2, hi2 = lo[rows].copy(), hi[rows].copy()
            hi[rows, axis] = middle
            lo2[np.arange(len(rows)), axis] = middle
            lo = np.vstack([lo, lo2])
            hi = np.vstack([hi, hi2])
            index = np.concatenate([index, index[rows]])
    else:
        for b in range(len(index)):
            unresolved.append((int(index[b]), lo[b].copy(), hi[b].copy()))
    return Roots(certified, unresolved, processed)


def _propagate_sums(batch: Batch, lo, hi):
    """Tighten each coordinate with its player's sum: sigma_j(s_0) = 1 - sum y_j >= -delta."""
    lo, hi = lo.copy(), hi.copy()
    for j in batch.mixing:
        b = batch.block(j)
        slo = lo[:, b]
        tot_lo = slo.sum(axis=1, keepdims=True)
        hi[:, b] = np.minimum(hi[:, b], 1.0 + DELTA - (tot_lo - slo))
    return lo, hi


def newton(batch: Batch, support: int, x: np.ndarray, steps: int = 8) -> np.ndarray:
    """Newton's method on one support's system from ``x`` (a float polish)."""
    index = np.array([support])
    for _ in range(steps):
        f, _ = _equations(batch, index, x[None], x[None])
        j, _ = _jacobian(batch, index, x[None], x[None])
        try:
            step = np.linalg.solve(j[0], f[0])
        except np.linalg.LinAlgError:
            break
        x = x - step
        if np.abs(step).max() < 1e-17:
            break
    return x


def interior(batch: Batch, lo: np.ndarray, hi: np.ndarray) -> bool:
    """Whether every support probability is positive throughout the box."""
    for j in batch.mixing:
        b = batch.block(j)
        if (lo[b] <= 0).any() or hi[b].sum() >= 1.0:
            return False
    return True


def certify_point(batch: Batch, support: int, x: np.ndarray, radius: float = 1e-10):
    """Whether a box of ``radius`` around ``x`` is certified to hold a root at which
    every support probability is positive and every outside strategy pays strictly
    less (an equilibrium, proved in interval arithmetic); None if undecided."""
    index = np.array([support])
    lo, hi = (x - radius)[None], (x + radius)[None]
    mid = x[None]
    fm, fr = _equations(batch, index, mid, mid)
    jm, _ = _jacobian(batch, index, mid, mid)
    try:
        y = np.linalg.inv(jm)
    except np.linalg.LinAlgError:
        return None
    jc, jr = _jacobian(batch, index, lo, hi)
    cc = np.eye(batch.n) - y @ jc
    cr = np.abs(y) @ jr
    kc = mid - (y @ fm[:, :, None])[:, :, 0]
    kr = ((np.abs(cc) + cr) @ np.full((1, batch.n, 1), radius))[:, :, 0]
    kr = kr + (np.abs(y) @ fr[:, :, None])[:, :, 0]
    if not ((kc - kr > lo) & (kc + kr < hi)).all():
        return None
    for j in batch.mixing:
        y = x[batch.block(j)]
        low = np.concatenate([[1.0 - (y + radius).sum()], y - radius])
        high = np.concatenate([[1.0 - (y - radius).sum()], y + radius])
        if (high < 0).any():
            return False
        if (low <= 0).any():
            return None
    worse = True
    for i in batch.players:
        t = batch.out.get(i)
        if t is None or t.shape[1] == 0:
            continue
        cs, rs = _vectors(batch, lo, hi, (i,))
        c, r = _contract(t[index], np.zeros_like(t[index]), cs, rs)
        if (c - r - MARGIN > 0).any():
            return False
        worse &= bool((c + r + MARGIN < 0).all())
    return True if worse else None
