"""Without Chromium the browser tests skip, and say how to get it (never silently)."""

from __future__ import annotations

import pytest

from tests.web.browser import chromium_or_skip


def test_no_chromium_skips_with_the_way_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEAMGRAPH_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(pytest.skip.Exception, match=r"\.ci/chromium\.sh"):
        chromium_or_skip()


def test_a_chromium_named_in_the_environment_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEAMGRAPH_CHROMIUM", "/opt/chromium/chrome")
    assert chromium_or_skip() == "/opt/chromium/chrome"
