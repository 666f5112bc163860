"""Left or right of each lower-back contact: the trunk's yaw rate and sideways sway, decoded along each bout.

* **Yaw rate** (McCamley et al. 2012, Gait Posture 36:316, doi:10.1016/j.gaitpost.2012.02.019): the trunk turns
  with the leg that swings forward, once per stride; the rate's sign at a contact tells its side. Band-passed
  around the walk's stride frequency (:func:`side_cues`) and read where it swings hardest
  (:func:`_side_evidence`).
* **Sideways sway** toward the coming stance foot (MacKinnon & Winter 1993, J Biomech 26:633-644): a cue that a
  turn does not blur and that a pelvis which hardly rotates still gives (:func:`_sway_weights`).
* Both, each in its standard deviations, decoded along each bout with a two-state hidden Markov model: feet
  alternate, with rare phase slips (:func:`_phase_path`).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import signal

from . import ragged
from .filters import butter_sos
from .pelvis import FORWARD_MIN_T, forward_sign

__all__ = ["contact_sides", "side_cues"]

#: Where the trunk's yaw rate tells a contact's side, from the heel strike [strides]: the centre of the span searched
#: (:func:`_side_evidence`). The yaw rate swings hardest (its extreme, whose sign is the side, McCamley et al. 2012)
#: at a time that differs from person to person: on the real lower-back recordings of three people (HA001, HA002
#: and MS001 of mobgap's example data, straight walks, against both references' contacts) at 0.00, -0.17 and
#: -0.09 stride; the search centres on their middle.
_SIDE_LAG_STRIDES = -1.0 / 12.0
#: How far either side of :data:`_SIDE_LAG_STRIDES` the yaw rate's extreme is sought [strides] (design choice). A
#: read less than a quarter stride from the extreme has the extreme's sign (the rate swings once per stride); an
#: extreme outside the span is read at its nearer edge. On the simulator, its extreme moved from -0.35 to +0.30
#: stride (``WalkSpec.rotation_swing_strides``; 40 randomised walks each, half of them slow): sides right in all
#: but one or two walks from -0.30 to +0.10; at +0.15 five walks, at -0.35 nearly all, read them the wrong way
#: round. (An eighth: right to +0.05. The fixed read of before, a sixteenth of a stride after the contact: right
#: from -0.15 to +0.20, wrong at -0.20, where the real HA002 walks.)
_SIDE_SEARCH_STRIDES = 3.0 / 16.0
#: Where the sideways sway tells a contact's side, from the yaw rate's read [strides] (:func:`_side_evidence`). Over
#: each single stance the centre of mass passes inside the supporting foot and accelerates toward the next one
#: (MacKinnon & Winter 1993, J Biomech 26:633-644, PMID 8514809): the sideways acceleration toward a foot peaks
#: before its heel strike, a quarter stride before in a sinusoidal sway (the simulator's), so a sixth of a stride
#: before the yaw rate's extreme at -1/12. On the real recordings of the three people (both references' contacts,
#: straight walks and daily life) it peaks 0.13-0.19 stride before their yaw rate's extreme; read at
#: -0.13..-0.22 the side accuracies below hold within one contact.
_SWAY_LAG_STRIDES = -1.0 / 6.0


def side_cues(yaw: np.ndarray, a_ml: np.ndarray, f_step: float, fs: float) -> tuple[np.ndarray, np.ndarray]:
    """The yaw rate and the sideways sway, band-passed over the octave around the walk's stride frequency.

    Parameters
    ----------
    yaw
        Rate of turn about the vertical [deg/s].
    a_ml
        Sideways acceleration in the horizontal [m/s²] (:func:`~gaitcoach.gait.pelvis.pelvis_rates`).
    f_step, fs
        The walk's step frequency and the sampling rate [Hz].

    Returns
    -------
    yaw_f, sway_f
        Both band-passed at 0.7-1.4 times the stride frequency. The trunk turns with the leg that swings forward,
        once per stride (McCamley 2012's fixed 0.5-2 Hz also passed the slower turns of daily life: real HA001
        Test11 side accuracy 0.950 / 0.963 -> 0.967 / 0.981, randomised simulated walks with short bouts and turns
        4 of 180 under 0.9 -> none).
    """
    f_stride = f_step / 2.0
    bp = butter_sos(4, (0.7 * f_stride, min(1.4 * f_stride, 0.45 * fs)), fs, "bandpass")
    return signal.sosfiltfilt(bp, yaw), signal.sosfiltfilt(bp, a_ml)


def contact_sides(
    yaw_f: np.ndarray,
    sway_f: np.ndarray,
    a_ap: np.ndarray,
    ic: np.ndarray,
    first: np.ndarray,
    counts: np.ndarray,
    f_step: float,
    fs: float,
    forward: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Left or right of every contact, which way is forward per contact, and how sure each side is.

    Parameters
    ----------
    yaw_f, sway_f
        The band-passed cues (:func:`side_cues`).
    a_ap
        Antero-posterior acceleration [m/s²] (its braking at the heel strikes tells forward).
    ic
        Contacts [sample indices], bout after bout.
    first, counts
        Each bout's first contact (index into ``ic``) and number of contacts.
    f_step, fs
        Step frequency and sampling rate [Hz].
    forward
        The recording's forward from its braking (+1 / -1 of the antero-posterior axis, 0 unknown).

    Returns
    -------
    side, forward, confidence
        ``"left"`` / ``"right"`` per contact; forward per contact: its bout's own where the bout tells it (the
        phone may have been clipped on the other way round since another bout), else the recording's (from its
        braking, else from the two cues' agreement, :func:`_forward_from_cues`), 0 where unknown; the model's
        probability of each contact's side (0.5-1, :func:`_phase_posterior`).
    """
    pos = np.arange(len(ic)) - np.repeat(first, counts)  # position of each contact in its bout
    steady = (pos > 0) & (pos < np.repeat(counts, counts) - 1)
    # each cue in its standard deviations over the walking (a day's sitting and standing weigh neither)
    walking, _ = ragged.flat_index(ic[first], ic[first + counts - 1] + 1)
    yaw_f, sway_f = (x / max(float(np.std(x[walking])), 1e-9) for x in (yaw_f, sway_f))
    yaw_ic, yaw_lag = _side_evidence(yaw_f, ic, first, pos, f_step, fs)
    weight = _sway_weights(sway_f, a_ap, ic, first, counts, steady, yaw_ic, yaw_lag, f_step, fs, forward)
    evidence, _ = _side_evidence(yaw_f, ic, first, pos, f_step, fs, sway_f, weight)
    if not forward:  # the braking did not tell forward: the two cues' agreement over the recording may
        forward = _forward_from_cues(sway_f, ic, yaw_lag, yaw_ic, f_step, fs)
    # a bout that tells its own forward (its sway's direction is minus it) keeps it
    per_contact = np.where(weight != 0, -weight, forward)
    phase_evidence = -evidence * np.where(pos % 2 == 0, 1.0, -1.0)
    even_left = _phase_path(phase_evidence, pos)
    p_even_left = _phase_posterior(phase_evidence, pos)
    confidence = np.where(even_left, p_even_left, 1.0 - p_even_left)
    return np.where((pos % 2 == 0) == even_left, "left", "right").astype(object), per_contact, confidence


