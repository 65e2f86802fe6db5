"""Fixtures of the batched push-pipeline tests: a context per backend, on an empty database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from batch_world import BACKENDS, context_for

from bot.services.context import ServiceContext
from tests.support.databases import empty_database


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def ctx(backend: str) -> Iterator[ServiceContext]:
    with empty_database(backend) as url:
        context = context_for(url)
        yield context
        context.sessions.kw["bind"].dispose()
