"""Training times, measured once per set of training inputs and recorded under var/bench/.

A training costs minutes on two busy cores, so `make bench` does not retrain on every
run: it times a training into a folder of its own the first time (or with --retrain)
and records the seconds, the date and the load average beside the trained model. The
report says when each figure was measured.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

import rasa

from harbor.settings import PROJECT_ROOT
from harbor.stack import BIN

BENCH_HOME = PROJECT_ROOT / "var" / "bench"
HARBOR_TRAINING_INPUTS = ("config.yml", "domain.yml", "data")


@dataclass(frozen=True)
class TrainingRecord:
    """One timed training: what it produced and how long it took."""

    model: str
    seconds: float
    measured_at: str
    load_average: float
    inputs_digest: str
    rasa_version: str

    @property
    def model_path(self) -> Path:
        return Path(self.model)


def inputs_digest(paths: list[Path]) -> str:
    """A digest of the files that decide a training (and of Rasa's version)."""
    digest = hashlib.sha256(rasa.__version__.encode())
    for path in sorted(paths):
        digest.update(str(path.relative_to(path.anchor)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def files_under(root: Path, names: tuple[str, ...]) -> list[Path]:
    found: list[Path] = []
    for name in names:
        path = root / name
        found += sorted(p for p in path.rglob("*.yml")) if path.is_dir() else [path]
    return found


def recorded(record_file: Path, digest: str) -> TrainingRecord | None:
    """The recorded training for these inputs, if its model is still there."""
    if not record_file.exists():
        return None
    record = TrainingRecord(**json.loads(record_file.read_text()))
    if record.inputs_digest != digest or not record.model_path.exists():
        return None
    return record


def timed_training(command: list[str], cwd: Path, model_glob: str, digest: str,
                   record_file: Path, log_file: Path) -> TrainingRecord:
    """Run a training command, time it, and record the model it wrote."""
    print(f"bench: training ({' '.join(command[:2])}) in {cwd}; log {log_file}", flush=True)
    # Harbor's custom components import from the project; nothing leaves the machine.
    python_path = os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": python_path, "RASA_TELEMETRY_ENABLED": "false",
           "TF_CPP_MIN_LOG_LEVEL": "2"}
    start = time.monotonic()
    with open(log_file, "wb") as log:
        subprocess.run(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
                       check=True)
    seconds = time.monotonic() - start
    models = sorted(cwd.glob(model_glob), key=lambda p: p.stat().st_mtime)
    if not models:
        raise RuntimeError(f"training wrote no model matching {model_glob} in {cwd}")
    record = TrainingRecord(
        model=str(models[-1]),
        seconds=round(seconds, 1),
        measured_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        load_average=round(os.getloadavg()[0], 2),
        inputs_digest=digest,
        rasa_version=rasa.__version__,
    )
    record_file.write_text(json.dumps(asdict(record), indent=2) + "\n")
    return record


def stock_assistant(retrain: bool = False) -> TrainingRecord:
    """`rasa init --no-prompt` in var/bench/stock: scaffolds and trains the stock assistant.

    The time is that of the whole `rasa init`, almost all of it training.
    """
    folder = BENCH_HOME / "stock"
    record_file = BENCH_HOME / "stock-training.json"
    digest = inputs_digest([])  # the stock project changes only with Rasa's version
    if not retrain and (record := recorded(record_file, digest)):
        return record
    if folder.exists():
        shutil.rmtree(folder)
    BENCH_HOME.mkdir(parents=True, exist_ok=True)
    folder.mkdir()
    command = [str(BIN / "rasa"), "init", "--no-prompt", "--init-dir", str(folder)]
    return timed_training(command, folder, "models/*.tar.gz", digest, record_file,
                          BENCH_HOME / "stock-training.log")


def harbor_training(retrain: bool = False) -> TrainingRecord:
    """`rasa train` of Harbor's config, domain and data into var/bench/harbor-model/.

    It trains into its own folder, never over models/, so the model `make run` serves
    is left alone; the benchmark serves models/harbor.tar.gz.
    """
    digest = inputs_digest(files_under(PROJECT_ROOT, HARBOR_TRAINING_INPUTS))
    record_file = BENCH_HOME / "harbor-training.json"
    if not retrain and (record := recorded(record_file, digest)):
        return record
    out = BENCH_HOME / "harbor-model"
    out.mkdir(parents=True, exist_ok=True)
    command = [str(BIN / "rasa"), "train", "--config", "config.yml", "--domain", "domain.yml",
               "--data", "data", "--out", str(out), "--fixed-model-name", "harbor"]
    return timed_training(command, PROJECT_ROOT, "var/bench/harbor-model/*.tar.gz",
                          digest, record_file, BENCH_HOME / "harbor-training.log")
