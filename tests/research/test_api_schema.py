"""The API tested against its own OpenAPI schema: schemathesis generates requests for
every operation and checks that no response is a server error, every response
conforms to the schema (status code, content type, body) and data the schema forbids
is refused. Not checked: that every request the schema allows is accepted — a theme
slug or an actor id that is well-formed but does not exist is refused with a 400."""

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

EXAMPLES = int(os.environ.get("API_EXAMPLES", "25"))

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@pytest.fixture
def unthrottled():
    """No rate limit, and the test's database connection kept open between the
    requests schemathesis sends (as Django's test client does), so that each test's
    transaction holds on PostgreSQL."""
    from rest_framework.throttling import AnonRateThrottle

    original = AnonRateThrottle.THROTTLE_RATES
    AnonRateThrottle.THROTTLE_RATES = {"anon": "100000/minute"}
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
    AnonRateThrottle.THROTTLE_RATES = original


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same examples on every run: CI is reproducible
)
def test_every_operation_conforms(case, seed_library, unthrottled):
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
