"""One headless Chromium session for the browser checks and the screenshots.

Run with Debian's /usr/bin/python3 (python3-selenium). start() returns a
selenium WebDriver logging the browser console and the network (through
the "performance" log); every wait is bounded; close() ends the driver and
kills whatever Chromium it left. Errors come back as BrowserError with a
plain reason (what is missing and which package brings it).
"""

import base64
import os
import shutil
import signal
import tempfile

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"


class BrowserError(Exception):
    pass


_services = []	# the chromedrivers started (each its own process group)
_profiles = []	# and their profile folders


def kill_all():
    """Kills every chromedriver started and its Chromium, and removes their
    profiles (for a timeout)."""
    for s in _services:
        if getattr(s, "process", None) is not None:
            try:
                os.killpg(s.process.pid, signal.SIGKILL)
            except OSError:
                pass
    for p in _profiles:
        shutil.rmtree(p, ignore_errors=True)


def start(timeout):
    """A headless Chromium under chromedriver; page loads and scripts time
    out after TIMEOUT seconds. The caller owns it: close(driver)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        raise BrowserError("python module selenium missing: install Debian's "
                           "python3-selenium (scripts/deps.sh) and run with "
                           "/usr/bin/python3")
    for path, pkg in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.access(path, os.X_OK):
            raise BrowserError(f"{path} missing: install Debian's {pkg} "
                               "(scripts/deps.sh)")
    profile = tempfile.mkdtemp(prefix="almanac-chromium.")
    _profiles.append(profile)
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu",
              "--disable-dev-shm-usage", "--no-first-run",
              "--disable-background-networking", "--disable-extensions",
              "--disable-component-update", "--disable-sync",
              "--disable-breakpad", "--disable-crash-reporter",
              "--hide-scrollbars", "--force-color-profile=srgb",
              "--allow-file-access-from-files",
              f"--user-data-dir={profile}", "--window-size=1280,900"):
        opts.add_argument(a)
    opts.set_capability("goog:loggingPrefs",
                        {"browser": "ALL", "performance": "ALL"})
    opts.add_experimental_option("perfLoggingPrefs",
                                 {"enableNetwork": True, "enablePage": False})
    # its own process group: close() and kill_all() end Chromium with it
    # HOME and the XDG folders in the profile: nothing written elsewhere
    env = dict(os.environ, HOME=profile, XDG_CONFIG_HOME=profile + "/config",
               XDG_CACHE_HOME=profile + "/cache")
    service = Service(CHROMEDRIVER, env=env, popen_kw={"start_new_session": True})
    _services.append(service)
    try:
        driver = webdriver.Chrome(service=service, options=opts)
    except Exception as e:
        kill_all()
        raise BrowserError(f"Chromium did not start: {str(e).strip()[:300]}")
    driver._almanac_profile = profile
    driver.set_page_load_timeout(timeout)
    driver.set_script_timeout(timeout)
    driver.implicitly_wait(0)
    return driver


def close(driver):
    """Ends the session, then kills what is left of chromedriver's process
    group (Chromium's helpers), and removes the profile."""
    proc = getattr(driver.service, "process", None)
    try:
        driver.quit()
    except Exception:
        pass
    if proc is not None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except OSError:
            pass
    if driver.service in _services:
        _services.remove(driver.service)
    profile = getattr(driver, "_almanac_profile", "")
    shutil.rmtree(profile, ignore_errors=True)
    if profile in _profiles:
        _profiles.remove(profile)


def set_width(driver, width, height=900, dark=False):
    """Emulates a window WIDTH x HEIGHT css pixels (a phone's when narrow:
    the viewport meta then decides the layout width) and the colour scheme."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1,
        "mobile": width < 600})
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {
        "media": "screen",
        "features": [{"name": "prefers-color-scheme",
                      "value": "dark" if dark else "light"}]})


def shot(driver, path, width, height, scale=1.0):
    """A PNG of the page's top WIDTH x HEIGHT css pixels (less when the page
    is shorter) at SCALE, written to PATH."""
    full = driver.execute_script(
        "return document.documentElement.scrollHeight")
    clip = {"x": 0, "y": 0, "width": width,
            "height": min(height, max(int(full), 1)), "scale": scale}
    r = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "clip": clip, "captureBeyondViewport": True})
    with open(path, "wb") as f:
        f.write(base64.b64decode(r["data"]))
