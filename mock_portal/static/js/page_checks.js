// Page-only checks (test mode, issue 25's defects): the page refuses in script what the server
// lets through, with the server's own markup and messages, so every screen looks the same.
"use strict";

function pageChecksConfig() {
  const meta = document.querySelector('meta[name="page-checks"]');
  return meta ? JSON.parse(meta.content) : null;
}

function compact(value) {
  return value.replace(/[\s.]/g, "").toUpperCase();
}

function nirKeyWrong(nir, key) {
  if (nir.length !== 13 || !/^\d{2}$/.test(key)) return false;
  const digits = nir.slice(0, 5) + nir.slice(5, 7).replace("2A", "19").replace("2B", "18") + nir.slice(7);
  if (!/^\d{13}$/.test(digits)) return false;
  return 97 - Number(BigInt(digits) % 97n) !== Number(key);
}

function ageOf(nir, today) {
  const [ty, tm] = today.split("-").map(Number);
  const code = Number(nir.slice(3, 5));
  const month = code >= 1 && code <= 12 ? code : 1; // an unknown month counts as January
  let year = 2000 + Number(nir.slice(1, 3));
  if (year > ty || (year === ty && month > tm)) year -= 100;
  return ty - year - (tm < month ? 1 : 0);
}

function passwordValid(value) {
  const letters = [...value].filter((c) => c.toLowerCase() !== c.toUpperCase());
  const digits = [...value].filter((c) => c >= "0" && c <= "9");
  return (
    letters.length >= 5 &&
    letters.some((c) => c === c.toLowerCase()) &&
    letters.some((c) => c === c.toUpperCase()) &&
    digits.length >= 3
  );
}

function findErrors(form, config) {
  const errors = {};
  const checks = new Set(config.checks);
  const said = config.messages;
  const value = (name) => (form.elements[name] ? form.elements[name].value : null);
  if (value("nir") !== null && value("cle") !== null) {
    const nir = compact(value("nir"));
    if (checks.has("nir-key") && nirKeyWrong(nir, compact(value("cle")))) errors.nir = said.nir;
    if (checks.has("age") && !errors.nir && /^\d{5}/.test(nir) && ageOf(nir, config.today) < 15) {
      errors.nir = said.age;
    }
  }
  const email = value("courriel");
  if (checks.has("email-confirmation") && email && email.includes("@")) {
    if (value("courriel_confirmation").trim() !== email.trim()) {
      errors.courriel_confirmation = said.email;
    }
  }
  // Step 3 only: the login form has a password field too, and no confirmation.
  const password = value("mot_de_passe_confirmation") !== null ? value("mot_de_passe") : null;
  if (checks.has("password") && password !== null && !passwordValid(password)) {
    errors.mot_de_passe = said.password;
  }
  return errors;
}

function clearShown(form) {
  document.querySelectorAll("[data-page-check]").forEach((el) => el.remove());
  form.querySelectorAll("[data-page-check-invalid]").forEach((input) => {
    input.removeAttribute("aria-invalid");
    input.removeAttribute("data-page-check-invalid");
    const ids = (input.getAttribute("aria-describedby") || "").split(" ");
    const kept = ids.filter((id) => id && !id.endsWith("-erreur")).join(" ");
    if (kept) input.setAttribute("aria-describedby", kept);
    else input.removeAttribute("aria-describedby");
  });
}

function showErrors(form, errors, said) {
  // The same markup as mock_portal/templates/_macros.html (error_summary, field_error).
  const summary = document.createElement("div");
  summary.className = "error-summary";
  summary.setAttribute("role", "alert");
  summary.tabIndex = -1;
  summary.id = "erreurs";
  summary.dataset.pageCheck = "";
  const title = document.createElement("h2");
  title.className = "error-summary-title";
  title.textContent = said.summary;
  const list = document.createElement("ul");
  summary.append(title, list);
  for (const [name, message] of Object.entries(errors)) {
    const label = document.querySelector(`label[for="${name}"]`);
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = `#${name}`;
    link.textContent = label ? label.textContent.trim() : name;
    item.append(link);
    list.append(item);
    const error = document.createElement("p");
    error.className = "field-error";
    error.id = `${name}-erreur`;
    error.textContent = message;
    error.dataset.pageCheck = "";
    const inputs = name === "nir" ? ["nir", "cle"] : [name];
    for (const id of inputs) {
      const input = document.getElementById(id);
      input.setAttribute("aria-invalid", "true");
      input.dataset.pageCheckInvalid = "";
      const before = input.getAttribute("aria-describedby");
      input.setAttribute("aria-describedby", before ? `${error.id} ${before}` : error.id);
    }
    const holder = name === "nir" ? form.querySelector(".nir-row") : document.getElementById(name).closest(".field");
    if (name === "nir") holder.after(error);
    else holder.append(error);
  }
  form.before(summary);
  const captcha = document.getElementById("captcha");
  if (captcha) captcha.value = "";
  summary.focus();
}

document.addEventListener("DOMContentLoaded", () => {
  const config = pageChecksConfig();
  if (!config) return;
  document.querySelectorAll("form[method=post]").forEach((form) => {
    form.addEventListener("submit", (event) => {
      clearShown(form);
      const errors = findErrors(form, config);
      if (Object.keys(errors).length === 0) return;
      event.preventDefault();
      document.getElementById("erreurs")?.remove();
      showErrors(form, errors, config.messages);
    });
  });
});
