"""Writers of the phone apps' exports and of Apple Health's.

Generic CSV, phyphox, Sensor Logger, Physics Toolbox, AndroSensor, and an Apple Health export.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import signal

from ...model import ACC_COLUMNS, GRAVITY_MPS2, GYR_COLUMNS, MAG_COLUMNS, Recording
from ._common import _csv, _start, _zip


def write_generic_csv(rec: Recording, *, absolute_time: bool = False) -> bytes:
    """A plain CSV: ``time_s`` then ``acc_x (m/s^2)`` ... ``gyr_z (deg/s)`` ... ``mag_z (uT)``.

    Parameters
    ----------
    rec
        The recording.
    absolute_time
        Write a ``timestamp`` column of ISO 8601 UTC date-times (µs) instead of relative ``time_s``.

    Returns
    -------
    bytes
        UTF-8 CSV.
    """
    units = {"acc": "m/s^2", "gyr": "deg/s", "mag": "uT"}
    t = rec.signals.index.to_numpy()
    if absolute_time:
        stamps = _start(rec) + pd.to_timedelta(np.round(t * 1e6).astype(np.int64), unit="us")
        out = pd.DataFrame({"timestamp": stamps.strftime("%Y-%m-%dT%H:%M:%S.%fZ")})
    else:
        out = pd.DataFrame({"time_s": t})
    for col in rec.channels:
        out[f"{col} ({units[col[:3]]})"] = rec.signals[col].to_numpy()
    return _csv(out, float_format="%.6f")


def write_phyphox(rec: Recording) -> bytes:
    """A phyphox 1.1.16 zip export ("Acceleration with g" and "Gyroscope" tables, ``meta/``).

    Parameters
    ----------
    rec
        The recording.

    Returns
    -------
    bytes
        The zip archive.
    """
    t = rec.signals.index.to_numpy()
    files: dict[str, bytes] = {}
    spec = [
        ("Accelerometer.csv", ACC_COLUMNS, 1.0, "m/s^2"),
        ("Gyroscope.csv", GYR_COLUMNS, np.radians(1.0), "rad/s"),
        ("Magnetometer.csv", MAG_COLUMNS, 1.0, "µT"),
    ]
    for fname, cols, factor, unit in spec:
        if all(c in rec.signals.columns for c in cols):
            v = rec.signals[list(cols)].to_numpy() * factor
            df = pd.DataFrame({"Time (s)": t, f"X ({unit})": v[:, 0], f"Y ({unit})": v[:, 1], f"Z ({unit})": v[:, 2]})
            files[fname] = _csv(df, float_format="%.9E", quoting=0).replace(b"Time (s)", b'"Time (s)"', 1)
            header, _, body = files[fname].partition(b"\n")
            files[fname] = b",".join(b'"' + h.strip(b'"') + b'"' for h in header.split(b",")) + b"\n" + body
    start = _start(rec)
    unix = start.timestamp()
    files["meta/time.csv"] = (
        '"event","experiment time","system time","system time text"\n'
        f'"START",0.000000000000000E0,{unix:.15E},"{start.strftime("%Y-%m-%d %H:%M:%S.%f")[:-3]} UTC+00:00"\n'
    ).encode()
    files["meta/device.csv"] = (
        b'"property","value"\n"version","1.1.16"\n"deviceModel","Simulated"\n"deviceBrand","gaitcoach"\n'
    )
    return _zip(files, _start(rec))


def write_sensor_logger(rec: Recording, *, platform: str = "android") -> bytes:
    """A Sensor Logger zip export (iOS 1.11 or Android 1.28 layout, ``time,seconds_elapsed,z,y,x``).

    Parameters
    ----------
    rec
        The recording.
    platform
        ``"android"`` (``TotalAcceleration.csv`` with gravity) or ``"ios"`` (``Accelerometer.csv`` without
        gravity plus ``Gravity.csv``, both with iOS's opposite sign).

    Returns
    -------
    bytes
        The zip archive.
    """
    t = rec.signals.index.to_numpy()
    start = _start(rec)
    ns = (np.round((start.timestamp() + t) * 1e9)).astype(np.int64)

    def table(v: np.ndarray) -> bytes:
        return _csv(
            pd.DataFrame({"time": ns, "seconds_elapsed": t, "z": v[:, 2], "y": v[:, 1], "x": v[:, 0]}),
            float_format="%.9g",
        )

    acc = rec.signals[list(ACC_COLUMNS)].to_numpy()
    files: dict[str, bytes] = {}
    rate = rec.sampling_rate_hz or 100.0
    # Gravity as the OS estimates it: the slow part of the acceleration (2nd-order low-pass at 0.3 Hz).
    sos = signal.butter(2, 0.3, fs=rate, output="sos")
    gravity = (
        signal.sosfiltfilt(sos, acc, axis=0) if len(acc) > 15 else np.repeat(acc.mean(0, keepdims=True), len(acc), 0)
    )
    linear = acc - gravity
    if platform == "android":
        files["TotalAcceleration.csv"] = table(acc)
        files["Accelerometer.csv"] = table(linear)
        files["Gravity.csv"] = table(gravity)
    else:
        files["Accelerometer.csv"] = table(-linear)
        files["Gravity.csv"] = table(-gravity)
    if rec.has_gyro:
        files["Gyroscope.csv"] = table(np.radians(rec.signals[list(GYR_COLUMNS)].to_numpy()))
    if all(c in rec.signals.columns for c in MAG_COLUMNS):
        files["Magnetometer.csv"] = table(rec.signals[list(MAG_COLUMNS)].to_numpy())
    ms = int(round(1000.0 / rate))
    sensors = "|".join(f.removesuffix(".csv") for f in files)
    files["Metadata.csv"] = (
        "version,device name,recording time,platform,appVersion,device id,sensors,sampleRateMs\n"
        f"3,Simulated phone,{start.strftime('%Y-%m-%d_%H-%M-%S')},{platform},1.28,sim,{sensors},"
        + "|".join([str(ms)] * len(files))
        + "\n"
    ).encode()
    return _zip(files, _start(rec))


def write_physics_toolbox(rec: Recording) -> tuple[str, bytes]:
    """A Physics Toolbox g-force meter CSV: ``time;gFx;gFy;gFz;TgF``, decimal comma, wall clock.

    Parameters
    ----------
    rec
        The recording (accelerometer only is written).

    Returns
    -------
    name, bytes
        The app's file name (``YYYY-MM-DDhh.mm.ss.csv``) and content.
    """
    start = _start(rec)
    t = rec.signals.index.to_numpy()
    clock = (start - start.normalize()).total_seconds() + t
    h, rem = np.divmod(clock, 3600.0)
    m, s = np.divmod(rem, 60.0)
    sec = np.floor(s)
    frac = np.round((s - sec) * 1e4).astype(int)
    carry = frac >= 10000
    sec, frac = sec + carry, np.where(carry, 0, frac)
    text = (
        pd.Series(h.astype(int) % 24).map("{:02d}".format)
        + ":"
        + pd.Series(m.astype(int)).map("{:02d}".format)
        + ":"
        + pd.Series(sec.astype(int)).map("{:02d}".format)
        + ":"
        + pd.Series(frac).map("{:04d}".format)
    )
    g = rec.signals[list(ACC_COLUMNS)].to_numpy() / GRAVITY_MPS2
    df = pd.DataFrame({"time": text, "gFx": g[:, 0], "gFy": g[:, 1], "gFz": g[:, 2], "TgF": np.linalg.norm(g, axis=1)})
    name = start.strftime("%Y-%m-%d%H.%M.%S") + ".csv"
    return name, _csv(df, sep=";", decimal=",", float_format="%.4f")


def write_apple_health(
    workouts: pd.DataFrame,
    records: pd.DataFrame,
    *,
    zipped: bool = True,
    metric: bool = True,
    statistics: bool = True,
    utc_offset: str = "+0900",
) -> bytes:
    """An Apple Health export ("Export All Health Data"): ``export.zip`` holding ``apple_health_export/export.xml``.

    Parameters
    ----------
    workouts
        ``start``, ``end`` (tz-aware), ``activity`` (``Walking``, ``Hiking``, ``Running`` ...), ``steps``,
        ``distance_m``, ``source``.
    records
        ``type`` (``StepCount``, ``WalkingSpeed`` [m/s], ``WalkingStepLength`` [m], ``WalkingDoubleSupportPercentage``
        and ``WalkingAsymmetryPercentage`` [%], ``DistanceWalkingRunning`` [m]), ``start``, ``end``, ``value``,
        ``source``.
    zipped
        The zip, else the XML itself.
    metric
        Units of a metric locale (km/hr, cm, km), else of the US one (mi/hr, in, mi).
    statistics
        Workouts with ``WorkoutStatistics`` children (iOS 16 and later), else ``totalDistance`` attributes and no
        step count (older exports).
    utc_offset
        The zone the dates are written in.

    Returns
    -------
    bytes
        The export.
    """
    zone = pd.Timestamp("2000-01-01T00:00:00" + utc_offset[:3] + ":" + utc_offset[3:]).tz

    def when(t: pd.Timestamp) -> str:
        return pd.Timestamp(t).tz_convert(zone).strftime("%Y-%m-%d %H:%M:%S %z")

    # unit written and factor from SI, by locale (percentages as fractions, as Health writes them)
    units = {
        "StepCount": ("count", 1.0),
        "WalkingSpeed": ("km/hr", 3.6) if metric else ("mi/hr", 1 / 0.44704),
        "WalkingStepLength": ("cm", 100.0) if metric else ("in", 1 / 0.0254),
        "WalkingDoubleSupportPercentage": ("%", 0.01),
        "WalkingAsymmetryPercentage": ("%", 0.01),
        "DistanceWalkingRunning": ("km", 1e-3) if metric else ("mi", 1 / 1609.344),
    }
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<!DOCTYPE HealthData [",
        "<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary)*)>",
        "<!ATTLIST HealthData locale CDATA #REQUIRED>",
        "]>",
        f'<HealthData locale="{"en_GB" if metric else "en_US"}">',
        f' <ExportDate value="{when(pd.Timestamp("2025-01-01T00:00:00Z"))}"/>',
        ' <Me HKCharacteristicTypeIdentifierDateOfBirth=""'
        ' HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet"/>',
    ]
    for _, r in records.iterrows():  # (a test export: a few hundred records)
        unit, factor = units[r["type"]]
        lines.append(
            f' <Record type="HKQuantityTypeIdentifier{r["type"]}" sourceName="{r["source"]}" sourceVersion="17.1" '
            f'unit="{unit}" creationDate="{when(r["end"])}" startDate="{when(r["start"])}" '
            f'endDate="{when(r["end"])}" value="{r["value"] * factor:.6g}"/>'
        )
    for _, w in workouts.iterrows():
        minutes = (w["end"] - w["start"]).total_seconds() / 60.0
        dist_unit, dist_factor = units["DistanceWalkingRunning"]
        head = (
            f' <Workout workoutActivityType="HKWorkoutActivityType{w["activity"]}" duration="{minutes:.4f}" '
            f'durationUnit="min" sourceName="{w["source"]}" sourceVersion="10.1" creationDate="{when(w["end"])}" '
            f'startDate="{when(w["start"])}" endDate="{when(w["end"])}"'
        )
        if statistics:
            lines.append(head + ">")
            lines.append('  <MetadataEntry key="HKIndoorWorkout" value="0"/>')
            span = f'startDate="{when(w["start"])}" endDate="{when(w["end"])}"'
            if w["steps"] == w["steps"]:
                lines.append(
                    f'  <WorkoutStatistics type="HKQuantityTypeIdentifierStepCount" {span} sum="{w["steps"]:.0f}" '
                    'unit="count"/>'
                )
            lines.append(
                f'  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" {span} '
                f'sum="{w["distance_m"] * dist_factor:.6g}" unit="{dist_unit}"/>'
            )
            lines.append(" </Workout>")
        else:
            lines.append(
                head + f' totalDistance="{w["distance_m"] * dist_factor:.6g}" totalDistanceUnit="{dist_unit}">'
            )
            lines.append('  <MetadataEntry key="HKIndoorWorkout" value="0"/>')
            lines.append(" </Workout>")
    lines.append("</HealthData>")
    xml = ("\n".join(lines) + "\n").encode("utf-8")
    if not zipped:
        return xml
    return _zip({"apple_health_export/export.xml": xml, "apple_health_export/export_cda.xml": b"<ClinicalDocument/>"})


def write_androsensor(rec: Recording) -> bytes:
    """An AndroSensor CSV (the motion columns of its 33, ``;``-separated, with both time columns).

    Parameters
    ----------
    rec
        The recording.

    Returns
    -------
    bytes
        UTF-8 CSV.
    """
    t = rec.signals.index.to_numpy()
    start = _start(rec)
    acc = rec.signals[list(ACC_COLUMNS)].to_numpy()
    out = {f"ACCELEROMETER {a} (m/s²)": acc[:, i] for i, a in enumerate("XYZ")}
    if rec.has_gyro:
        gyr = np.radians(rec.signals[list(GYR_COLUMNS)].to_numpy())
        out.update({f"GYROSCOPE {a} (rad/s)": gyr[:, i] for i, a in enumerate("XYZ")})
    out["Time since start in ms "] = np.round(t * 1000).astype(np.int64)
    stamps = (start + pd.to_timedelta(t, unit="s")).strftime("%Y-%m-%d %H:%M:%S:%f").str[:-3]
    out["YYYY-MO-DD HH-MI-SS_SSS"] = np.asarray(stamps)
    return _csv(pd.DataFrame(out), sep=";", float_format="%.6f")
