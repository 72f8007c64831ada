"""The HTTP benchmark's bare view exists only when JIANFU_BENCH_BARE_VIEW is set."""

import importlib

import pytest
from django.urls import Resolver404, clear_url_caches, resolve

import jianfu.config.urls


def test_absent_by_default(client):
    with pytest.raises(Resolver404):
        resolve("/bench/bare/")
    assert client.get("/bench/bare/").status_code == 404


def test_mounted_by_the_flag(monkeypatch, client):
    monkeypatch.setenv("JIANFU_BENCH_BARE_VIEW", "1")
    try:
        importlib.reload(jianfu.config.urls)
        clear_url_caches()
        response = client.get("/bench/bare/")
        assert response.status_code == 200
        assert response.content == b"ok"
    finally:
        monkeypatch.delenv("JIANFU_BENCH_BARE_VIEW")
        importlib.reload(jianfu.config.urls)
        clear_url_caches()
    assert client.get("/bench/bare/").status_code == 404