def _side_evidence(
    yaw_f: np.ndarray,
    ic: np.ndarray,
    first: np.ndarray,
    pos: np.ndarray,
    f_step: float,
    fs: float,
    sway_f: np.ndarray | None = None,
    sway_weight: np.ndarray | None = None,
) -> tuple[np.ndarray, int]:
    """The band-passed yaw rate at each contact (in its standard deviations), read where it swings hardest.

    The rate's sign at a contact tells its side (McCamley et al. 2012), clearest at the rate's extreme. When that
    comes differs from person to person (:data:`_SIDE_LAG_STRIDES`), so the read is placed, for the whole recording,
    at the delay from the contacts within :data:`_SIDE_SEARCH_STRIDES` of the centre where the rate's alternation
    from one contact to the next is strongest: the sum over the bouts of the squared mean of the rate signed by
    each contact's parity (a bout's phase, unknown yet, drops out of the square). On the three real people's
    recordings of the development data, side accuracy against INDIP / Stereophoto: daily life (Test11) HA001
    0.967 / 1.000 -> 0.983 / 1.000, HA002 0.727 / 0.667 -> 0.788 / 0.833, MS001 0.896 / 0.878 -> 0.935 / 0.927
    (read a sixteenth of a stride after each contact before); straight walks 1.00 (were 1.00, but HA002's two
    walks, one of them without a reference, read opposite sides, and so a pelvic drop as a rise, from one to the
    other). With ``sway_f`` (the sideways sway) and ``sway_weight`` (per contact, the factor that turns it into the
    yaw rate's sign convention, 0 where unknown: :func:`_sway_weights`), the cue is the sum of both, the sway read
    :data:`_SWAY_LAG_STRIDES` before the rate, at the one delay where the sum alternates most. Returns the cue at
    each contact and the delay it was read at [samples].
    """
    if len(ic) == 0:
        return np.zeros(0), 0
    stride_n = 2.0 * fs / max(f_step, 1e-9)
    lo = int(round((_SIDE_LAG_STRIDES - _SIDE_SEARCH_STRIDES) * stride_n))
    hi = int(round((_SIDE_LAG_STRIDES + _SIDE_SEARCH_STRIDES) * stride_n))
    lags = np.arange(lo, hi + 1)
    # contacts x delays (an hour's piece of a recording at a time: a few thousand contacts, a few dozen delays)
    at = np.clip(ic[:, None] + lags[None, :], 0, len(yaw_f) - 1)
    cue = yaw_f[at]
    if sway_f is not None and sway_weight is not None:  # the sway, read a sixth of a stride earlier
        sway = sway_f[np.clip(at + int(round(_SWAY_LAG_STRIDES * stride_n)), 0, len(sway_f) - 1)]
        cue = cue + sway_weight[:, None] * sway
    rate = cue * np.where(pos % 2 == 0, 1.0, -1.0)[:, None]
    swing = (np.add.reduceat(rate, first, axis=0) ** 2).sum(axis=0)
    best = int(np.argmax(swing))
    return cue[:, best], int(lags[best])


