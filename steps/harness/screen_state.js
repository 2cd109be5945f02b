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
      walk(n);
      if (n.shadowRoot) walk(n.shadowRoot);
      out.push('>');
    }
  };
  if (document.body) walk(document.body);
  const styles = document.querySelectorAll('head style, head link[rel~=stylesheet]');
  for (const s of styles) out.push(s.outerHTML);
  out.push([...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
    .map(e => (e.type === 'checkbox' || e.type === 'radio') ? String(e.checked) : e.value)
    .join('\u0001'));
  out.push(String([...document.querySelectorAll('*')].indexOf(document.activeElement)));
  out.push([scrollX, scrollY, innerWidth, innerHeight].join(','));
  out.push([...document.images].map(i => String(i.complete && i.naturalWidth)).join(','));
  return out.join('\u0002');
}
