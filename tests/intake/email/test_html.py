"""HTML bodies: sanitising (cid: kept), text derivation, cid rewriting."""

from __future__ import annotations

from ticketwise.intake.email.html import html_to_text, nesting_depth, rewrite_cids, sanitize_email_html


def test_sanitiser_keeps_cid_images_and_formatting_but_drops_scripts() -> None:
    html = (
        '<p onclick="steal()">Hi <b>there</b></p><img src="cid:logo@example.com" alt="logo">'
        '<script>alert(1)</script><a href="javascript:alert(1)">x</a><a href="https://example.com">ok</a>'
        "<style>p { color: red }</style><form action=/x><input name=a></form>"
    )
    clean = sanitize_email_html(html)
    assert 'src="cid:logo@example.com"' in clean
    assert "<b>there</b>" in clean
    assert "script" not in clean and "onclick" not in clean and "javascript" not in clean
    assert "color: red" not in clean and "<form" not in clean and "<input" not in clean
    assert 'href="https://example.com"' in clean
    assert sanitize_email_html("   ") == ""


def test_text_from_html_keeps_layout_and_drops_markup() -> None:
    html = "<html><head><style>.x{}</style><title>T</title></head><body><p>第一段</p><p>Second &amp; last</p>"
    html += "<table><tr><td>a</td><td>b</td></tr></table></body></html>"
    text = html_to_text(html)
    assert "第一段" in text and "Second & last" in text and ".x{}" not in text
    assert text.index("第一段") < text.index("Second")
    assert html_to_text("") == ""


def test_text_from_pathologically_nested_html_does_not_crash() -> None:
    html = "<div>" * 20000 + "<b>deep</b><script>x()</script>" + "</div>" * 20000
    assert "deep" in html_to_text(html)
    assert nesting_depth(html) == 20001
    clean = sanitize_email_html(html)
    assert clean.startswith("<pre>") and "deep" in clean and "<script" not in clean and "<div" not in clean


def test_rewrite_cids_replaces_known_ids_only() -> None:
    html = '<img src="cid:Logo@Example.com"><img src=\'cid:other\'><div style="background:url(cid:bg)">'
    rewritten = rewrite_cids(html, {"<logo@example.com>": "/files/1?a=1&b=2", "bg": "/files/2"})
    assert '<img src="/files/1?a=1&amp;b=2">' in rewritten
    assert "cid:other" in rewritten
    assert "url(/files/2)" in rewritten
    assert rewrite_cids(html, {}) == html


def test_nesting_depth_ignores_void_and_self_closing_tags() -> None:
    assert nesting_depth("<p>a<br>b<img src=x><span/></p><div><div></div></div>") == 2
    assert nesting_depth("no tags") == 0
