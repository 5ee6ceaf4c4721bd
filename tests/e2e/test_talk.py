"""End-to-end: "Talk to this agent" in headless Chromium against `parley serve` with offline speech.

Chromium's fake microphone plays flite's slt voice asking for an appointment; the page streams it
through an AudioWorklet over the authenticated WebSocket; Whisper hears it, the demo agent's flow
answers, Piper speaks, and the page shows the live transcript and per-turn latency. Hanging up
links to the stored call record.
"""

from __future__ import annotations

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from test_dashboard import NEW_PASSWORD, button_with_text, path_is, submit_login

ANSWER = "What day would you like to come in?"
CALL_WAIT = 90


def test_talk_to_the_demo_agent_in_the_browser(voice_server, talking_browser):
    base = voice_server.base_url
    driver = talking_browser
    submit_login(driver, base, voice_server.owner_email, voice_server.one_time_password)
    WebDriverWait(driver, 10).until(path_is(base, "/settings"))
    form = driver.find_element(By.CSS_SELECTOR, "form[action='/account/password']")
    form.find_element(By.NAME, "new").send_keys(NEW_PASSWORD)
    form.find_element(*button_with_text("Change password")).click()
    WebDriverWait(driver, 10).until(path_is(base, "/dashboard"))

    # The agent page links to the talk page.
    driver.get(base + "/agents/demo")
    WebDriverWait(driver, 10).until(EC.element_to_be_clickable((By.LINK_TEXT, "Talk to this agent →"))).click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/talk"))
    driver.find_element(By.ID, "talk-start").click()

    def agent_answered(d):
        rows = d.find_elements(By.CSS_SELECTOR, "#talk-transcript tr.line-agent")
        error = d.find_element(By.ID, "talk-error")
        assert not error.is_displayed(), f"the page shows an error: {error.text}\n{voice_server.log_tail()}"
        return any(ANSWER in row.text for row in rows)

    WebDriverWait(driver, CALL_WAIT).until(agent_answered, f"no agent answer on the page:\n{voice_server.log_tail()}")
    caller_lines = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#talk-transcript tr.line-caller")]
    assert any("appointment" in line.lower() for line in caller_lines), caller_lines
    WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#talk-latency tbody tr"))
    latency = driver.find_element(By.CSS_SELECTOR, "#talk-latency tbody tr").text
    assert " ms" in latency, latency

    # Hanging up ends the call and links to its record, which has the same conversation.
    driver.find_element(By.ID, "talk-stop").click()
    status = driver.find_element(By.ID, "talk-status")
    WebDriverWait(driver, 20).until(lambda d: "Call ended" in status.text)
    status.find_element(By.TAG_NAME, "a").click()
    WebDriverWait(driver, 10).until(lambda d: "/calls/cal_" in d.current_url)
    assert ANSWER in driver.find_element(By.ID, "transcript").text
    assert "browser" in driver.find_element(By.TAG_NAME, "main").text
