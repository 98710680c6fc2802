"""The browser the tests drive is chosen by one setting, ``EVIDENCE_CHROMIUM``.

Debian's Chromium is the default; the setting names another (a path, a
command, or ``playwright`` for Playwright's own), so the tests can run where
Debian's package is not the browser to use. A wrong setting is said plainly,
naming the variable, rather than failing somewhere inside Playwright.
"""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from . import browser
from .browser import CHROMIUM_SETTING, chromium_path


def an_executable(folder: Path, name: str) -> Path:
    path = folder / name
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_the_setting_names_the_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = an_executable(tmp_path, "other-chromium")
    monkeypatch.setenv(CHROMIUM_SETTING, str(other))
    assert chromium_path() == str(other)


def test_the_setting_may_name_a_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = an_executable(tmp_path, "chromium-of-this-test")
    monkeypatch.setenv("PATH", str(tmp_path), prepend=":")
    monkeypatch.setenv(CHROMIUM_SETTING, other.name)
    assert chromium_path() == str(other)


def test_playwright_names_playwrights_own_chromium(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where Playwright would keep its browser; one is put there, as
    # `playwright install chromium` would (never run here: it downloads).
    own = an_executable(tmp_path, "playwrights-chromium")
    monkeypatch.setattr(browser, "_playwrights_chromium", lambda: str(own))
    monkeypatch.setenv(CHROMIUM_SETTING, "playwright")
    assert chromium_path() == str(own)


def test_playwrights_chromium_not_downloaded_is_said_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "ms-playwright/chromium/chrome"
    monkeypatch.setattr(browser, "_playwrights_chromium", lambda: str(missing))
    monkeypatch.setenv(CHROMIUM_SETTING, "playwright")
    with pytest.raises(pytest.fail.Exception) as failure:
        chromium_path()
    message = str(failure.value)
    assert f"{CHROMIUM_SETTING}=playwright" in message
    assert str(missing) in message
    assert "playwright install chromium" in message


def test_playwrights_own_chromium_is_found_inside_playwright() -> None:
    # The browser fixture and the bench ask for the path inside
    # sync_playwright(): Playwright's own answer must come all the same. In a
    # thread of its own: the suite's browser may already run in this one.
    browser._playwrights_chromium.cache_clear()
    paths: dict[str, str] = {}

    def inside() -> None:
        with sync_playwright() as playwright:
            paths["expected"] = playwright.chromium.executable_path
            paths["found"] = browser._playwrights_chromium()

    thread = threading.Thread(target=inside)
    thread.start()
    thread.join()
    assert paths["found"] == paths["expected"]
    assert "chrom" in paths["expected"].lower()


@pytest.mark.parametrize("setting", ["/nowhere/chromium", "no-such-browser-here"])
def test_a_wrong_setting_is_said_plainly(
    setting: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CHROMIUM_SETTING, setting)
    with pytest.raises(pytest.fail.Exception) as failure:
        chromium_path()
    message = str(failure.value)
    assert f"{CHROMIUM_SETTING}={setting}" in message
    assert "unset it for Debian's" in message


@pytest.mark.parametrize("setting", [None, "", "  "])
def test_without_the_setting_debians_chromium_is_driven(
    setting: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if setting is None:
        monkeypatch.delenv(CHROMIUM_SETTING, raising=False)
    else:
        monkeypatch.setenv(CHROMIUM_SETTING, setting)
    # This machine is Debian's, with its chromium (.ci/run installs it).
    assert chromium_path() in ("/usr/lib/chromium/chromium", "/usr/bin/chromium")


def test_without_any_chromium_the_message_names_the_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CHROMIUM_SETTING, raising=False)
    monkeypatch.setattr(browser.Path, "is_file", lambda self: False)
    with pytest.raises(pytest.fail.Exception) as failure:
        chromium_path()
    message = str(failure.value)
    assert "apt-get install chromium" in message
    assert CHROMIUM_SETTING in message
