"""The admin's case-file import page: size limit, permissions, publishing rights."""

import base64
import json

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from practices.choices import Status
from practices.models import Practice

from .test_casefile import good_file

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_admin(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def test_an_oversize_upload_is_refused_with_a_clear_message(client, editor, settings):
    settings.CASE_FILE_MAX_BYTES = 1024
    client.force_login(editor)
    upload = SimpleUploadedFile("big.json", b"{" + b" " * 4096 + b"}")
    before = Practice.objects.count()
    response = client.post(
        reverse("admin:practices_practice_import"), {"case_file": upload}
    )
    assert response.status_code == 200
    assert "The file is 0.0 MB; case files may be at most 0.0 MB." not in (
        response.content.decode()
    )
    assert "case files may be at most" in response.content.decode()
    assert Practice.objects.count() == before


def test_the_import_page_needs_the_add_permission(client, db):
    visitor = User.objects.create_user("visitor", password="x", is_staff=True)
    client.force_login(visitor)
    response = client.get(reverse("admin:practices_practice_import"))
    assert response.status_code == 403


def test_an_editor_cannot_publish_on_import(client, editor):
    client.force_login(editor)
    upload = SimpleUploadedFile("a.json", b"{}")
    response = client.post(
        reverse("admin:practices_practice_import"),
        {"case_file": upload, "publish": "on"},
    )
    assert "Only reviewers can publish." in response.content.decode()
    # A forged confirm with publish=True still imports drafts at most.
    content = base64.b64encode(json.dumps(good_file()).encode()).decode()
    client.post(
        reverse("admin:practices_practice_import"),
        {"confirm": "1", "content": content, "publish": "True"},
    )
    assert Practice.objects.get(slug="liudan-1").status == Status.DRAFT
