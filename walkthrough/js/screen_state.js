// What a form shows as its result, read across open shadow roots and same-origin frames: the
// document (a new one after a page load), the address (hash routes included), every field's
// error state and the texts tied to it, alerts and status regions, open dialogs, the current
// step and the main heading. The suite compares this text before and after a submit.
() => {
  const norm = s => (s || '').replace(/\s+/g, ' ').trim();
  const said = el => (el ? norm(el.innerText || el.textContent) : '');
  const shown = el => !!el && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden';
  const elements = [];
  const walk = root => {
    for (const el of root.querySelectorAll('*')) {
      elements.push(el);
      if (el.shadowRoot) walk(el.shadowRoot);
      if (el.tagName === 'IFRAME') {
        try { if (el.contentDocument) walk(el.contentDocument); } catch (e) { /* cross-origin */ }
      }
    }
  };
  walk(document);
  const byId = (el, id) => el.getRootNode().getElementById ? el.getRootNode().getElementById(id)
    : document.getElementById(id);
  const refs = (el, attr) => (el.getAttribute(attr) || '').split(/\s+/).filter(Boolean)
    .map(id => byId(el, id)).filter(Boolean);
  const isField = el => el.matches('input:not([type=hidden]),select,textarea,[role=textbox],'
    + '[role=checkbox],[role=combobox]');
  const isRegion = el => el.matches('[role=alert],[role=alertdialog],[role=status],'
    + '[aria-live=assertive],[aria-live=polite],output,dialog[open],[role=dialog]') && shown(el);
  const parts = [String(performance.timeOrigin), location.href];
  for (const el of elements) {
    if (isField(el)) {
      const tied = [...refs(el, 'aria-describedby'), ...refs(el, 'aria-errormessage'),
        ...(el.labels || []), ...refs(el, 'aria-labelledby')];
      parts.push('F' + (el.getAttribute('aria-invalid') || '') + tied.filter(shown).map(said)
        .join('|'));
    } else if (isRegion(el)) {
      parts.push('R' + said(el));
    } else if (el.matches('[aria-current=step],h1')) {
      parts.push('H' + said(el));
    }
  }
  return parts.join('\n');
}
