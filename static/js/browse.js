// The archive index: sort, filter and page through the document list in the browser.
//
// The page itself lists every document (that is what readers without JavaScript get); this
// script reads each card's data-* attributes once, then shows one page of matching cards at
// a time, so that an archive of 10,000 documents stays quick. The state lives in the query
// string (?author=zhang-shuhua&sort=title&page=2), so a filtered list can be bookmarked.
// A classic deferred script, not a module: modules do not load from file://, where
// snapshots are opened. The function keeps its names out of the global scope.
(function () {
"use strict";

const PAGE_SIZE = 50;
const FILTERS = ["author", "tag", "venue", "year", "language"];
const SORTS = ["newest", "oldest", "title"];

function setUp(form, list) {
  const cards = Array.from(list.children, (item, position) => ({
    item,
    position,
    date: item.dataset.date || "",
    title: item.dataset.title || "",
    author: words(item.dataset.authors),
    tag: words(item.dataset.tags),
    venue: words(item.dataset.venue),
    year: words(item.dataset.year),
    language: words(item.dataset.language),
  }));
  const count = document.querySelector("[data-count]");
  const pager = document.querySelector("[data-pager]");
  const pageStatus = pager.querySelector("[data-page-status]");
  let state = readState(location.search, form);

  const show = (next, how) => {
    state = next;
    const shown = render(cards, state, list);
    writeForm(form, state);
    const total = cards.length;
    const filtered = FILTERS.some((name) => state[name]);
    count.textContent = filtered
      ? `${shown.matching} of ${total} documents match`
      : `${total} document${total === 1 ? "" : "s"}`;
    pager.hidden = shown.pages <= 1;
    pageStatus.textContent = `Page ${shown.page} of ${shown.pages}`;
    pager.querySelector('[data-page="previous"]').disabled = shown.page <= 1;
    pager.querySelector('[data-page="next"]').disabled = shown.page >= shown.pages;
    state.page = shown.page;
    const query = queryString(state);
    if (how !== "none" && query !== location.search) {
      const url = location.pathname + query + location.hash;
      history[how === "push" ? "pushState" : "replaceState"](null, "", url);
    }
  };

  form.hidden = false;
  form.addEventListener("change", () => show({ ...readForm(form), page: 1 }, "push"));
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", (event) => {
    event.preventDefault();
    show({ sort: "newest", page: 1 }, "push");
  });
  pager.addEventListener("click", (event) => {
    const button = event.target.closest("[data-page]");
    if (!button) return;
    const step = button.dataset.page === "next" ? 1 : -1;
    show({ ...state, page: state.page + step }, "push");
    list.scrollIntoView({ block: "start" });
  });
  window.addEventListener("popstate", () => show(readState(location.search, form), "none"));
  show(state, "replace");
}

function words(text) {
  return (text || "").split(" ").filter(Boolean);
}

function readState(search, form) {
  const params = new URLSearchParams(search);
  const state = { sort: "newest", page: 1 };
  const sort = params.get("sort");
  if (SORTS.includes(sort)) state.sort = sort;
  for (const name of FILTERS) {
    const value = params.get(name);
    const select = form.elements.namedItem(name);
    // Only values the page offers: a stale bookmark shows everything rather than nothing.
    if (value && select && Array.from(select.options).some((option) => option.value === value)) {
      state[name] = value;
    }
  }
  const page = Number.parseInt(params.get("page") || "1", 10);
  if (Number.isFinite(page) && page > 1) state.page = page;
  return state;
}

function readForm(form) {
  const state = { sort: form.elements.namedItem("sort").value };
  for (const name of FILTERS) {
    const select = form.elements.namedItem(name);
    if (select && select.value) state[name] = select.value;
  }
  return state;
}

function writeForm(form, state) {
  form.elements.namedItem("sort").value = state.sort;
  for (const name of FILTERS) {
    const select = form.elements.namedItem(name);
    if (select) select.value = state[name] || "";
  }
}

function queryString(state) {
  const params = new URLSearchParams();
  for (const name of FILTERS) {
    if (state[name]) params.set(name, state[name]);
  }
  if (state.sort !== "newest") params.set("sort", state.sort);
  if (state.page > 1) params.set("page", String(state.page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

function render(cards, state, list) {
  const matching = cards.filter((card) =>
    FILTERS.every((name) => !state[name] || card[name].includes(state[name])),
  );
  matching.sort(comparators[state.sort]);
  const pages = Math.max(1, Math.ceil(matching.length / PAGE_SIZE));
  const page = Math.min(Math.max(1, state.page || 1), pages);
  const visible = matching.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  const fragment = document.createDocumentFragment();
  for (const card of visible) fragment.append(card.item);
  // Taking thousands of cards out of a rendered list is slow; out of a hidden one it is not.
  list.hidden = true;
  list.replaceChildren(fragment);
  list.hidden = false;
  return { matching: matching.length, pages, page };
}

const comparators = {
  // The page lists documents newest first already (undated last).
  newest: (a, b) => a.position - b.position,
  oldest: (a, b) =>
    (a.date === "") - (b.date === "") ||
    (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
    a.title.localeCompare(b.title) ||
    a.position - b.position,
  title: (a, b) => a.title.localeCompare(b.title) || a.position - b.position,
};

const form = document.querySelector("[data-index-controls]");
const list = document.querySelector("[data-documents]");
if (form && list) {
  setUp(form, list);
}
})();
