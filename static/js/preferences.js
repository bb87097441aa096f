/* Reader preferences (theme, text size, reading view), kept in localStorage and applied to
   <html> before the first paint, so a saved dark theme never flashes white. A classic script,
   not a module: modules do not load from file://, and snapshots are opened from there. */
(() => {
  "use strict";
  const root = document.documentElement;
  const key = (name) => "site-builder." + name;
  const load = (name) => { try { return localStorage.getItem(key(name)); } catch { return null; } };
  const save = (name, value) => { try { localStorage.setItem(key(name), value); } catch { /* private mode */ } };
  const SIZES = 5;
  const VIEWS = ["parallel", "translation", "original", "stacked"];

  root.classList.add("js");
  const theme = load("theme");
  if (theme === "light" || theme === "dark") root.dataset.theme = theme;
  const size = load("text-size");
  if (/^\d$/.test(size) && Number(size) < SIZES) root.dataset.textSize = size;
  const asked = new URLSearchParams(location.search).get("view");
  const view = VIEWS.includes(asked) ? asked : load("view");
  if (VIEWS.includes(view)) root.dataset.view = view;

  const dark = () => root.dataset.theme
    ? root.dataset.theme === "dark"
    : matchMedia("(prefers-color-scheme: dark)").matches;

  document.addEventListener("DOMContentLoaded", () => {
    for (const button of document.querySelectorAll("[data-theme-toggle]")) {
      button.hidden = false;
      button.setAttribute("aria-pressed", String(dark()));
      button.addEventListener("click", () => {
        root.dataset.theme = dark() ? "light" : "dark";
        save("theme", root.dataset.theme);
        button.setAttribute("aria-pressed", String(dark()));
      });
    }
    const current = () => Number(root.dataset.textSize || 1);
    const buttons = document.querySelectorAll("[data-text-size-step]");
    const update = () => {
      for (const button of buttons) {
        const next = current() + Number(button.dataset.textSizeStep);
        button.disabled = next < 0 || next >= SIZES;
      }
    };
    for (const button of buttons) {
      button.addEventListener("click", () => {
        const next = current() + Number(button.dataset.textSizeStep);
        if (next < 0 || next >= SIZES) return;
        root.dataset.textSize = String(next);
        save("text-size", String(next));
        update();
      });
    }
    update();
  });
})();
