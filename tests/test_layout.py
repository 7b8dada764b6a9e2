"""The layout of DESIGN.md: four apps, each importing only from the apps above it;
small modules, each saying what it is for."""

import ast

import pytest

from .conftest import ROOT

# Each app may import from itself and the apps before it, never from one after it.
APPS = ["practices", "casefiles", "browse", "research"]
MAX_MODULE_LINES = 400
SKIPPED_DIRS = {".venv", ".git", "node_modules", "staticfiles", "test-artifacts"}


def project_modules():
    for path in sorted(ROOT.rglob("*.py")):
        if not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts):
            yield path


def app_modules(app):
    return sorted((ROOT / app).rglob("*.py"))


def imported_apps(path):
    """The project apps a module imports from, relative imports resolved."""
    package = path.relative_to(ROOT).parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                found.add(base[0] if base else "")
            else:
                found.add(node.module.split(".")[0])
    return found & set(APPS)


def test_the_four_apps_exist():
    for app in APPS:
        assert (ROOT / app / "apps.py").exists(), app


@pytest.mark.parametrize("app", APPS)
def test_no_import_climbs_to_a_higher_app(app):
    allowed = set(APPS[: APPS.index(app) + 1])
    climbing = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - allowed)
        for path in app_modules(app)
        if imported_apps(path) - allowed
    }
    assert climbing == {}


def test_the_check_sees_a_climbing_import(tmp_path):
    module = ROOT / "practices" / "_layout_probe.py"
    try:
        module.write_text("from browse.selectors import paginate\nfrom .. import x\n")
        assert imported_apps(module) == {"browse"}
    finally:
        module.unlink()


def test_no_module_is_over_the_size_limit():
    long_modules = {
        str(path.relative_to(ROOT)): lines
        for path in project_modules()
        if (lines := len(path.read_text(encoding="utf-8").splitlines()))
        > MAX_MODULE_LINES
    }
    assert long_modules == {}


def test_every_app_module_says_what_it_is_for():
    silent = [
        str(path.relative_to(ROOT))
        for app in APPS
        for path in app_modules(app)
        if "migrations" not in path.parts
        and path.read_text(encoding="utf-8").strip()
        and not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert silent == []
