/* The reading page's behaviour: views, note popovers, passage links and ranges, the link to a
   selection, and the Cite panel. Without this script every text and note is still on the page
   and every reference is a plain link to its note. A classic deferred script (modules do not
   load from file://). Hooks: DESIGN.md §7. */
(() => {
  "use strict";
  const root = document.documentElement;
  const article = document.querySelector(".reading");
  if (!article) return;
  const VIEWS = ["parallel", "translation", "original", "stacked"];
  const cite = document.getElementById("cite");
  const pageUrl = (cite && cite.dataset.url) || location.href.split(/[?#]/)[0];
  const save = (name, value) => { try { localStorage.setItem("site-builder." + name, value); } catch { /* private mode */ } };
  const element = (tag, attributes = {}, text = "") => {
    const made = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, value);
    if (text) made.textContent = text;
    return made;
  };

  /* A polite live region for "copied" and similar messages. */
  const status = element("div", { class: "visually-hidden", role: "status" });
  document.body.append(status);
  const announce = (message) => { status.textContent = ""; setTimeout(() => { status.textContent = message; }, 50); };

  async function copy(text, button, message) {
    let done = false;
    try {
      await navigator.clipboard.writeText(text);
      done = true;
    } catch {
      const area = element("textarea", { class: "visually-hidden", "aria-hidden": "true" });
      area.value = text;
      document.body.append(area);
      area.select();
      try { done = document.execCommand("copy"); } catch { done = false; }
      area.remove();
      button.focus();
    }
    button.dataset.copied = text;
    const label = button.textContent;
    button.textContent = done ? "Copied" : "Copy failed";
    announce(done ? message : "Could not copy; select the text and copy it yourself.");
    setTimeout(() => { button.textContent = label; }, 1600);
  }

  /* Views: ?view= wins, then the saved choice (both already applied by preferences.js). */
  const controls = document.querySelector("[data-reading-controls]");
  if (controls) controls.hidden = false;
  const radios = [...document.querySelectorAll('input[name="view"]')];
  const setView = (view, remember) => {
    root.dataset.view = view;
    for (const radio of radios) radio.checked = radio.value === view;
    if (!remember) return;
    save("view", view);
    const url = new URL(location.href);
    url.searchParams.set("view", view);
    history.replaceState(history.state, "", url);
  };
  if (radios.length) {
    setView(VIEWS.includes(root.dataset.view) ? root.dataset.view : "parallel", false);
    for (const radio of radios) radio.addEventListener("change", () => radio.checked && setView(radio.value, true));
  }

  /* Popovers: one at a time, beside what opened them; Esc, a click outside or leaving it by
     Tab closes it and focus goes back to the opener. */
  let open = null;
  const popover = element("div", { class: "popover", role: "dialog", tabindex: "-1", hidden: "", "aria-labelledby": "popover-title" });
  const popoverTitle = element("p", { class: "popover-title", id: "popover-title" });
  const popoverBody = element("div", { class: "popover-body" });
  const closeButton = element("button", { type: "button", class: "popover-close", "aria-label": "Close" }, "×");
  popover.append(popoverTitle, popoverBody, closeButton);
  document.body.append(popover);

  function place(anchor) {
    const box = anchor.getBoundingClientRect();
    const width = popover.offsetWidth;
    const gap = 6;
    const left = Math.min(Math.max(8, box.left - 16), root.clientWidth - width - 8);
    const below = box.bottom + gap + popover.offsetHeight <= innerHeight || box.top < popover.offsetHeight + gap;
    const top = below ? box.bottom + gap : box.top - gap - popover.offsetHeight;
    popover.style.left = `${Math.max(8, left) + scrollX}px`;
    popover.style.top = `${top + scrollY}px`;
  }

  function showPopover(opener, title, nodes, extraClass) {
    if (open && open.opener === opener) { closePopover(true); return; }
    closePopover(false);
    popoverTitle.textContent = title;
    popoverBody.replaceChildren(...nodes);
    popover.className = "popover" + (extraClass ? " " + extraClass : "");
    popover.hidden = false;
    opener.setAttribute("aria-expanded", "true");
    open = { opener };
    place(opener);
    popover.focus({ preventScroll: true });
  }

  function closePopover(returnFocus) {
    if (!open) return;
    const { opener } = open;
    open = null;
    popover.hidden = true;
    popoverBody.replaceChildren();
    opener.setAttribute("aria-expanded", "false");
    if (returnFocus) opener.focus({ preventScroll: true });
  }

  closeButton.addEventListener("click", () => closePopover(true));
  popover.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { event.preventDefault(); closePopover(true); return; }
    if (event.key !== "Tab") return;
    const focusable = [...popover.querySelectorAll("a[href], button, input, [tabindex='0']")];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const leaving = event.shiftKey
      ? document.activeElement === first || document.activeElement === popover
      : document.activeElement === last;
    if (leaving) { event.preventDefault(); closePopover(true); }
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && open) closePopover(true);
  });
  document.addEventListener("click", (event) => {
    if (open && !popover.contains(event.target) && !open.opener.contains(event.target)) {
      const focusable = event.target.closest("a, button, input, select, textarea, summary, label");
      closePopover(!focusable);
    }
  });
  addEventListener("resize", () => open && place(open.opener));

  /* Note references open their note in a popover; the link still leads to the endnote. */
  for (const ref of document.querySelectorAll('a[role="doc-noteref"]')) {
    const target = document.getElementById(decodeURIComponent(ref.hash.slice(1)));
    if (!target) continue;
    ref.setAttribute("aria-expanded", "false");
    ref.setAttribute("aria-haspopup", "dialog");
    ref.addEventListener("click", (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button) return;
      event.preventDefault();
      const editor = Boolean(target.closest(".note-group-editor"));
      const label = target.dataset.label || ref.textContent;
      const text = target.querySelector(".note-text") || target;
      const nodes = [...text.cloneNode(true).childNodes];
      for (const node of nodes) if (node.querySelectorAll) for (const back of node.querySelectorAll('[role="doc-backlink"]')) back.remove();
      const footer = element("p", { class: "popover-footer" });
      footer.append(element("a", { href: "#" + target.id }, "Go to the note in the list of notes"));
      showPopover(ref, (editor ? "Note to the editor’s note " : "Note ") + label, [...nodes, footer], editor ? "popover-editor" : "");
    });
  }
  popover.addEventListener("click", (event) => {
    if (event.target.closest(".popover-footer a")) closePopover(false);
  });

  /* Passages: highlight #p12 and ranges #p12-p15 when arriving or when the hash changes. */
  const passages = [...document.querySelectorAll(".passage")];
  function highlight() {
    for (const passage of document.querySelectorAll(".passage.is-highlighted")) passage.classList.remove("is-highlighted");
    const range = decodeURIComponent(location.hash.slice(1)).match(/^(p[\w.]+)-(p[\w.]+)$/);
    if (!range) return;
    const first = passages.findIndex((passage) => passage.id === range[1]);
    const last = passages.findIndex((passage) => passage.id === range[2]);
    if (first < 0 || last < first) return;
    for (const passage of passages.slice(first, last + 1)) passage.classList.add("is-highlighted");
    passages[first].scrollIntoView({ block: "start" });
  }
  addEventListener("hashchange", highlight);
  highlight();

  /* One "Copy link · Cite" toolbar, moved to the passage under the pointer or focus. */
  const tools = element("div", { class: "passage-tools", hidden: "" });
  const copyLink = element("button", { type: "button" }, "Copy link");
  const citeButton = cite ? element("button", { type: "button" }, "Cite") : null;
  tools.append(copyLink, ...(citeButton ? [citeButton] : []));
  let toolsPassage = null;
  function showTools(passage) {
    const number = passage.querySelector(":scope > .passage-number[data-label]");
    if (!number || toolsPassage === passage) return;
    toolsPassage = passage;
    const label = number.dataset.label;
    copyLink.setAttribute("aria-label", `Copy link to passage ${label}`);
    if (citeButton) citeButton.setAttribute("aria-label", `Cite passage ${label}`);
    number.after(tools);
    tools.hidden = false;
  }
  function hideTools() {
    tools.hidden = true;
    toolsPassage = null;
  }
  const passageOf = (node) => node instanceof Element && node.closest(".passage");
  // A mouse over a passage, or focus in it, offers the tools. A finger tapping the text is
  // reading, not asking for tools (they would cover the line above): on touch screens they
  // come with focus, from the passage number.
  article.addEventListener("pointerover", (event) => {
    if (event.pointerType === "touch") return;
    const passage = passageOf(event.target);
    if (passage) showTools(passage);
  });
  article.addEventListener("pointerleave", (event) => {
    if (event.pointerType !== "touch" && !tools.contains(document.activeElement)) hideTools();
  });
  article.addEventListener("focusin", (event) => { const passage = passageOf(event.target); if (passage) showTools(passage); });
  article.addEventListener("focusout", (event) => {
    if (!(event.relatedTarget instanceof Node && article.contains(event.relatedTarget))) hideTools();
  });
  copyLink.addEventListener("click", () => {
    const label = toolsPassage.querySelector(".passage-number").dataset.label;
    copy(`${pageUrl}#${toolsPassage.id}`, copyLink, `Link to passage ${label} copied`);
  });

  /* Selecting text offers a link that opens the page at that text (#p12:~:text=...). */
  const selectionTools = element("div", { class: "selection-tools", hidden: "" });
  const selectionButton = element("button", { type: "button" }, "Copy link to selection");
  selectionTools.append(selectionButton);
  document.body.append(selectionTools);
  const encode = (text) => encodeURIComponent(text).replace(/-/g, "%2D");
  function fragmentLink(selection) {
    const text = selection.toString().replace(/\s+/g, " ").trim();
    const passage = passageOf(selection.anchorNode && selection.anchorNode.parentElement);
    if (!text || !passage) return null;
    const words = text.split(" ");
    const directive = words.length > 12
      ? `${encode(words.slice(0, 4).join(" "))},${encode(words.slice(-4).join(" "))}`
      : encode(text);
    return `${pageUrl}#${passage.id}:~:text=${directive}`;
  }
  let selectionLink = null;
  document.addEventListener("selectionchange", () => {
    const selection = getSelection();
    selectionLink = selection && !selection.isCollapsed ? fragmentLink(selection) : null;
    if (!selectionLink) { selectionTools.hidden = true; return; }
    const box = selection.getRangeAt(0).getBoundingClientRect();
    selectionTools.hidden = false;
    const left = Math.min(Math.max(8, box.left), root.clientWidth - selectionTools.offsetWidth - 8);
    selectionTools.style.left = `${left + scrollX}px`;
    selectionTools.style.top = `${box.bottom + 8 + scrollY}px`;
  });
  selectionButton.addEventListener("mousedown", (event) => event.preventDefault());
  selectionButton.addEventListener("click", () => {
    if (selectionLink) copy(selectionLink, selectionButton, "Link to the selected text copied");
  });

  /* The Cite panel: copy buttons, and "cite a passage" from its templates. */
  if (!cite) return;
  for (const button of cite.querySelectorAll("[data-copy]")) {
    button.hidden = false;
    button.addEventListener("click", () => {
      const text = document.getElementById(button.dataset.copy).textContent;
      copy(text, button, `${button.getAttribute("aria-describedby") ? document.getElementById(button.getAttribute("aria-describedby")).textContent : ""} citation copied`);
    });
  }
  const passageBox = cite.querySelector(".cite-passage");
  const input = cite.querySelector("#cite-passage");
  const scope = cite.querySelector("#cite-scope");
  const texts = [...cite.querySelectorAll("[data-passage-template]")];
  const originals = texts.map((text) => text.textContent);
  passageBox.hidden = false;
  function citePassage(label) {
    const number = label && [...document.querySelectorAll(".passage-number[data-label]")].find((link) => link.dataset.label === label);
    input.setCustomValidity(label && !number ? "No such passage" : "");
    input.setAttribute("aria-invalid", String(Boolean(label && !number)));
    if (!number) {
      texts.forEach((text, index) => { text.textContent = originals[index]; });
      scope.textContent = label ? `There is no passage ¶ ${label}; citing the whole document.` : "Citing the whole document.";
      return;
    }
    const id = number.closest(".passage").id;
    texts.forEach((text) => {
      text.textContent = text.dataset.passageTemplate
        .replaceAll("https://PAGEURL/", pageUrl).replaceAll("PAGEURL/", pageUrl.replace(/^https?:\/\//, ""))
        .replaceAll("PASSAGELABEL", label).replaceAll("PASSAGEID", id);
    });
    scope.replaceChildren(`Citing passage ¶ ${label}. `, element("a", { href: "#" + id }, `Back to ¶ ${label}`));
  }
  input.addEventListener("input", () => citePassage(input.value.trim().replace(/^[¶p]\s*/i, "")));
  if (citeButton) {
    citeButton.addEventListener("click", () => {
      const label = toolsPassage.querySelector(".passage-number").dataset.label;
      input.value = label;
      citePassage(label);
      cite.open = true;
      cite.scrollIntoView({ block: "start" });
      input.focus({ preventScroll: true });
    });
  }
})();
