"""A user's journey through Swagger UI (npm's `swagger-ui-dist`, as published) against `specmock serve --specs DIR`.

Swagger UI is the frontend most developers first point at an OpenAPI API: it reads the document the mock
serves and sends real requests from the page ("Try it out"). In headless Chromium (Debian's `chromium` +
`chromium-driver`, driven by selenium) the user signs in (Authorize, a bearer token), creates an animal,
sees it in the list with what was typed, edits it, creates another and sees the count change, reloads the
page and still sees it all. The page is served by a plain static server on 127.0.0.1, another origin than
the mock's, as a real deployment is (so CORS is on the way too).

Skips saying why when chromium, chromium-driver, selenium or npm (for swagger-ui-dist) cannot be had.
Set SPECMOCK_SCREENSHOT_SWAGGER=path to keep a screenshot of the last step.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import node_tools
from tests.specmock_server import SpecmockServer, self_check_violations

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
ZOO = Path(__file__).resolve().parents[1] / "data" / "specs" / "zoo.openapi.yaml"
TOKEN = "sk_live_swagger_journey"

try:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
        from selenium.webdriver.common.by import By
        from selenium.webdriver.common.keys import Keys
        from selenium.webdriver.remote.webelement import WebElement
        from selenium.webdriver.support.ui import Select, WebDriverWait
    SELENIUM = True
except ImportError:
    SELENIUM = False

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and CHROMEDRIVER and SELENIUM),
    reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver, as .ci/run does) "
    f"and selenium; found chromium={CHROMIUM}, chromedriver={CHROMEDRIVER}, selenium={SELENIUM}",
)

PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8"><title>Zoo API</title><link rel="stylesheet" href="./swagger-ui.css"></head>
<body>
<div id="swagger-ui"></div>
<script src="./swagger-ui-bundle.js"></script>
<script src="./swagger-ui-standalone-preset.js"></script>
<script>
window.ui = SwaggerUIBundle({
  url: "%s/openapi.json",
  dom_id: "#swagger-ui",
  presets: [SwaggerUIBundle.presets.apis],
  persistAuthorization: true,
  tryItOutEnabled: true,
});
</script>
</body>
</html>
"""


@pytest.fixture(scope="module")
def server() -> Iterator[SpecmockServer]:
    with SpecmockServer("--specs", str(ZOO.parent), "--api", "zoo") as running:
        yield running
    assert self_check_violations(running.stderr) == []


