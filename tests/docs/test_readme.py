"""The README stays true to the code: the two commands and the full settings table."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _table() -> str:
    import importlib.util

    spec = importlib.util.spec_from_file_location("settings_table", ROOT / "scripts" / "settings_table.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.table()


def test_readme_lists_every_setting_as_the_code_defines_it():
    readme = (ROOT / "README.md").read_text()
    assert _table() in readme, "README settings table is stale: run scripts/settings_table.py"


def test_readme_gives_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
