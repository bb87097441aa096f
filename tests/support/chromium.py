"""Launch the system's Chromium (Debian's /usr/bin/chromium) through Playwright.

Never the browsers that ``playwright install`` downloads: ``make test`` installs Debian's
``chromium`` with apt, and the test machines have no general network access.
"""

from playwright.sync_api import Browser, Playwright

CHROMIUM_PATH = "/usr/bin/chromium"

CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium keeps calling home, which on a closed network floods the log
    # with errors and slows start-up.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def launch_chromium(playwright: Playwright) -> Browser:
    """Start headless Chromium from ``CHROMIUM_PATH`` with ``CHROMIUM_ARGS``."""
    return playwright.chromium.launch(
        executable_path=CHROMIUM_PATH, args=list(CHROMIUM_ARGS), headless=True
    )
