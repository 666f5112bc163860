"""Gait from a sensor at the lower back (a phone clipped to the belt): contacts, sides, timing and stride length.

Clean-room implementations of the methods summarised in the project's research notes:

* **Vertical axis** from gravity, sample by sample (the accelerometer low-passed at 0.25 Hz), so any clip
  position works; the vertical acceleration is the acceleration along it minus gravity (tilt correction after
  Moe-Nilssen 1998, doi:10.1016/S0268-0033(97)00072-6).
* **Initial and final contacts** after McCamley et al. 2012 (Gait Posture 36:316,
  doi:10.1016/j.gaitpost.2012.02.019): the integrated vertical acceleration is smoothed and differentiated with a
  Gaussian-derivative (gaus1) wavelet — contacts are the minima — and differentiated again — final contacts are the
  maxima. The wavelet's frequency follows the step frequency as in Caramia et al. 2019 (Sensors 19:1869,
  doi:10.3390/s19081869): about 1.3 Hz at 110 steps/min; the recording's dominant one for the initial contacts
  (which stand out of the signal's spread over the 10 s around them), then each walking bout's own for its final
  contacts (:func:`_bout_final_contacts`), each timed at the trough before the push-off bump
  (:func:`_toe_off_trough`). Each initial contact is then moved back from the wavelet's peak (mid
  double support) to the onset of loading, the half-way point of the vertical acceleration's steepest rise before
  it (:func:`_loading_onset`); a contact without a collision (the vertical acceleration rising less than
  ``LumbarConfig.min_collision_mps2`` around it) is dropped, and so is a bout's first contact whose collision is
  far weaker than its steps' (a weight shift before the first step, ``LumbarConfig.edge_collision_ratio``).
* **Left or right** from the trunk's yaw rate and sideways sway at each contact, decoded along each bout
  (:mod:`gaitcoach.gait.lumbar_sides`).
* **Stride length** with the inverted pendulum of Zijlstra & Hof 2003 (Gait Posture 18:1,
  doi:10.1016/S0966-6362(02)00190-X): vertical displacement per step ``h`` from the double-integrated vertical
  acceleration, band-passed over the half octave around each bout's step frequency (:func:`_bout_displacement`); step =
  K 2 sqrt(2 l h - h^2), ``l`` the sensor height, K = 4.587 / 4 = 1.147 (mobgap's SlZijlstra default, trained on
  Mobilise-D data; Zijlstra & Hof's own 1.25 overestimated the project's real lower-back strides: stride length
  MAE 0.25 m with 1.25, 0.15 m with 1.147, ``benchmarks/bench_lumbar.py``).
* **A sensor off the middle of the back** (a phone clipped over a hip) rides the pelvis' obliquity on its lever:
  where that explains its vertical motion at the stride frequency, the lever's part is taken away before the
  pendulum and the toe-offs (:func:`~gaitcoach.gait.pelvis.centre_vertical`).
* **Pelvis** per stride (:mod:`gaitcoach.gait.pelvis`): rotation range, tilt excursion, obliquity range and how
  far each side drops below level as it swings, and rises above it (a hitched hip); forward, and so left, from the
  braking at the heel strikes. **Smoothness and regularity**: the harmonic ratio per stride and step/stride
  regularity per bout (:mod:`gaitcoach.gait.regularity`).
* **A run is not a walk**: the contacts of steps with a flight (the trunk in free fall between them,
  :mod:`gaitcoach.gait.running`) are left out before the bouts are formed; ``info["running_s"]`` says how long.
* **Long recordings** are analysed in hour-long pieces (:mod:`gaitcoach.gait.chunks`): bounded memory.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import signal

from ..model import ACC_COLUMNS, GYR_COLUMNS, Recording
from . import ragged
from .chunks import iter_chunks
from .filters import butter_sos, gaussian_filter1d
from .foot import STRIDE_COLUMNS, FootResult
from .gravity import gravity
from .lumbar_sides import contact_sides, side_cues
from .moving import moving_rms
from .pelvis import centre_vertical, forward_sign, pelvis_rates, stride_angles
from .regularity import harmonic_ratio, regularity
from .running import flagged_s, flight_marks, running_contacts, within_s
from .shaking import step_and_shake_bands, step_to_shake
from .spectra import welch_psd
from .support import SUPPORT_COLUMNS
from .vectors import rowdot, rownorm

__all__ = ["PELVIS_COLUMNS", "LumbarConfig", "analyze_lumbar"]

#: Extra stride columns of the lower-back analysis: pelvic rotation range, tilt excursion, obliquity range (the
#: frontal-plane tilt's excursion over the stride), how far each side drops below level while it swings and how far
#: it rises above it (a hitched hip, the "hike" of Perry & Burnfield 2010) [deg]; the stride's harmonic ratio
#: (vertical acceleration, Roche et al. 2013).
PELVIS_COLUMNS = ("rotation_range_deg", "tilt_excursion_deg", "obliquity_range_deg", "drop_left_deg",
                  "drop_right_deg", "rise_left_deg", "rise_right_deg", "harmonic_ratio")  # fmt: skip


@dataclass(frozen=True)
class LumbarConfig:
    """Parameters (seconds and hertz).

    Attributes
    ----------
    gravity_lowpass_hz
        Low-pass that separates gravity (orientation) from motion (design choice).
    step_time_min_s, step_time_max_s
        Plausible step durations (design choice: 33-240 steps/min).
    bout_gap_s
        Contacts further apart than this start a new walking bout (design choice).
    min_bout_steps
        Shortest bout kept (the issue's "3 or more steps").
    edge_step_ratio
        A bout's first or last contact whose step lasts over this many times its neighbour step is a weight
        shift, not a step (design choice: far beyond the few percent step-time variability of walking,
        Hollman et al. 2011, doi:10.1016/j.gaitpost.2011.03.024; see :func:`_bouts`).
    edge_collision_ratio
        A bout's first contact whose collision (the vertical acceleration's rise, as for ``min_collision_mps2``)
        reaches under this fraction of the bout's median contact's is a weight shift, not a heel strike: before the
        first step the trunk is moved over the stance foot (the anticipatory postural adjustment of gait
        initiation, Crenna & Frigo 1991, doi:10.1113/jphysiol.1991.sp018616), with no leg landing on the ground.
        Design choice, between the real and the simulated first steps: on the nine real lower-back recordings the
        first contacts that neither reference lists, where both begin the bout a step later, rise 0.13-0.37 of
        their bout's median, the first contacts they list 0.48 and more; the simulator's first heel strikes, which
        land softer than its steady ones, 0.31 and more (``bench_sweep.py``; its slow, careful walkers from 0.11,
        5 % under 0.23). At 0.25 the three clearest real weight shifts go (toe-off F1 on real HA001 daily life
        0.885 / 0.845 -> 0.902 / 0.863 against INDIP / Stereophoto, the straight walk's Trial 2 0.875 -> 0.933;
        no other real figure moves). The simulated walks of ``bench_sweep.py`` keep all 846 heel strikes; its slow
        walks lose 3 first ones of 942, and 3 false contacts go.
    pendulum_k
        Correction factor of the inverted-pendulum step length (mobgap SlZijlstra's 4.587 / 4, trained on
        Mobilise-D data; Zijlstra & Hof 2003 used 1.25).
    sensor_height_ratio
        Sensor height as a fraction of body height when only the height is known (skdh's 0.53, after the
        anthropometry of leg length).
    straight_max_turn_deg
        A stride over which the trunk turns more than this is a turn, not straight walking (the foot analysis'
        design choice, :class:`gaitcoach.gait.foot.FootConfig`).
    min_collision_mps2
        A contact's vertical acceleration must rise by at least this from the 150 ms before it to the 150 ms after
        (the collision; design choice: the weakest real contacts of HA001 rise 0.8-1.0 m/s², simulated walks at
        0.21 m/s 0.11 and more; a seated person's fidgets on the simulator 0.01-0.04, which had made contacts).
    prominence_window_s
        A contact's wavelet peak must stand out by half the signal's root mean square over this window around it
        (design choice: a few strides; McCamley 2012 and Caramia 2019 analyse one walking bout at a time. Half the
        spread of a whole recording had dropped every step of a 70 steps/min walk after 10 minutes at 125 steps/min
        on the simulator; a 10 s window keeps all, 20 s 93 %, 40 s 67 %; real HA001 unchanged).
    min_prominence_mps2
        And by at least this much, as smoothed vertical acceleration [m/s²] (design choice, on the simulator: a
        car's road vibration leaves ripples under 0.03 m/s² that the moving spread alone let through, 26 false
        contacts in 5 rides; the steps of the slowest walks, 55 steps/min with 0.5 m strides, stand out by 0.06
        and more, real HA001's by 0.22 and more in 95 %).
    min_step_to_shake
        A bout's acceleration in the band of steps must reach this multiple of the faster shaking's
        (:mod:`gaitcoach.gait.shaking`; design choice: the bouts of the nine real lower-back recordings, daily life
        among them, 0.30 and more, simulated walks 2.8 and more; a simulated bicycle ride's road vibration had made
        bouts of 0.06-0.11, 600 "strides" in 5 min at 90 revolutions/min).
    """

    gravity_lowpass_hz: float = 0.25
    step_time_min_s: float = 0.25
    step_time_max_s: float = 1.8
    bout_gap_s: float = 2.0
    min_bout_steps: int = 3
    edge_step_ratio: float = 1.5
    edge_collision_ratio: float = 0.25
    pendulum_k: float = 4.587 / 4
    sensor_height_ratio: float = 0.53
    straight_max_turn_deg: float = 20.0
    min_collision_mps2: float = 0.1
    prominence_window_s: float = 10.0
    min_prominence_mps2: float = 0.03
    min_step_to_shake: float = 0.2


def _step_frequency(a_v: np.ndarray, fs: float) -> float:
    """Dominant step frequency [Hz] in 0.6-3 Hz of the vertical acceleration (Welch, :func:`.spectra.welch_psd`)."""
    nper = int(min(len(a_v), 8 * fs))
    f, p = welch_psd(a_v - a_v.mean(), fs, max(16, nper))
    band = (f >= 0.6) & (f <= 3.0)
    return float(f[band][np.argmax(p[band])]) if band.any() else 1.8


#: Caramia et al. 2019's wavelet scales (pywt gaus1 at 250 Hz, ``a f_step + b`` samples) for the initial and the
#: final contacts
_IC_SCALE, _FC_SCALE = (-10.0, 56.0), (-52.0, 131.0)


def _gaus1_sigma_s(f_step: float, scale_fn: tuple[float, float]) -> float:
    """Gaussian sigma [s] of the gaus1 filter of Caramia 2019's step-frequency-dependent scale.

    Caramia's scale (for pywt's gaus1 at 250 Hz) is ``a f_step + b`` samples; gaus1 is the derivative of
    ``exp(-t^2)``, a Gaussian of sigma ``scale / sqrt(2)`` samples.
    """
    a, b = scale_fn
    scale_250 = float(np.clip(a * f_step + b, 1.0, 90.0))
    # pywt's gaus1 is the derivative of exp(-t^2): a Gaussian of sigma = scale / sqrt(2) samples (at 250 Hz)
    return scale_250 / math.sqrt(2.0) / 250.0


#: Span either side of the loading rise's steepest sample in which its lowest and highest levels are sought [s]
#: (design choice: the real collision rises within about 60 ms, from the end of single support to its peak 30 ms
#: after the contact; 0.05-0.08 s gave the same real timing within 2 ms).
_HALF_RISE_S = 0.06


def _loading_onset(
    peaks: np.ndarray, smooth: np.ndarray, a_v: np.ndarray, f_step: float, fs: float
) -> tuple[np.ndarray, np.ndarray]:
    """Move each contact from the smoothed vertical-acceleration peak back to the loading rise before it.

    The wavelet's peak lies in the middle of double support, after the heel strike. By Newton's second law the
    trunk's vertical acceleration follows the vertical ground reaction force, which rises fastest right after
    initial contact, as the leading leg's collision loads it (Perry & Burnfield, *Gait Analysis*, 2nd ed. 2010;
    Kuo 2007, doi:10.1016/j.humov.2007.04.003): the rise is found at its steepest sample of the (20 Hz
    low-passed) vertical acceleration between the wavelet signal's upward zero crossing and its peak, and the
    contact is where the acceleration crosses halfway from its lowest, in the :data:`_HALF_RISE_S` before that
    sample, to its highest in the same span after it (a level crossing, between samples). Measured on the
    project's real lower-back recordings (``benchmarks/bench_lumbar.py``): timing bias +24..+58 ms at the peak,
    -5..+12 ms at the steepest rise, the same at the half rise (IC MAE within 2 ms either way). The half rise is
    steadier where the rise is gradual: a bout's first, softer step (real first contacts 0-8 ms earlier, towards
    the references) and slow walking, where the steepest sample jumped between stretches of a long rise
    (simulated worst errors at 70 steps/min 26 -> 10 ms).
    """
    if len(peaks) == 0:
        return peaks, np.zeros(0)
    lp = butter_sos(4, min(20.0, 0.4 * fs), fs)
    a = signal.sosfiltfilt(lp, a_v)
    jerk = np.diff(a, append=a_v[-1])
    rising = np.flatnonzero((smooth[:-1] < 0) & (smooth[1:] >= 0)) + 1
    k = np.searchsorted(rising, peaks) - 1
    earliest = peaks - int(0.5 * fs / max(f_step, 0.5))  # no further back than half a step
    lo = rising[np.maximum(k, 0)] if len(rising) else earliest
    lo = np.where(k >= 0, lo, earliest)
    lo = np.minimum(np.clip(np.maximum(lo, earliest), 0, None), peaks)
    k = ragged.argmax(jerk, lo, peaks + 1)
    # halfway between the lowest level in the span before the steepest sample and the highest in the span after it
    w = max(2, int(round(_HALF_RISE_S * fs)))
    span = np.clip(k[:, None] + np.arange(-w, w + 1)[None, :], 0, len(a) - 1)  # contacts x (2 w + 1) samples
    seg = a[span]
    lowest = seg[:, : w + 1].argmin(axis=1)
    level = 0.5 * (seg[:, : w + 1].min(axis=1) + seg[:, w:].max(axis=1))
    after = (seg >= level[:, None]) & (np.arange(2 * w + 1)[None, :] > lowest[:, None])
    j = np.maximum(after.argmax(axis=1), 1)  # the first sample at the level after the lowest
    rows = np.arange(len(k))
    y0, y1 = seg[rows, j - 1], seg[rows, j]
    step = np.where(y1 > y0, y1 - y0, 1.0)
    pos = k - w + j - 1 + np.where(y1 > y0, (level - y0) / step, 0.0)  # linear between the two samples
    k = np.floor(pos).astype(np.int64)
    return k, pos - k


#: A toe-off is moved back from the wavelet's peak to the trough of the vertical acceleration within this span
#: before it [s], smoothed with a Gaussian of this sigma [s] (design choices, :func:`_toe_off_trough`).
_FC_TROUGH_BACK_S = 0.05
_FC_TROUGH_SMOOTH_S = 0.015


def _toe_off_trough(a_v: np.ndarray, fc: np.ndarray, after: np.ndarray, fs: float) -> np.ndarray:
    """Move each toe-off (sample index) back to the trough of the smoothed vertical acceleration just before it.

    ``after``: the heel strike before each toe-off (sample index); the trough is sought after it.

    Around the real heel strikes and toe-offs of HA001 (Stereophoto's contacts, ``benchmarks/bench_sim_vs_real.py``)
    the trunk's vertical acceleration falls from the heel strike's collision to a trough at the other foot's toe-off,
    then rises in a small bump as that foot pushes off (+60 ms) before single support; McCamley's second-derivative
    peak sits on the bump's rise, 15-45 ms after the toe-off. The trough within :data:`_FC_TROUGH_BACK_S` before the
    peak is taken instead. Simulated walks (the same profile; ``bench_scenarios.py``): largest toe-off error
    37-40 -> 9-17 ms in the clean, noisy, any-mounting, short-bout, turning, gapped and 25-250 Hz walks, 40 -> 26 ms
    brisk then slow, 14 -> 22 ms slow; randomised walks' median 20 -> 10 ms (p95 47 -> 54). Real, against
    Stereophoto (``bench_lumbar.py --data``): toe-off MAE HA001 29 / 19 / 17 -> 22 / 16 / 11 ms (daily life, two
    straight walks), MS001 70 / 43 / 43 -> 59 / 41 / 37, HA002 53 / 30 -> 57 / 30; F1 unchanged but for one
    toe-off in HA001's second walk (0.93 -> 0.88) and MS001's daily life (0.843 -> 0.826, INDIP 0.834 -> 0.817).
    INDIP, whose toe-offs come about 55 ms after Stereophoto's, reads them earlier (MAE 46-51 -> 68-76 ms on
    HA001's walks).
    """
    if len(fc) == 0:
        return fc
    smooth = gaussian_filter1d(a_v, _FC_TROUGH_SMOOTH_S * fs)
    back = int(round(_FC_TROUGH_BACK_S * fs))
    lo = np.minimum(np.maximum(fc - back, after + 1), fc)
    return ragged.argmin(smooth, lo, np.minimum(fc + 1, len(smooth)))


def _bout_step_frequency(ic: np.ndarray, fs: float) -> float:
    """A walking bout's step frequency [Hz] from its contacts (sample indices): the median step's.

    A bout of daily life holds a pause or a shuffle among its steps; the median step is the walk's rhythm where
    the mean (the bout's duration over its steps) is slowed by them. On the real daily-life recordings of three
    people (``benchmarks/bench_lumbar.py --data``): toe-off F1 against INDIP / Stereophoto HA001 0.863 / 0.842 ->
    0.88 / 0.85, MS001 0.761 / 0.782 -> 0.83 / 0.84, HA002 0.60 -> 0.62 / 0.38 (the wavelet's scale,
    :func:`_bout_final_contacts`); walking speed MAE per reference bout over all nine recordings 0.087 -> 0.071 m/s,
    stride length 0.095 -> 0.094 m (the pendulum's band, :func:`_bout_displacement`). Walks of even steps are
    unchanged.
    """
    return fs / max(float(np.median(np.diff(ic))), 1.0) if len(ic) > 1 else fs


def _bout_final_contacts(
    integ: np.ndarray, ic: np.ndarray, first: np.ndarray, counts: np.ndarray, fs: float, cfg: LumbarConfig
) -> np.ndarray:
    """Final contacts of each walking bout [sample indices], with the wavelet scales of the bout's own steps.

    McCamley et al. 2012's toe-offs are the maxima of the twice gaus1-differentiated integrated vertical
    acceleration; Caramia et al. 2019 size both wavelets by the step frequency. A day holds brisk and slow walks,
    so each bout gets its own: the step frequency of its contacts, the peaks kept that stand out by half the
    standard deviation of the bout's own signal, the clearest one where a step holds two. (One frequency for a
    whole recording put the toe-offs of a 70 steps/min bout after a 125 steps/min walk a median 125 ms late on the
    simulator, against 21 ms alone.)
    """
    out = []
    pad = int(2 * fs)  # beyond the widest Gaussian's reach (4 sigma of the slowest steps' scales)
    dist = max(1, int(cfg.step_time_min_s * fs))
    for b0, n in zip(first, counts):  # a loop over bouts
        i0, i1 = ic[b0], ic[b0 + n - 1]
        lo, hi = max(0, i0 - pad), min(len(integ), i1 + pad + 1)
        f_b = _bout_step_frequency(ic[b0 : b0 + n], fs)
        d1 = gaussian_filter1d(integ[lo:hi], _gaus1_sigma_s(f_b, _IC_SCALE) * fs, order=1)
        d2 = gaussian_filter1d(d1, _gaus1_sigma_s(f_b, _FC_SCALE) * fs, order=1)
        peaks, found = signal.find_peaks(-d2, distance=dist, prominence=0.5 * np.std(d2[i0 - lo : i1 - lo + 1]))
        inside = (peaks >= i0 - lo) & (peaks <= i1 - lo)
        peaks, prominence = peaks[inside] + lo, found["prominences"][inside]
        # one toe-off per step (the foot behind leaves the ground once between two heel strikes): the clearest
        step = np.searchsorted(ic[b0 : b0 + n], peaks)
        order = np.lexsort((-prominence, step))
        clearest = np.r_[True, step[order][1:] != step[order][:-1]][: len(order)]  # the first of each step
        out.append(np.sort(peaks[order][clearest]))
    return np.concatenate(out) if out else np.zeros(0, np.int64)


def _segment(sig: pd.DataFrame, fs: float, cfg: LumbarConfig):
    t = sig.index.to_numpy()
    acc = sig[list(ACC_COLUMNS)].to_numpy(dtype=float)
    gyr = sig[list(GYR_COLUMNS)].to_numpy(dtype=float) if all(c in sig for c in GYR_COLUMNS) else None
    if len(t) < int(3 * fs):
        return None
    up, g = gravity(acc, fs, cfg.gravity_lowpass_hz)
    a_v = rowdot(acc, up) - g
    f_step = _step_frequency(a_v, fs)
    # McCamley: integrate, then gaus1-differentiate (smoothed acceleration) -> ICs at minima;
    # differentiate again -> FCs at maxima.
    hp = butter_sos(2, 0.2, fs, "highpass")
    integ = np.cumsum(signal.sosfiltfilt(hp, a_v)) / fs
    d1 = gaussian_filter1d(integ, _gaus1_sigma_s(f_step, _IC_SCALE) * fs, order=1)
    dist = max(1, int(cfg.step_time_min_s * fs))
    ic_idx, found = signal.find_peaks(d1, distance=dist, prominence=0.0)
    # a contact stands out of the walk around it (the signal's spread over the surrounding seconds: a slow walk
    # after a brisk one keeps its steps), and out of the sensor's own ripple
    spread = 0.5 * moving_rms(d1, int(cfg.prominence_window_s * fs))[ic_idx]
    ic_idx = ic_idx[found["prominences"] >= np.maximum(spread, cfg.min_prominence_mps2 / fs)]
    ic_idx, ic_frac = _loading_onset(ic_idx, d1, a_v, f_step, fs)
    # peaks that share one loading rise are one contact (the first): in walking they never do, in noise they may
    later = ic_idx > np.maximum.accumulate(np.r_[-1, ic_idx[:-1]]) if len(ic_idx) else np.zeros(0, bool)
    ic_idx, ic_frac = ic_idx[later], ic_frac[later]
    # a heel strike's collision lifts the trunk's vertical acceleration: keep contacts where it rises enough
    n, reach = len(a_v), int(round(0.15 * fs))
    rise = ragged.reduce_max(a_v, ic_idx, np.minimum(n, ic_idx + reach + 1)) - ragged.reduce_min(
        a_v, np.maximum(0, ic_idx - reach), ic_idx + 1
    )
    keep = rise >= cfg.min_collision_mps2
    ic_idx, ic_frac, rise = ic_idx[keep], ic_frac[keep], rise[keep]
    # sides from the yaw rate (about the vertical, McCamley 2012) and the sideways sway, band-passed around the
    # stride frequency; read once the bouts are known (:mod:`gaitcoach.gait.lumbar_sides`)
    side = np.full(len(ic_idx), "unknown", dtype=object)
    yaw_f = sway_f = None
    # walking: between contacts under 1.5 s apart (the pelvis' axes and a hip clip's lever are read there)
    gaps = np.diff(ic_idx) / fs
    walking = np.zeros(len(a_v), bool)
    walking[ragged.flat_index(ic_idx[:-1][gaps < 1.5], ic_idx[1:][gaps < 1.5])[0]] = True
    walking_or_all = walking if walking.any() else None
    rates, a_ap, a_ml = (
        pelvis_rates(gyr, acc, up, f_step, fs, walking_or_all) if gyr is not None else (None, None, None)
    )
    if rates is not None and a_ml is not None and len(ic_idx):
        yaw_f, sway_f = side_cues(rates[:, 0], a_ml, f_step, fs)  # (the rate about the vertical)
    # the pendulum's rise is the middle of the back's: a phone clipped over a hip also rides the obliquity
    a_centre, lever_m = (a_v, 0.0) if rates is None else centre_vertical(a_v, integ, rates[:, 2], walking, f_step, fs)
    if lever_m:  # the toe-offs too: the lever's sway had put one side's 90 ms late (simulated, 75 steps/min)
        integ = np.cumsum(signal.sosfiltfilt(hp, a_centre)) / fs
    norm = rownorm(acc)  # (the flight and shaking tests, :mod:`.running`, :mod:`.shaking`)
    return {"t": t, "ic": ic_idx, "ic_frac": ic_frac, "rise": rise, "integ": integ, "side": side, "yaw_f": yaw_f,
            "sway_f": sway_f, "f_step": f_step, "up": up, "rates": rates, "a_ap": a_ap, "a_v": a_v,
            "a_centre": a_centre, "lever_m": lever_m, "flight": flight_marks(norm, fs),
            "bands": step_and_shake_bands(norm, fs)}  # fmt: skip


#: Band of the pendulum's bob, as multiples of the bout's step frequency: the half octave around it (design choice,
#: measured with ``benchmarks/bench_lumbar.py``). On real HA001, stride length / speed MAE per reference bout:
#: no band 0.139 m / 0.120 m/s; octave (0.71-1.41) 0.110 / 0.097; two-thirds octave 0.081 / 0.078; half octave
#: 0.079 / 0.075; third octave 0.123 / 0.107 (too narrow: the filter's ringing outlasts a short bout). The gain is
#: in daily life's turning and stopping bouts (their strides read 0.1-0.2 m shorter, nearer both references);
#: straight walks move by 0.01-0.03 m. The price is in walks whose steps vary a lot: simulated stride length
#: -5.4 -> -5.5 % at 0 % step-time variability, -5.6 -> -6.0 % at 5 %, -6.1 -> -8.2 % at 10 %
#: (Hausdorff 2005, doi:10.1186/1743-0003-2-19: healthy adults vary by 1-3 %).
_PENDULUM_BAND = (2.0**-0.25, 2.0**0.25)


def _bout_displacement(a_v: np.ndarray, ic: np.ndarray, first: np.ndarray, counts: np.ndarray, fs: float) -> np.ndarray:
    """Vertical displacement of the trunk's step-periodic bob, bout by bout [m].

    Zijlstra & Hof 2003 integrate the vertical acceleration twice (high-pass 0.1 Hz against drift; mobgap adds a
    1 Hz high-pass on the velocity). The inverted pendulum rises and falls once per step, so here the velocity
    is band-passed over the half octave around each bout's own step frequency (:data:`_PENDULUM_BAND`, from its
    contacts): turning, shuffling, posture shifts and the slower sway of daily life, which do not repeat at the
    step frequency, are not read as the pendulum's rise.
    """
    disp = np.zeros(len(a_v))
    hp01 = butter_sos(4, 0.1, fs, "highpass")
    pad = int(2 * fs)
    for b0, n in zip(first, counts):  # a loop over bouts
        i0, i1 = ic[b0], ic[b0 + n - 1]
        lo, hi = max(0, i0 - pad), min(len(a_v), i1 + pad + 1)
        f_b = _bout_step_frequency(ic[b0 : b0 + n], fs)
        f_lo, f_hi = _PENDULUM_BAND
        band = butter_sos(2, (f_lo * f_b, min(f_hi * f_b, 0.45 * fs)), fs, "bandpass")
        seg = a_v[lo:hi]
        if len(seg) <= 30:  # shorter than the filters' padding (never with 2 s either side)
            continue
        vel = signal.sosfiltfilt(band, np.cumsum(signal.sosfiltfilt(hp01, seg)) / fs)
        disp[i0 : i1 + 1] = signal.sosfiltfilt(hp01, np.cumsum(vel) / fs)[i0 - lo : i1 + 1 - lo]  # its own span only
    return disp


def _bouts(t_ic: np.ndarray, cfg: LumbarConfig, rise: np.ndarray | None = None) -> np.ndarray:
    """Bout number of every contact (runs with plausible step times), -1 for bouts shorter than the minimum.

    A bout's first (last) contact is dropped when the step after (before) it lasts over ``edge_step_ratio`` times
    the next (previous) one: out of the walk's rhythm, it is a weight shift before the walk starts or after it
    ends (on the real HA001 Test5 recording the one contact both references leave out, 1.0 s before a walk of
    0.6 s steps), not a step. So is a first contact without a heel strike's collision: its vertical acceleration
    (``rise``, each contact's, see ``LumbarConfig.min_collision_mps2``) rising under ``edge_collision_ratio`` of
    the bout's median contact (:attr:`LumbarConfig.edge_collision_ratio`).
    """
    gaps = np.diff(t_ic)
    bout = np.r_[0, np.cumsum((gaps > cfg.step_time_max_s) | (gaps < cfg.step_time_min_s))]
    if len(t_ic) >= 3:
        new = np.r_[True, bout[1:] != bout[:-1]]  # a bout's first contact
        end = np.r_[bout[1:] != bout[:-1], True]  # and its last
        after, before = np.r_[gaps, np.inf], np.r_[np.inf, gaps]  # the step after / before each contact
        two_on = np.r_[bout[2:] == bout[:-2], False, False]  # the bout goes on for two more contacts
        two_back = np.r_[False, False, bout[2:] == bout[:-2]]
        drop = (new & two_on & (after > cfg.edge_step_ratio * np.r_[after[1:], np.inf])) | (
            end & two_back & (before > cfg.edge_step_ratio * np.r_[np.inf, before[:-1]])
        )
        bout = np.where(drop, -1, bout)
    if rise is not None and len(t_ic):
        # the bout's first contact (after the rule above) against the bout's median collision (from its others too)
        kept = np.flatnonzero(bout >= 0)
        if len(kept):
            median = pd.Series(rise[kept]).groupby(bout[kept]).transform("median").to_numpy()
            first = np.r_[True, bout[kept][1:] != bout[kept][:-1]]
            weak = first & (rise[kept] < cfg.edge_collision_ratio * median)
            bout[kept[weak]] = -1
    valid = bout >= 0
    size = np.bincount(bout[valid]) if valid.any() else np.zeros(1, np.int64)
    return np.where(valid & (size[np.maximum(bout, 0)] >= cfg.min_bout_steps), bout, -1)


def _without_shaking(
    bout: np.ndarray, ic: np.ndarray, t: np.ndarray, bands: tuple[np.ndarray, np.ndarray] | None,
    core: tuple[float, float], cfg: LumbarConfig,
) -> tuple[np.ndarray, float]:  # fmt: skip
    """Bout numbers, -1 for the contacts of bouts whose steps do not outweigh faster shaking, and how long.

    Such a bout is a vehicle's or a bicycle's ride; the seconds are those of its span inside ``core``. See
    :attr:`LumbarConfig.min_step_to_shake` and :mod:`gaitcoach.gait.shaking`.
    """
    out, shaken_s = bout.copy(), 0.0
    for b in np.unique(bout[bout >= 0]):  # a loop over bouts
        at = ic[bout == b]
        if step_to_shake(bands, int(at[0]), int(at[-1])) < cfg.min_step_to_shake:
            out[bout == b] = -1
            shaken_s += within_s(t[at[0]], t[at[-1]], core)
    return out, shaken_s


def analyze_lumbar(
    rec: Recording,
    *,
    height_m: float | None = None,
    sensor_height_m: float | None = None,
    config: LumbarConfig | None = None,
) -> FootResult:
    """Analyse a recording of a sensor at the lower back.

    Parameters
    ----------
    rec
        The recording (accelerometer; gyroscope for the sides).
    height_m, sensor_height_m
        Body height and sensor height above the floor [m]; without either, stride length and speed are NaN.
    config
        Parameters.

    Returns
    -------
    FootResult
        Events of both feet (``side`` from the yaw rate), strides per side (times, stance, swing, stride length,
        speed, :data:`PELVIS_COLUMNS`; NaN for foot angles), and ``info`` (with the bouts' step and stride
        regularity, weighted by bout length, ``sensor_side_offset_m`` where the sensor rode the pelvis'
        obliquity on a lever, :func:`~gaitcoach.gait.pelvis.centre_vertical`, ``running_s`` where steps of a
        run were left out, and ``shaken_s`` where bouts under faster shaking were, :func:`_without_shaking`).
    """
    cfg = config or LumbarConfig()
    l_m = sensor_height_m or (cfg.sensor_height_ratio * height_m if height_m else None)
    fs = float(rec.sampling_rate_hz or 0.0)
    events, rows = [], []
    regular: list[tuple[int, float, float]] = []  # per bout: samples, step and stride regularity
    lever_m = running_s = shaken_s = 0.0
    info: dict[str, object] = {"sensor_height_m": l_m}
    if not rec.has_signals or fs < 20.0:
        empty = pd.DataFrame({"time_s": [], "event": [], "side": [], "side_confidence": []})
        return FootResult(empty, pd.DataFrame(columns=list(STRIDE_COLUMNS)), info)
    for sig, core_lo, core_hi in iter_chunks(rec):
        r = _segment(sig, fs, cfg)
        if r is None:
            continue
        # every contact of the piece, its margins too, makes the bouts (a bout across the piece's edge keeps its
        # toe-offs and strides); the piece reports the events, strides and bouts that start in its core
        t, ic, side, ic_frac, rise = r["t"], r["ic"], r["side"], r["ic_frac"], r["rise"]
        info["step_frequency_hz"] = round(r["f_step"], 3)
        if r["lever_m"]:  # the sensor sat off the middle of the back (the largest lever of the recording's pieces)
            lever_m = max(lever_m, abs(r["lever_m"]))
            info["sensor_side_offset_m"] = round(lever_m, 3)
        if len(ic) == 0:
            continue
        # a run's steps are not walking (the trunk in free fall between them, :mod:`gaitcoach.gait.running`)
        ran = running_contacts(r["flight"], ic)
        running_s += flagged_s(t[ic], ran, (core_lo, core_hi))
        ic, side, ic_frac, rise = ic[~ran], side[~ran], ic_frac[~ran], rise[~ran]
        if len(ic) == 0:
            continue
        # bouts: runs of contacts with plausible step times, at least min_bout_steps contacts
        bout, shook_s = _without_shaking(_bouts(t[ic], cfg, rise), ic, t, r["bands"], (core_lo, core_hi), cfg)
        shaken_s += shook_s
        keep = bout >= 0
        ic, side, bout = ic[keep], side[keep], bout[keep]
        t_ic = t[ic] + ic_frac[keep] / fs  # contact times between samples
        if len(ic) == 0:
            continue
        _, first, counts = np.unique(bout, return_index=True, return_counts=True)
        pos = np.arange(len(ic)) - np.repeat(first, counts)  # position of each contact in its bout
        # which way is forward, from the steady contacts (the sway's direction needs it, and a drop the sides)
        steady = (pos > 0) & (pos < np.repeat(counts, counts) - 1)
        sign = forward_sign(r["a_ap"], ic[steady], 1.0 / r["f_step"], fs) if r["a_ap"] is not None else 0.0
        forward = np.full(len(ic), sign)
        sure = np.full(len(ic), np.nan)  # how sure each side is (no gyroscope: no side)
        if r["yaw_f"] is not None:  # sides alternate, with a phase that may slip (a missed contact, a double step)
            side, forward, sure = contact_sides(
                r["yaw_f"], r["sway_f"], r["a_ap"], ic, first, counts, r["f_step"], fs, sign
            )
        other = np.select([side == "left", side == "right"], ["right", "left"], "unknown").astype(object)
        core = (t_ic >= core_lo) & (t_ic < core_hi)
        events.append(
            pd.DataFrame({"time_s": t_ic[core], "event": "IC", "side": side[core], "side_confidence": sure[core]})
        )
        # final contacts belong to the foot that did not land last; only those ending a stance whose heel strike
        # is in the bout count (from the bout's second contact on: the toe-off right after its first contact
        # ends a stance that began before the bout), up to its last contact (a toe-off after it starts no stride;
        # both HA001 references list a bout's toe-offs between its first and last contact)
        lo_b, hi_b = t_ic[np.minimum(first + 1, len(t_ic) - 1)], t_ic[first + counts - 1]
        fc_peak = _bout_final_contacts(r["integ"], ic, first, counts, fs, cfg)
        t_fc = t[fc_peak]  # which toe-offs a bout reports is decided at the wavelet's peaks...
        b_of = np.searchsorted(lo_b, t_fc, side="right") - 1
        prev = np.searchsorted(t_ic, t_fc) - 1
        ok = (b_of >= 0) & (t_fc < hi_b[np.maximum(b_of, 0)]) & (prev >= first[np.maximum(b_of, 0)])
        prev = prev[ok]
        t_fc = t[_toe_off_trough(r["a_centre"], fc_peak[ok], ic[prev], fs)]  # ... each timed at its trough
        fc_core = (t_fc >= core_lo) & (t_fc < core_hi)
        events.append(
            pd.DataFrame(
                {
                    "time_s": t_fc[fc_core],
                    "event": "FC",
                    "side": other[prev][fc_core],
                    "side_confidence": sure[prev][fc_core],
                }
            )  # fmt: skip
        )
        # strides: three contacts in a row of one bout; toe-off of the first foot between the 2nd and 3rd
        k = np.flatnonzero(pos[:-2] + 2 == pos[2:]) if len(ic) > 2 else np.empty(0, np.int64)
        k = k[core[k]]
        i0, i1, i2 = ic[k], ic[k + 1], ic[k + 2]
        j = np.searchsorted(t_fc, t_ic[k + 1], side="right")
        has_fc = j < len(t_fc)
        fcs = np.where(has_fc, t_fc[np.minimum(j, max(len(t_fc) - 1, 0))] if len(t_fc) else np.nan, np.nan)
        fcs = np.where(fcs < t_ic[k + 2], fcs, np.nan)
        ic0, ic2 = t_ic[k], t_ic[k + 2]
        # double and single support from the contacts' sequence (one sensor sees both feet; no side needed): the
        # other foot leaves between this heel strike and its own, this foot between that one and its next
        j0 = np.searchsorted(t_fc, ic0, side="right")
        o_fc = t_fc[np.minimum(j0, max(len(t_fc) - 1, 0))] if len(t_fc) else np.full(len(k), np.nan)
        o_fc = np.where((j0 < len(t_fc)) & (o_fc < t_ic[k + 1]), o_fc, np.nan)
        double_s, single_s = (o_fc - ic0) + (fcs - t_ic[k + 1]), t_ic[k + 1] - o_fc
        stride_t = ic2 - ic0
        length = np.full(len(k), np.nan)
        if l_m and len(k):
            # vertical excursion of each step (first: i0..i1, second: i1..i2, both inclusive)
            disp = _bout_displacement(r["a_centre"], ic, first, counts, fs)
            h = ragged.reduce_max(disp, ic[:-1], ic[1:] + 1) - ragged.reduce_min(disp, ic[:-1], ic[1:] + 1)
            step = cfg.pendulum_k * 2.0 * np.sqrt(np.maximum(2 * l_m * h - h * h, 0.0))
            length = step[k] + step[k + 1]
        left = side[k] == "left"
        if r["rates"] is not None:
            pelvis = stride_angles(r["rates"], i0, i1, i2, fs, left, forward[k])
        else:
            pelvis = np.full((len(k), 8), np.nan)
        nan = np.full(len(k), np.nan)
        rows.append(pd.DataFrame({
            "side": side[k], "ic_s": ic0, "fc_s": fcs, "next_ic_s": ic2, "stride_time_s": stride_t,
            "stance_time_s": fcs - ic0, "swing_time_s": ic2 - fcs, "stance_pct": 100 * (fcs - ic0) / stride_t,
            "stride_length_m": length, "strike_angle_deg": nan, "toe_off_angle_deg": nan, "fpa_deg": nan,
            "straight": ~(np.abs(pelvis[:, 4]) >= cfg.straight_max_turn_deg), "speed_mps": length / stride_t,
            "clearance_m": nan, "roll_through_s": nan, "push_off_dps": nan, "turn_deg": pelvis[:, 4], "level": True,
            "rotation_range_deg": pelvis[:, 0], "tilt_excursion_deg": pelvis[:, 1], "obliquity_range_deg": pelvis[:, 5],
            # the first half stride (this side on the ground) shows the other side's drop
            "drop_left_deg": np.where(left, pelvis[:, 3], pelvis[:, 2]),
            "drop_right_deg": np.where(left, pelvis[:, 2], pelvis[:, 3]),
            "rise_left_deg": np.where(left, pelvis[:, 7], pelvis[:, 6]),
            "rise_right_deg": np.where(left, pelvis[:, 6], pelvis[:, 7]),
            "harmonic_ratio": harmonic_ratio(r["a_v"], i0, i2), "double_support_s": double_s,
            "single_support_s": single_s,
        }))  # fmt: skip
        # step and stride regularity of each bout's vertical acceleration (Moe-Nilssen & Helbostad 2004)
        last = first + counts - 1
        step_n = np.round((t_ic[last] - t_ic[first]) / np.maximum(counts - 1, 1) * fs).astype(np.int64)
        for a, b, n_step, mine in zip(ic[first], ic[last], step_n, core[first]):  # a loop over bouts
            if mine:
                regular.append((b - a, *regularity(r["a_v"][a : b + 1], int(n_step))))
    columns = list(STRIDE_COLUMNS) + list(PELVIS_COLUMNS) + list(SUPPORT_COLUMNS)
    ev = (
        pd.concat(events, ignore_index=True)
        if events
        else pd.DataFrame({"time_s": [], "event": [], "side": [], "side_confidence": []})
    )
    ev = ev.sort_values("time_s", kind="stable")
    st = pd.concat(rows, ignore_index=True)[columns] if rows else pd.DataFrame(columns=columns)
    info["strides_found"] = len(st)
    if running_s:
        info["running_s"] = round(running_s, 1)
    if shaken_s:
        info["shaken_s"] = round(shaken_s, 1)
    reg = np.array([x for x in regular if np.isfinite(x[1])], dtype=float).reshape(-1, 3)
    if len(reg):  # bouts weighted by their length
        info["step_regularity"] = float(np.average(reg[:, 1], weights=reg[:, 0]))
        info["stride_regularity"] = float(np.average(reg[:, 2], weights=reg[:, 0]))
    return FootResult(ev.reset_index(drop=True), st, info)
