"""The viewer's Markdown renderer, run in the browser: the subset our cards use, and never raw HTML."""

from __future__ import annotations

import pytest
from selenium.webdriver.remote.webdriver import WebDriver

from tests.viewer.conftest import LiveServer, open_viewer

LINK = 'rel="noopener noreferrer" target="_blank"'


@pytest.fixture(scope="module")
def render(browser: WebDriver, server: LiveServer) -> WebDriver:
    open_viewer(browser, server.url)
    return browser


def _html(driver: WebDriver, markdown: str) -> str:
    html: str = driver.execute_async_script(
        """
        const [text, done] = arguments;
        import('/viewer/static/markdown.js').then((m) => {
          const box = document.createElement('div');
          box.append(m.renderMarkdown(text));
          done(box.innerHTML);
        });
        """,
        markdown,
    )
    return html


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        pytest.param(
            "**vet** en *cursief* en `SM-MRI-12h`",
            "<p><strong>vet</strong> en <em>cursief</em> en <code>SM-MRI-12h</code></p>",
            id="inline",
        ),
        pytest.param("een\n\ntwee", "<p>een</p><p>twee</p>", id="paragraphs"),
        pytest.param("een\nregel", "<p>een regel</p>", id="soft-break"),
        pytest.param("een  \nregel", "<p>een<br>regel</p>", id="hard-break"),
        pytest.param(
            "- a\n- **b**", "<ul><li>a</li><li><strong>b</strong></li></ul>", id="bullets"
        ),
        pytest.param("1. a\n2. b", "<ol><li>a</li><li>b</li></ol>", id="ordered"),
        pytest.param(
            "- a\n  - a1\n- b",
            "<ul><li><p>a</p><ul><li>a1</li></ul></li><li>b</li></ul>",
            id="nested-list",
        ),
        pytest.param(
            "> zo spoedig mogelijk …\n>\n> — Richtlijn",
            "<blockquote><p>zo spoedig mogelijk …</p><p>— Richtlijn</p></blockquote>",
            id="blockquote",
        ),
        pytest.param(
            "**Waarom** (`SM-MRI-12h`):\n- MESMC: **onbekend** — geen registratie",
            "<p><strong>Waarom</strong> (<code>SM-MRI-12h</code>):</p>"
            "<ul><li>MESMC: <strong>onbekend</strong> — geen registratie</li></ul>",
            id="why-trace",
        ),
        pytest.param(
            "*Lokaal beleid, geen richtlijn:* `CDS_SPINE_MRI_T0`, `CDS_SPINE_PRIORITY_12H`",
            "<p><em>Lokaal beleid, geen richtlijn:</em> <code>CDS_SPINE_MRI_T0</code>, "
            "<code>CDS_SPINE_PRIORITY_12H</code></p>",
            id="italic-and-identifiers",
        ),
        pytest.param(
            "[richtlijn](https://www.pallialine.nl/wervelmetastasen)",
            f'<p><a href="https://www.pallialine.nl/wervelmetastasen" {LINK}>richtlijn</a></p>',
            id="link",
        ),
        pytest.param("3 * 4 * 5", "<p>3 * 4 * 5</p>", id="lone-asterisks"),
        pytest.param("\\*niet cursief\\*", "<p>*niet cursief*</p>", id="escapes"),
    ],
)
def test_the_card_subset_renders(render: WebDriver, markdown: str, html: str) -> None:
    assert _html(render, markdown) == html


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        pytest.param(
            "<img src=x onerror=alert(1)>",
            "<p>&lt;img src=x onerror=alert(1)&gt;</p>",
            id="raw-html-is-text",
        ),
        pytest.param(
            "**<script>alert(1)</script>**",
            "<p><strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong></p>",
            id="html-inside-bold",
        ),
        pytest.param("[klik](javascript:alert(1))", "<p>klik</p>", id="javascript-link"),
        pytest.param("[klik](data:text/html,x)", "<p>klik</p>", id="data-link"),
        pytest.param("[klik](//evil.example/x)", "<p>klik</p>", id="protocol-relative-link"),
        pytest.param("`<b>code</b>`", "<p><code>&lt;b&gt;code&lt;/b&gt;</code></p>", id="code"),
    ],
)
def test_untrusted_text_never_becomes_markup(render: WebDriver, markdown: str, html: str) -> None:
    assert _html(render, markdown) == html
