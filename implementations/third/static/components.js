// The form fields: custom elements whose open shadow root holds the label, the input, a hint
// and the error, tied by aria-describedby and aria-invalid inside the root (FORM-01, FORM-06).

const STYLE = `<style>
  :host { display: block; margin: 0 0 1rem; }
  label { display: block; font-weight: 600; margin-bottom: .25rem; }
  input:not([type=checkbox]) { font: inherit; padding: .4rem .5rem; width: min(100%, 24rem); border: 1px solid #667; border-radius: 4px; }
  input[aria-invalid=true] { border: 2px solid #b00020; }
  .aide { margin: .2rem 0 0; color: #445; font-size: .9em; }
  .aide:empty { display: none; }
  .erreur { margin: .2rem 0 0; color: #b00020; font-weight: 600; }
  .case { display: flex; gap: .5rem; align-items: flex-start; }
  .case label { font-weight: normal; }
</style>`;

class FormField extends HTMLElement {
  constructor(markup) {
    super();
    this.attachShadow({ mode: "open" }).innerHTML = STYLE + markup;
    this.input = this.shadowRoot.getElementById("champ");
    this.message = this.shadowRoot.getElementById("erreur");
    this.hint = this.shadowRoot.getElementById("aide");
  }

  connectedCallback() {
    this.shadowRoot.querySelector("label").textContent = this.getAttribute("label") || "";
    this.hint.textContent = this.getAttribute("aide") || "";
    for (const name of ["type", "autocomplete", "inputmode", "maxlength", "autocapitalize", "spellcheck"]) {
      if (this.hasAttribute(name)) this.input.setAttribute(name, this.getAttribute(name));
    }
    this.input.setAttribute("aria-describedby", "aide");
  }

  // Show `text` as this field's error; `tied` false leaves it unannounced (a defect switch).
  setError(text, tied = true) {
    this.message.textContent = text;
    this.message.hidden = false;
    if (!tied) return;
    this.input.setAttribute("aria-invalid", "true");
    this.input.setAttribute("aria-describedby", "erreur aide");
  }

  clearError() {
    this.message.textContent = "";
    this.message.hidden = true;
    this.input.removeAttribute("aria-invalid");
    this.input.setAttribute("aria-describedby", "aide");
  }

  focus() { this.input.focus(); }
}

class TextField extends FormField {
  constructor() {
    super(`<label for="champ"></label><input id="champ"><p id="aide" class="aide"></p><p id="erreur" class="erreur" hidden></p>`);
  }
  get value() { return this.input.value; }
  set value(text) { this.input.value = text; }
  reveal(shown) { this.input.type = shown ? "text" : "password"; }
}

class CheckField extends FormField {
  constructor() {
    super(`<div class="case"><input id="champ" type="checkbox"><label for="champ"></label></div><p id="aide" class="aide"></p><p id="erreur" class="erreur" hidden></p>`);
  }
  get checked() { return this.input.checked; }
  set checked(on) { this.input.checked = on; }
}

customElements.define("cpf-champ", TextField);
customElements.define("cpf-case", CheckField);
