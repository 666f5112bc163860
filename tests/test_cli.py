import json

from conftest import make_recording
from gaitcoach.cli import main
from gaitcoach.io import writers


def test_inspect_fit(tmp_path, capsys):
    path = tmp_path / "watch.fit"
    path.write_bytes(writers.write_fit(make_recording(rate_hz=25.0, gyro=False), layout="compressed"))
    assert main(["inspect", str(path)]) == 0
    out = capsys.readouterr().out
    assert "format            fit" in out or "fit" in out.split("format", 1)[1].split("\n")[0]
    assert "2024-05-01 08:00:00 UTC" in out
    assert "25 Hz" in out and "acc_x [m/s^2]" in out
    assert "on the wrist: steps and cadence only" in out
    assert "cadence_spm" in out


def test_inspect_json_and_errors(tmp_path, capsys):
    good = tmp_path / "walk.csv"
    good.write_bytes(writers.write_generic_csv(make_recording()))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"")
    assert main(["inspect", "--json", "--placement", "foot", str(good), str(bad)]) == 1
    captured = capsys.readouterr()
    result = json.loads(captured.out)
    assert result[0]["sampling rate"] == "100 Hz" and result[0]["placement"] == "foot"
    assert "heel strike and toe-off per foot" in result[0]["can support"]
    assert "bad.csv" in result[1]["error"] and "empty" in captured.err


def _no_nan(token):
    raise ValueError(f"non-standard JSON constant {token}")


def test_analyze_json_is_standard_json_with_null_for_what_cannot_be_measured(tmp_path, capsys):
    from gaitcoach.io import writers
    from gaitcoach.simulate import WalkSpec, simulate

    rec, _ = simulate(WalkSpec(placement="pocket", side="right", bouts=(10,)))
    path = tmp_path / "pocket.csv"
    path.write_bytes(writers.write_generic_csv(rec))
    assert main(["analyze", str(path), "--placement", "pocket", "--side", "right", "--json"]) == 0
    out = json.loads(capsys.readouterr().out, parse_constant=_no_nan)
    assert out["summary"]["stride_length_m"] is None  # a pocket cannot measure it
    assert out["summary"]["cadence_spm"] > 90 and out["strides"][0]["fpa_deg"] is None
