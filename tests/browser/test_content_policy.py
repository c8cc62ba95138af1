"""The Content-Security-Policy in Chromium: the letter page works under it as it does without it, before and
after instant navigation between pages at different depths, and the violation recorder (tests/conftest.py)
sees a script the policy blocks."""
from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

LETTER = "letters/decline-by-phone/"  # two levels deep; the home page is at the root


def scripted_and_ready(page: Page) -> None:
    expect(page.locator("html.dwg-js")).to_have_count(1)  # the inline head script ran: its hash is allowed
    expect(page.locator("[data-dwg-letter][data-dwg-ready]")).to_have_count(1)


def fill_and_see(page: Page, name: str) -> None:
    page.get_by_label("Your name", exact=True).fill(name)
    expect(page.locator('[data-dwg-body] [data-dwg-slot="your_name"]').first).to_have_text(name)


@pytest.mark.both_builders
def test_the_letter_page_works_under_the_policy_before_and_after_instant_navigation(
        page: Page, served_site: str, csp_violations: list[str]) -> None:
    page.goto(served_site + LETTER)
    assert page.locator('meta[http-equiv="Content-Security-Policy"]').count() == 1
    scripted_and_ready(page)
    fill_and_see(page, "Sam")

    page.evaluate("() => { window.__marker = 'first load'; }")
    page.get_by_role("link", name="Home").first.click()  # instantly, to the root
    expect(page).to_have_url(served_site)
    page.get_by_role("link", name="Write my letter").first.click()
    page.locator("[data-dwg-index]").get_by_role("link", name="Decline by phone").click()
    expect(page).to_have_url(served_site + LETTER)
    scripted_and_ready(page)
    fill_and_see(page, "Alex")
    assert page.evaluate("() => window.__marker") == "first load", "a full page load happened"
    assert csp_violations == []


def test_the_recorder_sees_a_script_the_policy_blocks(page: Page, served_site: str, csp_violations: list[str]) -> None:
    page.goto(served_site)
    page.evaluate("""() => new Promise(resolve => {
        addEventListener("securitypolicyviolation", resolve, {once: true});
        const s = document.createElement("script");
        s.textContent = "window.__ran = true";
        document.head.append(s);
    })""")
    # Reports reach the test in order: once this one has arrived, the blocked script's report has too.
    page.evaluate("() => __dwgCspViolation('last report')")
    assert page.evaluate("() => window.__ran") is None
    assert len(csp_violations) == 2 and "script-src" in csp_violations[0], csp_violations
    csp_violations.clear()  # seen on purpose, so this test passes
