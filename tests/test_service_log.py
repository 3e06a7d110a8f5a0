"""The careerkit hub service logs as JupyterHub does: a line per refused or failed request,
none per answered one unless debugging (at 300 users a line per save cost a tenth of its time)."""

from __future__ import annotations

import logging

import pytest
from tornado.httputil import HTTPServerRequest

from careerkit.serving.hub.service import _log_request


class _Handler:
    def __init__(self, status: int):
        self.status = status
        self.request = HTTPServerRequest(method="POST", uri="/services/careerkit/api/revisions?x=1")

    def get_status(self) -> int:
        return self.status


@pytest.mark.parametrize("status, level", [(200, None), (204, None), (302, None), (403, logging.WARNING),
                                           (409, logging.WARNING), (503, logging.ERROR)])
def test_answered_requests_are_not_logged_refused_and_failed_ones_are(caplog, status, level):
    caplog.set_level(logging.INFO, logger="tornado.access")
    _log_request(_Handler(status))
    records = [r for r in caplog.records if r.name == "tornado.access"]
    if level is None:
        assert records == []
    else:
        assert [r.levelno for r in records] == [level]
        # the path, never the query, where a token could be
        assert "/services/careerkit/api/revisions" in records[0].getMessage()
        assert "x=1" not in records[0].getMessage()


def test_answered_requests_are_logged_when_debugging(caplog):
    caplog.set_level(logging.DEBUG, logger="tornado.access")
    _log_request(_Handler(200))
    assert [r.levelno for r in caplog.records if r.name == "tornado.access"] == [logging.DEBUG]