@pytest.fixture(scope="module")
def page(server: SpecmockServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Swagger UI's files with an index pointing at the mock, on a static server of their own."""
    problem = node_tools.ensure()
    if problem is not None:
        pytest.skip(problem)
    folder = tmp_path_factory.mktemp("swagger-ui")
    dist = node_tools.modules() / "swagger-ui-dist"
    for name in ("swagger-ui.css", "swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"):
        shutil.copy(dist / name, folder / name)
    (folder / "index.html").write_text(PAGE % server.url)
    handler = functools.partial(_QuietHandler, directory=str(folder))
    static = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=static.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{static.server_address[1]}/index.html"
    static.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM or ""
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def wait(browser: webdriver.Chrome, condition: Callable[[Any], Any], seconds: float = 20) -> Any:
    return WebDriverWait(browser, seconds, poll_frequency=0.1).until(condition)


class SwaggerUI:
    """What a user does on the page, in the words of its controls."""

    def __init__(self, browser: webdriver.Chrome) -> None:
        self.browser = browser

    def open(self, url: str) -> None:
        self.browser.get(url)
        wait(self.browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock"))

    def sign_in(self, token: str) -> None:
        self.browser.find_element(By.CSS_SELECTOR, ".auth-wrapper .authorize").click()
        field = wait(self.browser, lambda d: d.find_element(By.CSS_SELECTOR, ".auth-container input"))
        field.send_keys(token)
        self.browser.find_element(By.CSS_SELECTOR, ".auth-btn-wrapper .modal-btn.authorize").click()
        self.browser.find_element(By.CSS_SELECTOR, ".auth-btn-wrapper .btn-done").click()

    def operation(self, operation_id: str) -> WebElement:
        block = self.browser.find_element(By.ID, f"operations-default-{operation_id}")
        if "is-open" not in (block.get_attribute("class") or ""):
            block.find_element(By.CSS_SELECTOR, ".opblock-summary-control").click()
            wait(self.browser, lambda d: block.find_elements(By.CSS_SELECTOR, "button.execute"))
        return block

    def send(self, operation_id: str, body: dict[str, Any] | None = None, **params: str) -> tuple[int, Any]:
        """Fill in the operation's form (parameters, JSON body), press Execute, read the answer shown."""
        block = self.operation(operation_id)
        for name, value in params.items():
            row = block.find_element(By.CSS_SELECTOR, f'tr[data-param-name="{name}"]')
            choices = row.find_elements(By.CSS_SELECTOR, "select")
            if choices:  # an enum: a drop-down
                Select(choices[0]).select_by_visible_text(value)
                continue
            field = row.find_element(By.CSS_SELECTOR, "input")
            field.send_keys(Keys.CONTROL, "a")
            field.send_keys(value)
        if body is not None:
            # the body editor renders after the operation opens: on a loaded machine, later than its Execute button
            editor = wait(self.browser, lambda d: block.find_element(By.CSS_SELECTOR, "textarea.body-param__text"))
            editor.send_keys(Keys.CONTROL, "a")
            editor.send_keys(Keys.DELETE)
            editor.send_keys(json.dumps(body))
        for old in block.find_elements(By.CSS_SELECTOR, "button.btn-clear"):
            old.click()  # the previous answer, so the one read below is this request's
        block.find_element(By.CSS_SELECTOR, "button.execute").click()
        answer = wait(self.browser, lambda d: block.find_elements(By.CSS_SELECTOR, ".live-responses-table .response"))
        status = int(answer[0].find_element(By.CSS_SELECTOR, ".response-col_status").text.split()[0])
        shown = answer[0].find_elements(By.CSS_SELECTOR, ".response-col_description .highlight-code")
        text = shown[0].find_element(By.CSS_SELECTOR, "pre").text if shown else ""
        assert not text.strip() or text.lstrip()[0] in "[{", f"{operation_id} answered {status}: {text[:300]!r}"
        return status, json.loads(text) if text.strip() else None


def test_sign_in_create_see_edit_count_and_reload(page: str, browser: webdriver.Chrome) -> None:
    ui = SwaggerUI(browser)
    ui.open(page)
    ui.sign_in(TOKEN)

    status, before = ui.send("listAnimals")
    assert status == 200 and before["total"] == len(before["data"])  # this key's seeded animals

    typed = {"name": "Mittens", "species": "cat", "status": "available"}
    status, made = ui.send("addAnimal", typed)
    assert status == 201 and {k: made[k] for k in typed} == typed

    status, listed = ui.send("listAnimals")
    assert status == 200 and made in listed["data"] and listed["total"] == before["total"] + 1

    edited = {"id": made["id"], "name": "Mittens the Brave", "species": "cat", "status": "pending"}
    status, changed = ui.send("updateAnimal", edited)
    assert status == 200 and {k: changed[k] for k in edited} == edited

    status, shown = ui.send("getAnimal", animalId=str(made["id"]))
    assert status == 200 and shown == changed

    status, second = ui.send("addAnimal", {"name": "Rex", "species": "dog"})
    assert status == 201 and second["id"] != made["id"]
    status, listed = ui.send("listAnimals")
    assert listed["total"] == before["total"] + 2 and {changed["name"], "Rex"} <= {a["name"] for a in listed["data"]}

    browser.refresh()  # the token stays (persistAuthorization), and so does everything made
    wait(browser, lambda d: d.find_elements(By.CSS_SELECTOR, ".opblock"))
    status, again = ui.send("listAnimals")
    assert status == 200 and again == listed
    status, pending = ui.send("findAnimalsByStatus", status="pending")
    assert status == 200 and changed in pending and {a["status"] for a in pending} == {"pending"}
    assert pending == [a for a in again["data"] if a["status"] == "pending"]
    if os.environ.get("SPECMOCK_SCREENSHOT_SWAGGER"):
        browser.save_screenshot(os.environ["SPECMOCK_SCREENSHOT_SWAGGER"])
