#!/usr/bin/env bash
# Debian packages the tests need: GNU gettext (xgettext checks that the Thai catalogue is complete),
# poppler-utils (pdftotext and pdftoppm read back the PDF documents),
# Chromium (the browser tests drive Debian's Chromium through Playwright; Playwright's own
# browser download is never used) and, when the tests run on PostgreSQL, postgresql-client
# (pg_dump, pg_restore and psql, which `khamrap backup` and `khamrap restore` run).
# Installed with apt when running as root; otherwise the missing ones are named and the script fails.
set -euo pipefail

missing=()
command -v xgettext >/dev/null 2>&1 || missing+=(gettext)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
[ -x "${KHAMRAP_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
case "${DATABASE_URL:-}" in
  postgres*) command -v pg_restore >/dev/null 2>&1 || missing+=(postgresql-client) ;;
esac

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "khamrap's tests need these Debian packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