def _sway_at(sway_f: np.ndarray, ic: np.ndarray, yaw_lag: int, f_step: float, fs: float) -> np.ndarray:
    """The sway at each contact, read :data:`_SWAY_LAG_STRIDES` after the yaw rate's read (``yaw_lag`` samples)."""
    lag = yaw_lag + int(round(_SWAY_LAG_STRIDES * 2.0 * fs / max(f_step, 1e-9)))
    return sway_f[np.clip(ic + lag, 0, len(sway_f) - 1)]


def _agreement(a: np.ndarray, b: np.ndarray, first: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per run of values (``first``, ``counts``): the correlation of ``a`` and ``b``, and its t statistic."""
    n = counts.astype(float)
    da = a - np.repeat(np.add.reduceat(a, first) / n, counts)
    db = b - np.repeat(np.add.reduceat(b, first) / n, counts)
    sab, saa, sbb = (np.add.reduceat(x, first) for x in (da * db, da * da, db * db))
    r = sab / np.sqrt(np.maximum(saa * sbb, 1e-12))
    return r, np.abs(r) * np.sqrt(np.maximum(n - 2.0, 0.0) / np.maximum(1.0 - r * r, 1e-9))


def _sway_weights(
    sway_f: np.ndarray,
    a_ap: np.ndarray,
    ic: np.ndarray,
    first: np.ndarray,
    counts: np.ndarray,
    steady: np.ndarray,
    yaw_ic: np.ndarray,
    yaw_lag: int,
    f_step: float,
    fs: float,
    recording_forward: float = 0.0,
) -> np.ndarray:
    """Per contact, the factor that turns the band-passed sideways sway into the yaw rate's sign convention.

    ``sway_f`` points left where the antero-posterior axis points forward, so where a bout's own braking at its
    steady heel strikes (``steady``; :func:`~gaitcoach.gait.pelvis.forward_sign`) tells which way that axis points,
    the factor is minus that sign. Where it does not stand out: the sign of the sway's agreement with the yaw rate
    over the bout's contacts, where clear (their correlation's t statistic at least
    :data:`~gaitcoach.gait.pelvis.FORWARD_MIN_T`); else minus the whole recording's forward
    (``recording_forward``); else 0, and the bout's sides rest on the yaw rate alone. Bout by bout because a phone
    may be clipped on again the other way round during a day: with one direction for a whole recording, the real
    daily-life recordings turned round half-way read HA001's sides 0.75 / 0.78 and MS001's 0.60 / 0.59; bout by
    bout within one contact of unturned ones (a quarter turn about the vertical, which leaves the sway nothing to read:
    HA001 0.950 / 0.964 and MS001 0.922 / 0.915, against 0.983 / 1.000 and 0.935 / 0.927 from the yaw rate alone).
    The recording's forward for the bouts that tell nothing themselves: HA001's unturned daily life 0.967 -> 0.983
    against INDIP (without it, one 4-contact bout rested on the yaw rate alone).

    Why the sway: the yaw rate alone blurs in turns, where the turning passes the stride band too; the sway does
    not turn with the walk, and it does not vanish where the pelvis hardly rotates. Summed with the yaw rate, each
    in its own standard deviations, side accuracy against INDIP / Stereophoto on the three real people's daily-life
    recordings (``benchmarks/bench_lumbar.py --data``): HA001 0.983 / 1.000 (unchanged), HA002 0.788 / 0.833
    -> 0.939 / 0.833, MS001 0.935 / 0.927 -> 0.948 / 0.939; straight walks 1.00 (unchanged). On the simulator, a
    12-stride walk whose pelvis does not rotate, straight or with a 150 deg turn: sides right throughout (were
    0.00-0.12). The sway is taken in the gyroscope-aided horizontal: in the sensor's own, the pelvis' obliquity
    tilts gravity into it, against the sway's direction. On the real walks (90-110 steps/min) that read the same,
    but on simulated walks at 60-80 steps/min the tilt outweighed the sway and every side came out the wrong way
    round, so an accelerometer alone still claims no side.
    """
    forward = np.array([forward_sign(a_ap, ic[b0 : b0 + n][steady[b0 : b0 + n]], 1.0 / f_step, fs)
                        for b0, n in zip(first, counts)])  # a loop over bouts  # fmt: skip
    r, t_stat = _agreement(yaw_ic, _sway_at(sway_f, ic, yaw_lag, f_step, fs), first, counts)
    agree = np.where(t_stat >= FORWARD_MIN_T, np.sign(r), -recording_forward)
    return np.repeat(np.where(forward != 0, -forward, agree), counts)


def _forward_from_cues(
    sway_f: np.ndarray, ic: np.ndarray, yaw_lag: int, yaw_ic: np.ndarray, f_step: float, fs: float
) -> float:
    """Forward (+1 / -1 of the antero-posterior axis, 0 unknown) from how the sway agrees with the yaw rate.

    For a recording whose braking does not tell forward (:func:`~gaitcoach.gait.pelvis.forward_sign`): minus the
    sign of the two cues' correlation over all its contacts, where its t statistic reaches
    :data:`~gaitcoach.gait.pelvis.FORWARD_MIN_T` (see :func:`_sway_weights`). Where forward was known, the two ways
    always gave the same direction on the real recordings of the development data (8 of 8; correlations
    0.81-0.99 in size).
    """
    whole = np.zeros(1, np.int64), np.array([len(ic)])
    r, t_stat = _agreement(yaw_ic, _sway_at(sway_f, ic, yaw_lag, f_step, fs), *whole)
    return -float(np.sign(r[0])) if len(ic) > 2 and t_stat[0] >= FORWARD_MIN_T else 0.0


def _phase_path(evidence: np.ndarray, pos: np.ndarray, switch_p: float = 0.05, gain: float = 2.0) -> np.ndarray:
    """Most likely stepping phase of every contact: True where the bout's even-numbered contacts are left.

    Feet alternate, so the side of every contact follows from one phase per run of steps; the phase can slip
    where a contact is missed or a foot steps twice (turns, shuffles). A two-state hidden Markov model
    (Viterbi decoding; Rabiner 1989, doi:10.1109/5.18626) weighs each contact's evidence, ``evidence`` =
    yaw-rate sign x size in SDs, positive for the "even = left" phase (McCamley et al. 2012's cue), against a
    phase slip of probability ``switch_p`` (design choice). Measured on the real daily-life recording (HA001
    Test11, ``benchmarks/bench_lumbar.py``): side accuracy 0.82 / 0.86 with one phase per bout (majority vote),
    0.87 / 0.87 contact by contact, 0.95 / 0.95 with this model; 0.92-0.98 for slip probabilities 0.01-0.2 (with
    the yaw rate band-passed at 0.5-2 Hz; 0.967 / 0.981 around the stride frequency; 0.967 / 1.00 read a
    sixteenth of a stride after the contact).
    """
    # log-likelihood of "even = left" minus that of the other phase (logistic in the evidence): gain x evidence
    delta = (gain * np.asarray(evidence, dtype=float)).tolist()
    c = float(np.log1p(-switch_p) - np.log(switch_p))  # staying is this much likelier than slipping
    starts = (np.asarray(pos) == 0).tolist()
    n = len(delta)
    # Viterbi on the score difference d = score(True) - score(False): staying wins unless |d| > c, so the
    # recursion is d <- clip(d, -c, c) + delta (a loop over contacts, i.e. steps, not samples)
    from_other_true, from_other_false, best_true = [False] * n, [False] * n, [False] * n
    d = 0.0
    for i in range(n):
        if starts[i]:
            d = delta[i]
        else:
            from_other_true[i] = d < -c  # the best path into True came from False
            from_other_false[i] = d > c
            d = min(max(d, -c), c) + delta[i]
        best_true[i] = d > 0
    out = np.zeros(n, bool)
    state = False
    for i in range(n - 1, -1, -1):  # backward pass
        if i == n - 1 or starts[i + 1]:  # last contact of a bout: start from its best state
            state = best_true[i]
        out[i] = state
        if not starts[i] and (from_other_true[i] if state else from_other_false[i]):
            state = not state
    return out


def _phase_posterior(evidence: np.ndarray, pos: np.ndarray, switch_p: float = 0.05, gain: float = 2.0) -> np.ndarray:
    """Probability of the "even = left" phase at every contact, under :func:`_phase_path`'s model.

    The same two-state hidden Markov model, decoded by the forward-backward algorithm (Rabiner 1989,
    doi:10.1109/5.18626): each contact's evidence is the log-odds ``gain`` x ``evidence`` of the phase, a slip
    between contacts has probability ``switch_p``, each bout starts even. Where Viterbi's path
    (:func:`_phase_path`) is the most likely sequence of sides, this is how sure each contact's own side is: the
    model's, not a calibrated probability. On the nine real lower-back recordings of three people (``bench_lumbar.py
    --data``, contacts matched to both references): of the sides read at 0.9 or more, 369 of 374 were right; under
    0.9, 10 of 18 (the turns and shuffles of daily life).
    """
    # log p(evidence | phase), up to a constant: the logistic of the log-odds either way
    e = gain * np.asarray(evidence, dtype=float)
    lt, lf = (-np.logaddexp(0.0, -e)).tolist(), (-np.logaddexp(0.0, e)).tolist()
    stay, slip = math.log1p(-switch_p), math.log(switch_p)
    starts = (np.asarray(pos) == 0).tolist()
    n = len(lt)

    # log(exp(a) + exp(b)) written out as max(a, b) + log1p(exp(-|a - b|)), on floats: the loops run once per
    # contact, and a call per sum had been a third of their time
    log1p, exp, half = math.log1p, math.exp, math.log(0.5)
    ft, ff = [0.0] * n, [0.0] * n  # forward: log p(evidence so far, phase)
    for i in range(n):  # a loop over contacts (steps), not samples
        if starts[i]:
            pt = pf = half
        else:
            a, b, c, d = ft[i - 1] + stay, ff[i - 1] + slip, ff[i - 1] + stay, ft[i - 1] + slip
            pt = (b if b > a else a) + log1p(exp(-abs(a - b)))
            pf = (d if d > c else c) + log1p(exp(-abs(c - d)))
        ft[i], ff[i] = pt + lt[i], pf + lf[i]
    bt, bf = [0.0] * n, [0.0] * n  # backward: log p(evidence after | phase); a bout's last contact starts at 0
    for i in range(n - 2, -1, -1):
        if starts[i + 1]:
            continue
        u, v = bt[i + 1] + lt[i + 1], bf[i + 1] + lf[i + 1]
        a, b, c, d = u + stay, v + slip, v + stay, u + slip
        bt[i] = (b if b > a else a) + log1p(exp(-abs(a - b)))
        bf[i] = (d if d > c else c) + log1p(exp(-abs(c - d)))
    post_t, post_f = np.add(ft, bt), np.add(ff, bf)
    return 1.0 / (1.0 + np.exp(post_f - post_t))
