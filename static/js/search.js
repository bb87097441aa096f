// Search, on every page that loads this module:
// - the "/" key focuses the search box (the search page's own, else the header's);
// - on a page opened from a search result (?highlight=word&highlight=词), the words are marked;
// - on the search page, the query (?q=...) runs through Pagefind's index of the translations
//   and, merged in, the index of each other language (see site_builder/search.py).
// A classic deferred script, not a module: modules do not load from file://, where
// snapshots are opened. The function keeps its names out of the global scope.
(function () {
"use strict";

const MAX_DOCUMENTS = 30;

document.addEventListener("keydown", (event) => {
  if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (target instanceof Element && (target.closest("input, textarea, select") || target.isContentEditable)) {
    return;
  }
  const box = document.querySelector("#search-q") || document.querySelector('input[type="search"][name="q"]');
  if (!box) return;
  event.preventDefault();
  box.focus();
  box.select();
});

highlightFromAddress();

const results = document.querySelector("[data-search-results]");
if (results) {
  setUpSearchPage(results).catch((error) => {
    const status = document.querySelector("[data-search-status]");
    if (status) status.textContent = `Search is not available here (${error.message}). Browse the archive from its index instead.`;
  });
}

function highlightFromAddress() {
  const terms = new URLSearchParams(location.search).getAll("highlight").map((term) => term.trim()).filter(Boolean);
  if (!terms.length) return;
  const scope = document.querySelectorAll(".passage .translation, .passage .original");
  const roots = scope.length ? Array.from(scope) : [document.querySelector("main") || document.body];
  const pattern = termPattern(terms);
  for (const root of roots) markMatches(root, pattern);
}

function termPattern(terms) {
  const parts = terms
    .sort((a, b) => b.length - a.length)
    .map((term) => {
      const escaped = term.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      // Chinese, Japanese and Korean have no spaces between words: match anywhere.
      return /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/u.test(term)
        ? escaped
        : `(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`;
    });
  return new RegExp(parts.join("|"), "giu");
}

function markMatches(root, pattern) {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  while (walker.nextNode()) nodes.push(walker.currentNode);
  for (const node of nodes) {
    const text = node.nodeValue;
    pattern.lastIndex = 0;
    if (!pattern.test(text)) continue;
    pattern.lastIndex = 0;
    const fragment = document.createDocumentFragment();
    let last = 0;
    for (const match of text.matchAll(pattern)) {
      fragment.append(text.slice(last, match.index));
      const mark = document.createElement("mark");
      mark.className = "search-hit";
      mark.textContent = match[0];
      fragment.append(mark);
      last = match.index + match[0].length;
    }
    fragment.append(text.slice(last));
    node.replaceWith(fragment);
  }
}

async function setUpSearchPage(results) {
  const form = document.querySelector("[data-search-form]");
  const input = form.querySelector('input[name="q"]');
  const status = document.querySelector("[data-search-status]");
  if (location.protocol === "file:") {
    // Browsers do not load the search index from a folder; say how to find texts instead.
    status.textContent =
      "Search works when the archive is served from a web server. In a copy opened from a " +
      "folder, browse all documents, the author, tag and year pages, or the index of names.";
    form.hidden = true;
    return;
  }
  const root = new URL(results.dataset.root || "./", location.href);
  const bundle = new URL(results.dataset.bundle, location.href);
  const pagefind = await import(new URL("pagefind.js", bundle).href);
  await pagefind.options({ basePath: bundle.pathname, excerptLength: 30 });
  const merged = (results.dataset.merge || "").split(" ").filter(Boolean);
  const languages = (results.dataset.mergeLanguages || "").split(" ");
  await Promise.all(
    merged.map((path, position) =>
      pagefind.mergeIndex(new URL(path, root).pathname, { language: languages[position] }),
    ),
  );

  let current = 0;
  const run = async (query) => {
    const ticket = ++current;
    input.value = query;
    document.title = query ? `${query} · Search` : document.title.replace(/^.* · Search/, "Search");
    if (!query.trim()) {
      results.replaceChildren();
      status.textContent = "Type a word or phrase, in English or in the original language.";
      return;
    }
    status.textContent = "Searching…";
    const search = await pagefind.search(query);
    const loaded = await Promise.all(search.results.slice(0, MAX_DOCUMENTS * 2).map((result) => result.data()));
    const found = loaded.filter(containsEveryCjkWord(query));
    if (ticket !== current) return;
    const documents = groupByDocument(found).slice(0, MAX_DOCUMENTS);
    results.replaceChildren(...documents.map((item) => renderResult(item, query, root)));
    status.textContent = documents.length
      ? `${documents.length}${documents.length === MAX_DOCUMENTS ? "+" : ""} document${documents.length === 1 ? " matches" : "s match"} “${query}”.`
      : `No text matches “${query}”. Try fewer or other words, or browse the index of names.`;
  };

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const query = input.value.trim();
    const url = new URL(location.href);
    url.searchParams.set("q", query);
    history.pushState(null, "", url);
    run(query);
  });
  window.addEventListener("popstate", () => run(new URLSearchParams(location.search).get("q") || ""));
  await run(new URLSearchParams(location.search).get("q") || "");
}

