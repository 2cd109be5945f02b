// Where an element stands relative to an anchor (both may sit inside open shadow roots):
// in the same form, after it, in the header, footer or navigation, how near.
(el, anchor) => {
  const up = n => n.parentElement
    || (n.getRootNode() instanceof ShadowRoot ? n.getRootNode().host : null);
  const chain = n => { const all = []; for (let x = n; x; x = up(x)) all.push(x); return all; };
  const mine = chain(el);
  const form = mine.find(n => n.tagName === 'FORM') || null;
  const edge = mine.find(n => ['HEADER', 'FOOTER', 'NAV'].includes(n.tagName)
    || ['banner', 'contentinfo', 'navigation'].includes(n.getAttribute('role')));
  const out = {type: (el.getAttribute('type') || (el.tagName === 'BUTTON' ? 'submit' : ''))
                     .toLowerCase(),
               href: el.getAttribute('href') || '', edge: edge ? edge.tagName.toLowerCase() : '',
               expanded: el.getAttribute('aria-expanded') || '',
               sameForm: false, after: false, near: 99};
  if (!anchor) return out;
  const theirs = chain(anchor);
  out.sameForm = !!form && theirs.includes(form);
  const top = c => c.filter(n => n.getRootNode() === document).shift();
  const [a, b] = [top(theirs), top(mine)];
  out.after = !!(a && b && (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING));
  const common = theirs.findIndex(n => mine.includes(n));
  out.near = common < 0 ? 99 : common;
  return out;
}
