() => {
  // What a screenshot would show, in one round trip (steps/harness/evidence.py): the address;
  // the body's elements, attributes and texts, leaving out what is never drawn (scripts,
  // hidden inputs such as a form's token, an emptied style attribute); the styles; what the
  // fields hold, which element has focus, scroll and which images have loaded.
  const out = [location.href];
  const walk = node => {
    for (let n = node.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3) { out.push(n.data); continue; }
      if (n.nodeType !== 1) continue;
      const tag = n.localName;
      if (tag === 'script' || tag === 'template') continue;
      if (tag === 'input' && n.type === 'hidden') continue;
      out.push('<' + tag + [...n.attributes]
        .filter(a => !(a.name === 'style' && !a.value))
        .map(a => ' ' + a.name + '=' + a.value).join(''));
      // What a field holds, inside shadow roots too (web components): typed text is drawn.
      if (tag === 'input' || tag === 'select' || tag === 'textarea') {
        out.push((n.type === 'checkbox' || n.type === 'radio') ? String(n.checked) : n.value);
      }
      walk(n);
      if (n.shadowRoot) walk(n.shadowRoot);
      out.push('>');
    }
  };
  if (document.body) walk(document.body);
  const styles = document.querySelectorAll('head style, head link[rel~=stylesheet]');
  for (const s of styles) out.push(s.outerHTML);
  // The focused element, followed into shadow roots, by its place in the composed tree.
  let focused = document.activeElement;
  while (focused && focused.shadowRoot && focused.shadowRoot.activeElement) {
    focused = focused.shadowRoot.activeElement;
  }
  let place = -1, seen = 0;
  const count = node => {
    for (let n = node.firstElementChild; n && place < 0; n = n.nextElementSibling) {
      if (n === focused) { place = seen; return; }
      seen += 1;
      count(n);
      if (n.shadowRoot) count(n.shadowRoot);
    }
  };
  count(document);
  out.push(String(place));
  out.push([scrollX, scrollY, innerWidth, innerHeight].join(','));
  out.push([...document.images].map(i => String(i.complete && i.naturalWidth)).join(','));
  return out.join('\u0002');
}
