"""The examples of docs/api.md run against a live server and answer as it says."""

import re
import shlex
import shutil
import subprocess
from contextlib import redirect_stdout
from io import StringIO

import pytest

from casefiles.loader import import_case_file
from practices.models import Practice, Region

from ..conftest import ROOT, SEED_CASE_FILES, load_reference_data

DOC = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
pytestmark = pytest.mark.django_db(transaction=True)


def block(language):
    return re.search(rf"```{language}\n(.*?)```", DOC, re.S).group(1)


@pytest.fixture
def library(live_server):
    load_reference_data()
    for path in SEED_CASE_FILES:
        import_case_file(path.read_bytes())
    return live_server.url


def test_the_python_example_runs(library):
    code = block("python").replace("http://localhost:8000", library)
    out = StringIO()
    with redirect_stdout(out):
        exec(compile(code, "docs/api.md", "exec"), {})  # noqa: S102 - our own doc
    printed = out.getvalue()
    province = Region.objects.get(code="430000")
    hunan = Practice.objects.published().in_region(province)
    assert f"{hunan.count()} practices in 湖南省" in printed
    assert "六单工作法 一般性事项办理时限 3 工作日" in printed


@pytest.mark.skipif(not shutil.which("curl"), reason="curl is not installed")
def test_the_curl_example_runs(library):
    command = block("sh").strip().replace("http://localhost:8000", library)
    output = subprocess.run(shlex.split(command), capture_output=True, check=True)
    assert "六单工作法" in output.stdout.decode()