const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

function containsEveryCjkWord(query) {
  // The index is split into shards (site_builder/search.py). A shard whose pages lack a
  // Chinese or Japanese word answers with pages holding only part of it (集 for 集体), which
  // a single index would not do; a result must contain each CJK run of the query as written.
  const runs = query.match(CJK_RUN) || [];
  return (data) => runs.every((run) => (data.content || "").includes(run));
}

function groupByDocument(found) {
  // The translation and the original of one document are separate records (one per
  // language index); show them as one result.
  const byUrl = new Map();
  for (const data of found) {
    const url = data.url.split("#")[0];
    // Each excerpt keeps the language of the record it comes from (lang= on its element).
    const subs = (data.sub_results || []).map((sub) => ({ ...sub, lang: data.meta.lang || "" }));
    const item = byUrl.get(url);
    if (item) {
      item.sub_results.push(...subs);
    } else {
      byUrl.set(url, { url, title: data.meta.title, excerpt: data.excerpt, sub_results: subs });
    }
  }
  return Array.from(byUrl.values());
}

function renderResult(item, query, root) {
  const li = element("li", "search-result");
  const heading = element("h2", "search-result-title");
  const terms = highlightTerms(item, query);
  heading.append(link(item.title, resultUrl(item.url, terms, root)));
  li.append(heading);
  const passages = element("ul", "search-passages");
  const seen = new Set();
  for (const sub of item.sub_results) {
    const anchor = sub.url.includes("#") ? sub.url.split("#")[1] : "";
    if (seen.has(anchor)) continue;
    seen.add(anchor);
    const entry = element("li", "search-passage");
    // "¶ 12" for a passage (a narrow no-break space inside), "§" for a heading (its excerpt
    // is its text), "Title" for the title.
    const label = /^p\d+[a-z]*$/.test(anchor) ? `¶\u202f${anchor.slice(1)}` : anchor ? "§" : "Title";
    const target = link(label, resultUrl(sub.url, terms, root));
    target.className = "search-passage-link";
    if (label === "§") target.setAttribute("aria-label", "Heading");
    const excerpt = element("span", "search-excerpt");
    if (sub.lang) excerpt.lang = sub.lang;
    excerpt.append(...excerptNodes(sub.excerpt.replace(/^¶\s*/, "")));
    entry.append(target, " ", excerpt);
    passages.append(entry);
    if (passages.children.length >= 5) break;
  }
  if (passages.children.length) li.append(passages);
  return li;
}

function highlightTerms(item, query) {
  const terms = new Set();
  for (const sub of item.sub_results) {
    for (const match of sub.excerpt.matchAll(/<mark>(.*?)<\/mark>/g)) {
      const word = decode(match[1]).replace(/^[\p{P}\s]+|[\p{P}\s]+$/gu, "");
      if (word) terms.add(word);
    }
  }
  for (const word of query.split(/\s+/)) if (word) terms.add(word);
  return Array.from(terms).slice(0, 12);
}

function resultUrl(url, terms, root) {
  const target = new URL(url.replace(/^\//, ""), root);
  for (const term of terms) target.searchParams.append("highlight", term);
  return target.href;
}

function excerptNodes(excerpt) {
  // Pagefind's excerpts are text with <mark> around matches; build nodes, never innerHTML.
  const nodes = [];
  for (const [index, part] of excerpt.split(/<\/?mark>/).entries()) {
    const text = decode(part);
    if (!text) continue;
    if (index % 2 === 1) {
      const mark = document.createElement("mark");
      mark.textContent = text;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(text));
    }
  }
  return nodes;
}

function decode(text) {
  const textarea = document.createElement("textarea");
  textarea.innerHTML = text;
  return textarea.value;
}

function element(name, className) {
  const node = document.createElement(name);
  node.className = className;
  return node;
}

function link(text, href) {
  const anchor = document.createElement("a");
  anchor.href = href;
  anchor.textContent = text;
  return anchor;
}
})();
