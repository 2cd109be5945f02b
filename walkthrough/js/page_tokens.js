// Every hidden input and named meta tag of the page, open shadow roots included: name -> value.
// A step's request may carry one of them (a CSRF token, a form id) that the server ties to
// the session; walkthrough/replay.py takes the current page's value when it sends the step again.
() => {
  const found = {};
  const visit = (root) => {
    for (const el of root.querySelectorAll("input[type=hidden][name], meta[name][content]")) {
      const name = el.tagName === "META" ? "meta:" + el.getAttribute("name") : el.name;
      const value = el.tagName === "META" ? el.getAttribute("content") : el.value;
      if (!(name in found)) found[name] = value || "";
    }
    for (const el of root.querySelectorAll("*")) {
      if (el.shadowRoot) visit(el.shadowRoot);
    }
  };
  visit(document);
  return found;
}
