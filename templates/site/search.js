/* The national site's search (publish/site_search.py builds the index it reads).
   Runs in the browser: the query comes from the search box (?q=...), the index
   from search-index.js, the matching from Fuse.js; results are links to sections. */
(function () {
  "use strict";
  var results = document.getElementById("search-results");
  if (!results || !window.Fuse || !window.scwresSearchIndex) { return; }
  var query = (new URLSearchParams(window.location.search).get("q") || "").trim();
  var box = document.getElementById("site-search");
  if (box) { box.value = query; }
  results.textContent = "";
  if (!query) {
    var hint = document.createElement("p");
    hint.textContent = "Type what you are looking for in the search box, then press Enter.";
    results.appendChild(hint);
    return;
  }
  var fuse = new window.Fuse(window.scwresSearchIndex, {
    keys: [{ name: "section", weight: 3 }, { name: "page", weight: 2 }, { name: "text", weight: 1 }],
    ignoreLocation: true, threshold: 0.3, minMatchCharLength: 2, includeMatches: false
  });
  var found = fuse.search(query).slice(0, 30);
  var heading = document.createElement("h2");
  heading.id = "results-heading";
  heading.textContent = found.length === 0 ? "No results for \u201c" + query + "\u201d" :
    found.length + (found.length === 1 ? " result" : " results") + " for \u201c" + query + "\u201d";
  results.appendChild(heading);
  if (found.length === 0) { return; }
  var list = document.createElement("ol");
  list.className = "search-results";
  found.forEach(function (hit) {
    var entry = hit.item;
    var item = document.createElement("li");
    var link = document.createElement("a");
    link.href = entry.href;
    link.textContent = entry.section === entry.page ? entry.page : entry.page + ": " + entry.section;
    item.appendChild(link);
    var words = entry.text.toLowerCase();
    var at = Math.max(0, words.indexOf(query.toLowerCase().split(/\s+/)[0]) - 60);
    var excerpt = document.createElement("p");
    excerpt.textContent = (at > 0 ? "\u2026" : "") + entry.text.slice(at, at + 220) +
      (entry.text.length > at + 220 ? "\u2026" : "");
    item.appendChild(excerpt);
    list.appendChild(item);
  });
  results.appendChild(list);
}());
