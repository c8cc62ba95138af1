#!/usr/bin/env sh
# Set up and run Decline with Grace. Usage: ./run.sh serve | ./run.sh test [pytest args] | ./run.sh zensical build|serve
# Creates .venv with the pinned dependencies on first use (and again when requirements.txt changes);
# `zensical` also creates .venv-zensical from requirements-zensical.txt (bench/builders.py) and builds into site/.
# With REPO_URL set (and no EDIT_URI), each page's "Edit this page" button opens its file on REPO_URL's main branch.
set -eu
cd "$(dirname "$0")"
VENV=.venv
if [ ! -f "$VENV/.installed" ] || [ requirements.txt -nt "$VENV/.installed" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt
  touch "$VENV/.installed"
fi
export NO_MKDOCS_2_WARNING=1
if [ -n "${REPO_URL:-}" ] && [ -z "${EDIT_URI:-}" ]; then
  export EDIT_URI="${REPO_URL%/}/edit/main/docs/"  # mkdocs.yml reads EDIT_URI
fi
command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
  serve) exec "$VENV/bin/mkdocs" serve -a 127.0.0.1:8000 "$@" ;;
  zensical)
    zensical=$("$VENV/bin/python" -m bench.builders install)
    # Zensical's macros extension imports our `macros` package from the project folder.
    PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}" "$zensical" "$@"
    # Zensical has no hooks: what they do under MkDocs (minify our JS and CSS, inline our stylesheets, then the Content-Security-Policy)
    # is done to the built pages here (macros/after_build.py).
    if [ "${1:-}" = build ]; then exec "$VENV/bin/python" -m macros.after_build site docs; fi ;;
  test)
    # The Nu HTML checker (a Java program from the npm registry) checks the built pages' markup.
    if command -v npm >/dev/null 2>&1 && [ ! -f tests/nu/node_modules/vnu-jar/build/dist/vnu.jar ]; then
      npm ci --prefix tests/nu --ignore-scripts --no-audit --no-fund --silent
    fi
    exec "$VENV/bin/python" -m pytest "$@" ;;
  *) echo "usage: ./run.sh serve | ./run.sh test [pytest args] | ./run.sh zensical build|serve" >&2; exit 2 ;;
esac
