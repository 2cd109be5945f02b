// Everything a script of this frame can read: text, attributes and field values of every
// element (open shadow roots included), localStorage and sessionStorage. Inline images
// (data: URLs) are left out: their pixels are what a person reads, not text.
() => {
  const found = [];
  const visit = (root, where) => {
    for (const el of root.querySelectorAll("*")) {
      for (const attr of el.attributes) {
        if (attr.value.startsWith("data:")) continue;
        found.push([`${where} <${el.localName}> attribute ${attr.name}`, attr.value]);
      }
      if ("value" in el && typeof el.value === "string" && el.value) {
        found.push([`${where} <${el.localName}> value`, el.value]);
      }
      if (el.shadowRoot) visit(el.shadowRoot, `${where} shadow root of <${el.localName}>`);
    }
    for (const node of root.querySelectorAll("*")) {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE || child.nodeType === Node.COMMENT_NODE) {
          if (child.nodeValue.trim()) found.push([`${where} text in <${node.localName}>`, child.nodeValue]);
        }
      }
    }
  };
  visit(document, "the page");
  for (const [name, store] of [["localStorage", localStorage], ["sessionStorage", sessionStorage]]) {
    try {
      for (let i = 0; i < store.length; i++) {
        const key = store.key(i);
        found.push([`${name} "${key}"`, `${key}=${store.getItem(key)}`]);
      }
    } catch (e) {
      // storage refused to this origin: nothing a script could read either
    }
  }
  return found;
}
