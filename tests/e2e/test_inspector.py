"""The inspector page at /__specmock/ui in a real headless Chromium (Debian's `chromium` + `chromium-driver`).

`.ci/run` installs both with apt-get when they are missing; where they still cannot be had,
these tests skip and say why. Set SPECMOCK_SCREENSHOT=path to keep a screenshot of the page.
"""

from __future__ import annotations

import os
import shutil
import time
import warnings
from collections.abc import Iterator

import httpx
import pytest

from tests.specmock_server import SpecmockServer, new_key

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")

try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait
    SELENIUM = True
except ImportError:
    SELENIUM = False

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER and SELENIUM),
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver, as .ci/run does) "
    f"and selenium; found chromium={CHROMIUM}, chromedriver={CHROMEDRIVER}, selenium={SELENIUM}",
)


@pytest.fixture(scope="module")
def server() -> Iterator[SpecmockServer]:
    with SpecmockServer() as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1400,900",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def wait(browser: webdriver.Chrome, condition, seconds: float = 15) -> object:
    return WebDriverWait(browser, seconds, poll_frequency=0.1).until(condition)


def journal_row(browser: webdriver.Chrome, text: str):
    def found(driver: webdriver.Chrome):
        for row in driver.find_elements(By.CSS_SELECTOR, "#journal-rows tr"):
            if text in row.text:
                return row
        return False

    return wait(browser, found)


def test_a_request_appears_in_the_journal_with_its_details(server, browser):
    browser.get(server.url + "/__specmock/ui")
    wait(browser, lambda d: "live" in d.find_element(By.ID, "status").text)
    key = new_key()
    with server.client(key) as client:
        rejected = client.post("/aeriox/v1/images/generate?from=browser-test", json={"prompt": 3})
        accepted = client.post("/aeriox/v1/images/generate", json={"model": "flux-pro", "prompt": "a red fox"})
    assert rejected.status_code in (400, 422) and accepted.status_code < 300

    row = journal_row(browser, "/aeriox/v1/images/generate?from=browser-test")
    assert str(rejected.status_code) in row.text and "generateImage" in row.text
    row.click()
    detail = wait(browser, lambda d: d.find_element(By.ID, "detail-pane").is_displayed() and d)
    violations = detail.find_element(By.ID, "detail-violations").text
    assert "prompt" in violations
    assert '"prompt": 3' in detail.find_element(By.ID, "request-body").text
    assert key not in detail.find_element(By.ID, "request-headers").text  # masked
    assert "authorization: Bearer sk_l…" in detail.find_element(By.ID, "request-headers").text

    rows = browser.find_elements(By.CSS_SELECTOR, "#journal-rows tr")
    newest = rows[0].text
    assert str(accepted.status_code) in newest and "wallet/" in newest  # the rules that decided it
    if os.environ.get("SPECMOCK_SCREENSHOT"):
        rows[0].click()
        time.sleep(0.3)
        browser.save_screenshot(os.environ["SPECMOCK_SCREENSHOT"])


def test_scenarios_toggle_and_state_reset_from_the_page(server, browser):
    browser.get(server.url + "/__specmock/ui")
    box = wait(browser, lambda d: d.find_element(By.CSS_SELECTOR, 'input[data-scenario="insufficient-funds"]'))
    assert not box.is_selected()
    box.click()
    admin = httpx.Client(base_url=server.url + "/__specmock", timeout=10)
    deadline = time.monotonic() + 10
    while "insufficient-funds" not in admin.get("/scenarios").json()["active"] and time.monotonic() < deadline:
        time.sleep(0.1)
    key = new_key()
    with server.client(key) as client:
        assert client.post("/aeriox/v1/images/generate", json={"model": "flux-pro", "prompt": "x"}).status_code == 402
        box.click()
        while "insufficient-funds" in admin.get("/scenarios").json()["active"] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert client.post("/aeriox/v1/images/generate", json={"model": "flux-pro", "prompt": "x"}).status_code < 300
    assert f"aeriox:{key}" in admin.get("/state/wallets").json()["wallets"]

    browser.find_element(By.ID, "refresh-state").click()
    wait(browser, lambda d: key[:4] in d.find_element(By.ID, "state").text)
    browser.find_element(By.ID, "reset-state").click()
    wait(browser, lambda d: d.find_element(By.ID, "state").text.strip() == "{}")  # reloaded after the reset
    assert admin.get("/state/wallets").json()["wallets"] == {}


def test_the_page_is_plain_files_with_no_outside_resource(server):
    page = httpx.get(server.url + "/__specmock/ui")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]
    for asset in ("/__specmock/ui/inspector.js", "/__specmock/ui/inspector.css"):
        assert httpx.get(server.url + asset).status_code == 200
    assert "http://" not in page.text and "https://" not in page.text  # no CDN
    assert httpx.get(server.url + "/__specmock/ui/../admin.py").status_code == 404
