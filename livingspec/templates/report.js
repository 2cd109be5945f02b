(function () {
  "use strict";
  const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const items = Array.from(document.querySelectorAll("[data-filter]"));
  const texts = new Map(items.map((el) => [el, fold(el.textContent)]));
  const statusBoxes = Array.from(document.querySelectorAll("input[name=status]"));
  const tagSelect = document.getElementById("filter-tag");
  const search = document.getElementById("filter-text");
  const count = document.getElementById("filter-count");

  function apply() {
    const wanted = new Set(statusBoxes.filter((b) => b.checked).map((b) => b.value));
    const tag = tagSelect.value;
    const words = fold(search.value).split(/\s+/).filter(Boolean);
    let shown = 0, total = 0;
    for (const el of items) {
      const tags = (el.dataset.tags || "").split(" ");
      const ok = wanted.has(el.dataset.status)
        && (!tag || tags.includes(tag))
        && words.every((w) => texts.get(el).includes(w));
      el.hidden = !ok;
      if (el.dataset.filter === "scenario") { total += 1; if (ok) shown += 1; }
    }
    for (const group of document.querySelectorAll("[data-group]")) {
      group.hidden = !group.querySelector("[data-filter]:not([hidden])");
    }
    count.textContent = shown + "/" + total + " scénarios";
  }
  for (const box of statusBoxes) box.addEventListener("change", apply);
  tagSelect.addEventListener("change", apply);
  search.addEventListener("input", apply);
  document.getElementById("filter-reset").addEventListener("click", () => {
    statusBoxes.forEach((b) => { b.checked = true; });
    tagSelect.value = ""; search.value = ""; apply();
  });

  // A link to a scenario or example opens it, and every enclosing <details>, then shows it.
  function reveal(id) {
    const target = id && document.getElementById(id);
    if (!target) return;
    for (let el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") el.open = true;
      if (el.hidden) el.hidden = false;
    }
    target.scrollIntoView({ block: "start" });
  }
  window.addEventListener("hashchange", () => reveal(decodeURIComponent(location.hash.slice(1))));
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[href^='#']");
    if (link) { const id = link.getAttribute("href").slice(1); if (id === location.hash.slice(1)) reveal(id); }
  });

  // Thumbnails enlarge in a dialog; without script the link opens the image itself.
  const box = document.getElementById("lightbox");
  const big = box.querySelector("img");
  const caption = box.querySelector(".caption");
  document.addEventListener("click", (event) => {
    const shot = event.target.closest("a.shot");
    if (!shot) return;
    event.preventDefault();
    big.src = shot.getAttribute("href");
    big.alt = shot.querySelector("img").alt;
    caption.textContent = big.alt;
    box.showModal();
  });
  box.querySelector("button").addEventListener("click", () => box.close());
  box.addEventListener("click", (event) => { if (event.target === box) box.close(); });

  // Printing shows the whole specification, not only what happens to be unfolded.
  window.addEventListener("beforeprint", () => {
    document.querySelectorAll("details").forEach((d) => { d.open = true; });
    document.querySelectorAll("img[loading=lazy]").forEach((i) => { i.loading = "eager"; });
  });

  apply();
  if (location.hash) reveal(decodeURIComponent(location.hash.slice(1)));
})();
