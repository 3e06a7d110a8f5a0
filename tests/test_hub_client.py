"""The kernel's client of the careerkit hub service, without a hub: finding the service,
and an unreachable one met as safe mode meets a busy file."""

from __future__ import annotations

import socket

import pytest

from careerkit.core.storage import safety
from careerkit.widgets.forms import Saver
from careerkit.core.storage.remote import RemoteStore, service_url
from careerkit.core.storage.storefront import StoreError


def test_a_kernel_is_on_a_service_hub_only_with_a_hub_token_and_the_service_address():
    assert service_url({}) is None
    assert service_url({"CAREERKIT_SERVICE_URL": "http://hub:10101/services/careerkit"}) is None
    assert service_url({"JUPYTERHUB_API_TOKEN": "t"}) is None
    found = service_url({"JUPYTERHUB_API_TOKEN": "t", "CAREERKIT_SERVICE_URL": "http://hub:10101/services/careerkit"})
    assert found == "http://hub:10101/services/careerkit/"


def test_open_store_keeps_a_database_of_the_kernels_own_when_one_is_given(monkeypatch, tmp_path):
    from careerkit.core.storage import remote as client
    from careerkit.core.storage.storefront import open_store

    monkeypatch.setattr(client, "_store", None)
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "t")
    monkeypatch.setenv("CAREERKIT_SERVICE_URL", "http://127.0.0.1:9/services/careerkit/")
    monkeypatch.setenv("CAREERKIT_DATABASE_URL", f"sqlite:///{tmp_path / 'answers.sqlite'}")
    assert not isinstance(open_store(), RemoteStore)
    monkeypatch.delenv("CAREERKIT_DATABASE_URL")
    assert isinstance(open_store(), RemoteStore)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_unreachable_service_is_a_store_error_the_saver_holds_answers_for():
    store = RemoteStore(f"http://127.0.0.1:{_closed_port()}/services/careerkit/", "token")
    store._profile = "ada"  # as the service said when it was last reachable
    with pytest.raises(StoreError) as caught:
        store.save_many("ada", [("01_self_reflection", "hobbies", ["chess"])], wait=0.5)
    assert "cannot be reached" in str(caught.value)
    assert safety.kind_of(caught.value) == "other"
    problems = []
    saver = Saver(store, "ada", delay=0, on_problem=lambda kind, text: problems.append(kind))
    saver.queue("01_self_reflection", "hobbies", ["chess"])
    saver.queue("01_self_reflection", "themes", ["craft"])
    assert saver.pending == 2 and problems == ["other"]


def test_the_client_refuses_another_profile_before_asking_anyone():
    store = RemoteStore(f"http://127.0.0.1:{_closed_port()}/services/careerkit/", "token")
    store._profile = "ada"
    with pytest.raises(StoreError, match="only the answers of the signed-in hub user"):
        store.current("bob")
