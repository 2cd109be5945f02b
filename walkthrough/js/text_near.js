// The figure a person reads beside a label: the smallest shown elements holding the label
// (open shadow roots included), widened to their ancestors until the pattern matches.
([label, pattern]) => {
  const norm = s => (s || '').replace(/\s+/g, ' ').trim();
  const elements = [];
  const walk = root => {
    for (const el of root.querySelectorAll('*')) {
      elements.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document.body);
  const up = el => el.parentElement || (el.getRootNode() instanceof ShadowRoot
    ? el.getRootNode().host : null);
  const inside = (outer, el) => { for (let e = el; e; e = up(e)) if (e === outer) return true;
    return false; };
  const all = elements.filter(
    el => el.getClientRects().length && norm(el.innerText).toLowerCase().includes(label));
  const smallest = all.filter(el => !all.some(o => o !== el && inside(el, o)));
  for (const start of smallest) {
    for (let el = start, n = 0; el && n < 4; el = up(el), n++) {
      const text = norm(el.innerText);
      const m = text.match(new RegExp(pattern, 'i'));
      if (m) return {figure: m[1] ?? m[2] ?? null, text};
    }
  }
  return smallest.length ? {figure: null, text: norm(smallest[0].innerText)} : null;
}
