"""manage.py export_csv: the public export from a shell, to a file or to its output."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from .test_exports import download

pytestmark = pytest.mark.django_db


def test_export_csv_command_takes_the_browse_filters(client, seed_library, tmp_path):
    out = tmp_path / "metrics.csv"
    call_command(
        "export_csv", "--table", "metrics", "--theme", "party-building", "-o", str(out)
    )
    _, body = download(
        client,
        reverse("research:export_table", args=["metrics"]),
        {"theme": "party-building"},
    )
    assert out.read_bytes() == body
    printed = io.StringIO()  # without -o, to the command's output
    call_command(
        "export_csv", "--table", "metrics", "--theme", "party-building", stdout=printed
    )
    assert printed.getvalue() == body.decode()
