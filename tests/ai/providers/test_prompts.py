"""The prompt loader: file format, languages with fallback to English, strict variables, sandbox."""

from __future__ import annotations

import pytest

from ticketwise.ai import prompts
from ticketwise.ai.prompts import PromptError, chat_messages, prompt_language, render_prompt


@pytest.fixture
def prompt_dir(tmp_path, monkeypatch):
    """An empty prompts folder in place of the package's, with the file cache cleared around the test."""
    monkeypatch.setattr(prompts, "PROMPTS_DIR", tmp_path)
    prompts._parts.cache_clear()
    yield tmp_path
    prompts._parts.cache_clear()


def _write(folder, name, text):
    (folder / name).write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("zh", "zh"),
        ("zh_CN", "zh"),
        ("zh-Hans", "zh"),
        ("en", "en"),
        ("en-US", "en"),
        ("fr", "en"),
        (None, "en"),
    ],
)
def test_language_spellings(given, expected):
    assert prompt_language(given) == expected


def test_parts_are_rendered_with_the_variables(prompt_dir):
    _write(
        prompt_dir,
        "classify.en.md",
        "{# notes #}\nignored preamble\n=== system ===\nYou classify {{ what }}.\n\n=== user ===\n"
        "Title: {{ title }}\nTags: {{ tags|join(', ') }}\nData: {{ data|json }}\n",
    )
    rendered = render_prompt(
        "classify", "en", {"what": "tickets", "title": "VPN 断开", "tags": ["a", "b"], "data": {"k": "值"}}
    )
    assert rendered.system == "You classify tickets."
    assert rendered.user == 'Title: VPN 断开\nTags: a, b\nData: {"k": "值"}'
    assert rendered.language == "en"
    assert rendered.messages() == [
        {"role": "system", "content": "You classify tickets."},
        {"role": "user", "content": rendered.user},
    ]


def test_no_html_escaping(prompt_dir):
    _write(prompt_dir, "p.en.md", "=== system ===\ns\n=== user ===\n{{ text }}")
    assert render_prompt("p", "en", {"text": "<b>&</b>"}).user == "<b>&</b>"


def test_chinese_file_when_present_else_english(prompt_dir):
    _write(prompt_dir, "both.en.md", "=== system ===\nEnglish\n=== user ===\nhi")
    _write(prompt_dir, "both.zh.md", "=== system ===\n中文\n=== user ===\n你好")
    _write(prompt_dir, "only.en.md", "=== system ===\nEnglish only\n=== user ===\nhi")
    assert render_prompt("both", "zh_CN", {}).system == "中文"
    assert render_prompt("both", "en", {}).system == "English"
    fallback = render_prompt("only", "zh", {})
    assert (fallback.system, fallback.language) == ("English only", "en")


def test_a_missing_variable_is_an_error(prompt_dir):
    _write(prompt_dir, "p.en.md", "=== system ===\ns\n=== user ===\n{{ title }}")
    with pytest.raises(PromptError, match="title"):
        render_prompt("p", "en", {})


@pytest.mark.parametrize(
    "text",
    [
        "no markers at all",
        "=== user ===\nu\n=== system ===\ns",
        "=== system ===\ns",
        "=== system ===\ns\n=== user ===\nu\n=== user ===\nagain",
        "=== system ===\n{% if %}\n=== user ===\nu",
    ],
)
def test_malformed_files_are_refused(prompt_dir, text):
    _write(prompt_dir, "bad.en.md", text)
    with pytest.raises(PromptError):
        render_prompt("bad", "en", {})


def test_missing_file_and_bad_names(prompt_dir):
    with pytest.raises(PromptError):
        render_prompt("absent", "en", {})
    with pytest.raises(PromptError):
        render_prompt("../secrets", "en", {})


def test_templates_run_in_a_sandbox(prompt_dir):
    _write(prompt_dir, "evil.en.md", "=== system ===\ns\n=== user ===\n{{ x.__class__.__mro__ }}")
    with pytest.raises(PromptError):
        render_prompt("evil", "en", {"x": "text"})


def test_schema_instruction_only_in_json_mode(prompt_dir):
    _write(prompt_dir, "p.zh.md", "=== system ===\n系统\n=== user ===\n用户")
    rendered = render_prompt("p", "zh", {})
    schema = {"type": "object", "properties": {"标签": {"type": "string"}}}
    json_messages = chat_messages(rendered, schema, json_object=True)
    assert json_messages[0]["content"].startswith("系统\n\n只输出一个 JSON 对象")
    assert '"标签"' in json_messages[0]["content"]
    assert chat_messages(rendered, schema, json_object=False)[0]["content"] == "系统"
    assert rendered.system == "系统"  # the rendered prompt itself is unchanged


def test_the_shipped_connection_test_prompt_exists_in_both_languages():
    prompts._parts.cache_clear()
    assert render_prompt("connection_test", "zh", {"site_name": "X"}).language == "zh"
    assert render_prompt("connection_test", "en", {"site_name": "X"}).language == "en"
