"""A small client of khamrap's API (docs/api.md), with nothing but Python's standard library.

Copy this file into the system that feeds khamrap its results or reads its scores back. Make a
token at /api/tokens/ on the khamrap site (or `khamrap api_token create ...` on the server), then:

    KHAMRAP_URL=https://khamrap.example.go.th KHAMRAP_TOKEN=khr_... python api_client.py

The demo below lists the organizations the token reaches and the year's agreements. In code:

    api = Khamrap("https://khamrap.example.go.th", token)
    for result in api.results(round=round_id):
        ...
    saved = api.save_result(indicator_id, round_id, version=result["version"], value="92.5",
                            performance="...")
    api.submit(saved["id"])

Every refusal raises `KhamrapError` with the HTTP status and the answer's `detail` (a sentence,
or for 422/409 a list of {"loc", "msg", "code"}); 409 means someone saved the result since it
was read: read it again, and send its new `version`.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from decimal import Decimal

__all__ = ["Khamrap", "KhamrapError"]

_UNSET = object()  # save_result's value when it is left out (None clears the value)


class KhamrapError(Exception):
    """A refusal from the API: `status` (401, 403, 404, 409, 422, 429, ...) and `detail`."""

    def __init__(self, status: int, detail, *, code: str | None = None, retry_after=None):
        self.status = status
        self.detail = detail
        self.code = code
        self.retry_after = retry_after
        super().__init__(f"{status}: {detail}")


class Khamrap:
    """khamrap's API at `base_url` (the site's address), called with an API token."""

    def __init__(self, base_url: str, token: str, *, timeout: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    # --- the calls ------------------------------------------------------------------------------

    def me(self) -> dict:
        """The token's holder, their roles, and the token's scope."""
        return self._request("GET", "/api/v1/me")

    def organizations(self, **filters) -> list[dict]:
        """Every organization the token reaches (all pages), in tree order."""
        return list(self._pages("/api/v1/organizations", filters))

    def agreements(self, year: int | None = None, **filters) -> list[dict]:
        """The agreements the token reaches; `year` is the Buddhist Era fiscal year (2569)."""
        return list(self._pages("/api/v1/agreements", {"year": year, **filters}))

    def results(self, round: int | None = None, **filters) -> list[dict]:
        """The results of a reporting round (its id), with their `version` for saving."""
        return list(self._pages("/api/v1/results", {"round": round, **filters}))

    def save_result(
        self, indicator_id: int, round_id: int, version: int, value=_UNSET, **narrative
    ) -> dict:
        """Save an indicator's result in a round. `version` is the one read (1 before the first
        save); `value` the measured value (a Decimal or float is sent as a string such as "92.5",
        so its decimals stay exact; None clears it; leave it out to keep it); the narrative
        fields (performance, supporting factors, obstacles, ...) as keywords."""
        body = {"version": version, **narrative}
        if value is not _UNSET:
            body["value"] = str(value) if isinstance(value, float | Decimal) else value
        return self._request(
            "PUT", f"/api/v1/indicators/{int(indicator_id)}/rounds/{int(round_id)}/result", body
        )

    def submit(self, result_id: int, version: int | None = None) -> dict:
        """Send a saved result on for approval; with `version`, refused (409) if it changed."""
        body = {} if version is None else {"version": version}
        return self._request("POST", f"/api/v1/results/{int(result_id)}/submit", body)

    def scores(self, agreement_id: int, round: int | None = None) -> dict:
        """An agreement's score card in a round, each figure with its status."""
        query = _query({"round": round})
        return self._request("GET", f"/api/v1/agreements/{int(agreement_id)}/scores{query}")

    def open_agreements(self, **filters) -> list[dict]:
        """Published agreements and their official figures (needs no token)."""
        return list(self._pages("/api/v1/open/agreements", filters))

    # --- the wire -------------------------------------------------------------------------------

    def _pages(self, path: str, params: dict) -> Iterator[dict]:
        """The items of every page of a list (PageNumberPagination: items, count)."""
        page = 1
        seen = 0
        while True:
            answer = self._request("GET", path + _query({**params, "page": page}))
            items = answer.get("items", []) if isinstance(answer, dict) else answer
            yield from items
            seen += len(items)
            count = answer.get("count") if isinstance(answer, dict) else None
            if not items or count is None or seen >= count:
                return
            page += 1

    def _request(self, method: str, path: str, body=None):
        headers = {"Accept": "application/json", "Authorization": f"Bearer {self.token}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode("utf-8")
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(
            self.base_url + path, data=data, headers=headers, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                raw = response.read()
        except urllib.error.HTTPError as error:
            raise _error_of(error) from None
        return json.loads(raw.decode("utf-8")) if raw else None


def _query(params: dict) -> str:
    present = {k: v for k, v in params.items() if v is not None}
    return "?" + urllib.parse.urlencode(present) if present else ""


def _error_of(error: urllib.error.HTTPError) -> KhamrapError:
    raw = error.read()
    try:
        answer = json.loads(raw.decode("utf-8"))
    except ValueError:
        answer = {"detail": raw.decode("utf-8", "replace") or error.reason}
    if not isinstance(answer, dict):
        answer = {"detail": answer}
    return KhamrapError(
        error.code,
        answer.get("detail"),
        code=answer.get("code"),
        retry_after=error.headers.get("Retry-After"),
    )


def main() -> int:
    base_url, token = os.environ.get("KHAMRAP_URL"), os.environ.get("KHAMRAP_TOKEN")
    if not base_url or not token:
        print("Set KHAMRAP_URL (the site) and KHAMRAP_TOKEN (khr_...).", file=sys.stderr)
        return 2
    api = Khamrap(base_url, token)
    try:
        me = api.me()
        print(f"Acting as {me['display_name']} ({me['username']})")
        for organization in api.organizations():
            print(f"  {organization['code']}\t{organization['name_th']}")
        year = os.environ.get("KHAMRAP_YEAR")
        for agreement in api.agreements(year=int(year) if year else None):
            print(json.dumps(agreement, ensure_ascii=False))
    except KhamrapError as error:
        print(f"Refused ({error.status}): {error.detail}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
