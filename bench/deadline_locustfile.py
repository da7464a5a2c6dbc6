"""Locust users for bench/deadline.py: data collectors on the deadline day of the 12-month round.

Run by bench/deadline.py (not on its own): it names the collectors and their open results in
DEADLINE_TARGETS (a JSON file) and where to write every request's time in DEADLINE_RAW.

Each user signs in (the login form's CSRF token, then its fields posted directly: the form's
first submit button is a language switch), then, between pauses, opens the home page, opens one
of its results in the open round and saves it (with the form's `version`, as a browser would).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import time

from locust import HttpUser, between, events, task

with open(os.environ["DEADLINE_TARGETS"], encoding="utf-8") as targets_file:
    TARGETS = json.load(targets_file)
RAW_PATH = os.environ["DEADLINE_RAW"]
THINK = [float(x) for x in os.environ.get("DEADLINE_THINK", "5,15").split(",")]
NEXT_TARGET = itertools.count()

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VERSION = re.compile(r'name="version" value="(\d+)"')
FIELD = re.compile(r'name="((?:value|passed|step_\d+|performance))"')

RAW: dict[str, list] = {"times": [], "failures": [], "started": None, "stopped": None}


@events.request.add_listener
def _record(request_type, name, response_time, response_length, exception, **kwargs):
    group = "sign_in" if name.startswith("sign-in") else "after_sign_in"
    RAW["times"].append((group, name, round(response_time, 2), exception is None))
    if exception is not None:
        RAW["failures"].append((group, name, str(exception)[:300]))


@events.test_start.add_listener
def _started(**kwargs):
    RAW["started"] = time.time()


@events.test_stop.add_listener
def _stopped(**kwargs):
    RAW["stopped"] = time.time()


@events.quitting.add_listener
def _write(**kwargs):
    RAW["stopped"] = RAW["stopped"] or time.time()
    with open(RAW_PATH, "w", encoding="utf-8") as out:
        json.dump(RAW, out)


class Collector(HttpUser):
    wait_time = between(*THINK)

    def on_start(self):
        self.target = TARGETS[next(NEXT_TARGET) % len(TARGETS)]
        self.rng = random.Random(self.target["username"])
        self.versions: dict[str, int] = {}
        self.fields: dict[str, list[str]] = {}
        self.csrf = ""
        form = self.client.get("/accounts/login/", name="sign-in: form")
        token = CSRF.search(form.text)
        with self.client.post(
            "/accounts/login/",
            data={
                "csrfmiddlewaretoken": token.group(1) if token else "",
                "username": self.target["username"],
                "password": self.target["password"],
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="sign-in: post",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in refused ({response.status_code})")

    @task(1)
    def home(self):
        self.client.get("/", name="home")

    def _open(self, result):
        url = result["url"]
        with self.client.get(url, name="result form", catch_response=True) as response:
            version = VERSION.search(response.text)
            if response.status_code != 200 or version is None:
                response.failure(f"no result form ({response.status_code})")
                return None
            self.versions[url] = int(version.group(1))
            token = CSRF.search(response.text)
            self.csrf = token.group(1) if token else ""
            self.fields[url] = sorted(set(FIELD.findall(response.text)))
        return url

    @task(2)
    def result_form(self):
        self._open(self.rng.choice(self.target["results"]))

    @task(2)
    def result_save(self):
        result = self.rng.choice(self.target["results"])
        url = result["url"] if result["url"] in self.versions else self._open(result)
        if url is None:
            return
        data = {
            "csrfmiddlewaretoken": self.csrf,
            "version": self.versions[url],
            "performance": f"ผลการดำเนินงาน ณ วันครบกำหนด ครั้งที่ {self.rng.randrange(1000)}",
            "explanation": "อยู่ระหว่างเร่งรัดการดำเนินงาน",
        }
        fields = self.fields[url]
        if "value" in fields:
            data["value"] = f"{self.rng.uniform(50, 100):.2f}"
        if "passed" in fields:
            data["passed"] = self.rng.choice(["yes", "no"])
        for name in fields:
            if name.startswith("step_") and self.rng.random() < 0.6:
                data[name] = "on"
        with self.client.post(
            url,
            data=data,
            headers={"Referer": f"{self.host}{url}"},
            name="result save",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                # The form came back (e.g. someone saved in between): read its version again.
                self.versions.pop(url, None)
                response.failure(f"not saved ({response.status_code})")
                return
        self._open(result)  # the page the save redirects to, with the new version
