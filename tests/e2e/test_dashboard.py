"""End-to-end: the dashboard in a real (headless) browser against a real `parley serve`.

First login with the one-time password -> forced password change -> overview -> create an API
key (secret shown once) -> the secret works against the API -> it is gone on reload -> log out.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "e2e"
NEW_PASSWORD = "e2e-Correct-Horse-42"
KEY_NAME = "e2e key"
KEY_ROLE = "member"
WAIT = 10


def wait(driver):
    return WebDriverWait(driver, WAIT)


def path_is(base_url: str, path: str):
    def check(driver):
        url = driver.current_url.split("?", 1)[0].split("#", 1)[0]
        return url == base_url + path
    return check


def submit_login(driver, base_url: str, email: str, password: str) -> None:
    driver.get(base_url + "/login")
    form = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "form[action='/login']")))
    email_input = form.find_element(By.NAME, "email")
    email_input.clear()
    email_input.send_keys(email)
    form.find_element(By.NAME, "password").send_keys(password)
    button = form.find_element(By.CSS_SELECTOR, "button[type='submit']")
    button.click()
    wait(driver).until(EC.staleness_of(button))


def button_with_text(text: str):
    return (By.XPATH, f"//button[normalize-space()='{text}']")


def test_owner_first_login_creates_api_key_and_logs_out(parley_server, browser):
    base = parley_server.base_url
    driver = browser

    # 1. First login with the one-time password lands on the forced password change.
    submit_login(driver, base, parley_server.owner_email, parley_server.one_time_password)
    wait(driver).until(path_is(base, "/settings"))
    assert "You signed in with a one-time password. Choose your own now." in driver.find_element(By.TAG_NAME, "main").text
    form = driver.find_element(By.CSS_SELECTOR, "form[action='/account/password']")
    # With a one-time password there is no "current password" field.
    assert not form.find_elements(By.NAME, "current")
    form.find_element(By.NAME, "new").send_keys(NEW_PASSWORD)
    change = form.find_element(*button_with_text("Change password"))
    change.click()

    # 2. The overview shows the flash and the organization's name.
    wait(driver).until(path_is(base, "/dashboard"))
    flash = wait(driver).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "p.flash")))
    assert flash.text.strip() == "Password changed."
    assert driver.find_element(By.TAG_NAME, "h1").text.strip() == "Default organization"
    nav = driver.find_element(By.CSS_SELECTOR, "header nav")
    for label in ("Users & roles", "API keys", "Settings"):
        assert nav.find_elements(By.LINK_TEXT, label), f"nav link {label!r} missing"

    # 3. Create an API key; the secret is shown once, the key is listed.
    nav.find_element(By.LINK_TEXT, "API keys").click()
    wait(driver).until(path_is(base, "/api-keys"))
    form = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "form[action='/api-keys']")))
    form.find_element(By.NAME, "name").send_keys(KEY_NAME)
    Select(form.find_element(By.NAME, "role")).select_by_value(KEY_ROLE)
    create = form.find_element(*button_with_text("Create API key"))
    create.click()
    wait(driver).until(EC.staleness_of(create))

    secret_el = wait(driver).until(EC.visibility_of_element_located((By.ID, "new-secret")))
    secret = secret_el.text.strip()
    assert secret.startswith("pk_"), f"unexpected secret {secret!r}"
    assert len(secret) > len("pk_") + 16

    def key_row(d):
        for row in d.find_elements(By.CSS_SELECTOR, "#keys tbody tr"):
            cells = [c.text.strip() for c in row.find_elements(By.TAG_NAME, "td")]
            if cells and cells[0] == KEY_NAME:
                return cells
        return False

    cells = wait(driver).until(key_row)
    # Columns: Name, Key (prefix…), Role, Created, Last used, Status, actions.
    assert cells[2] == KEY_ROLE
    assert cells[5] == "active"
    prefix = cells[1].rstrip("…")
    assert prefix and secret.startswith(prefix), f"listed prefix {cells[1]!r} does not match the secret"
    assert secret not in cells[1], "the key list must show only a prefix"

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "api-keys.png"))

    # 4. A fresh GET of the page (not a re-POST) still lists the key but never shows the secret.
    driver.get(base + "/api-keys")
    wait(driver).until(key_row)
    assert not driver.find_elements(By.ID, "new-secret")
    assert secret not in driver.page_source, "the API key secret is still in the page after reload"

    # 5. The secret authenticates against the API.
    req = urllib.request.Request(base + "/v1/me", headers={"Authorization": f"Bearer {secret}",
                                                           "Accept": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        assert resp.status == 200
        assert resp.headers.get_content_type() == "application/json"
        me = json.load(resp)
    assert "role" in me, me
    assert me["role"] == KEY_ROLE, me

    # 6. Log out from the header and land on the login form.
    logout = driver.find_element(*button_with_text(f"Log out {parley_server.owner_email}"))
    logout.click()
    wait(driver).until(path_is(base, "/login"))
    form = wait(driver).until(EC.presence_of_element_located((By.CSS_SELECTOR, "form[action='/login']")))
    assert form.find_element(By.NAME, "email").is_displayed()
    assert form.find_element(By.NAME, "password").is_displayed()
    assert not driver.find_elements(By.CSS_SELECTOR, "header.top")
    # The session really ended: the dashboard sends us back to the login page.
    driver.get(base + "/dashboard")
    wait(driver).until(path_is(base, "/login"))


def test_wrong_password_is_rejected(parley_server, browser):
    base = parley_server.base_url
    submit_login(browser, base, parley_server.owner_email, "definitely-not-the-password")
    alert = wait(browser).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[role='alert']")))
    assert alert.text.strip() == "Email or password is incorrect."
    assert path_is(base, "/login")(browser)
    # The form is shown again, email kept, password cleared.
    form = browser.find_element(By.CSS_SELECTOR, "form[action='/login']")
    assert form.find_element(By.NAME, "email").get_attribute("value") == parley_server.owner_email
    assert form.find_element(By.NAME, "password").get_attribute("value") == ""
    assert not browser.find_elements(By.CSS_SELECTOR, "header.top")
