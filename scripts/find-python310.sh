#!/usr/bin/env bash
# Prints the path of a working Python 3.10, or explains what is missing and fails.
# Rasa Open Source 3.6 installs on Python 3.8 to 3.10 only; on 3.11, pip silently picks
# a Rasa 1.x release, so the version is checked here rather than left to pip.
set -u
candidates=()
[ -n "${PYTHON310:-}" ] && candidates+=("$PYTHON310")
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
if command -v pyenv >/dev/null 2>&1; then
  for dir in "$(pyenv root)"/versions/3.10*; do
    [ -x "$dir/bin/python3.10" ] && candidates+=("$dir/bin/python3.10")
  done
fi
candidates+=(/usr/bin/python3.10 /usr/local/bin/python3.10)
for python in "${candidates[@]}"; do
  if [ -x "$python" ] && "$python" -c 'import sys, venv; sys.exit(sys.version_info[:2] != (3, 10))' 2>/dev/null; then
    echo "$python"
    exit 0
  fi
done
cat >&2 <<'MSG'
error: Python 3.10 was not found.
Harbor runs Rasa Open Source 3.6, which installs on Python 3.10 (not 3.11 or newer).
Install Python 3.10, for example `pyenv install 3.10.13`, or point PYTHON310 at a
python3.10 binary: `make run PYTHON310=/path/to/python3.10`.
MSG
exit 1
