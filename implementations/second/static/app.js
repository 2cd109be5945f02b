// The browser app: draws every /espace/ screen and talks to the JSON API (api.py).
// One file on purpose: it is the whole client, with no build step; regles.js holds step 2's rules.
"use strict";

const main = document.getElementById("contenu");
const tools = document.getElementById("outils");
let etat = { variantes: [], messages: {} };
const has = (name) => (etat.variantes || []).includes(name);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const STEPS = ["/espace/inscription/conditions", "/espace/inscription/identite", "/espace/inscription/mot-de-passe"];
const PDF = "/documents/conditions-generales.pdf";
const WELCOME = "Bienvenue dans votre compte personnel de formation. Votre compte personnel sécurisé est activé, vous pouvez l'utiliser dès maintenant.";

async function refresh() {
  const r = await fetch("/api/etat", { credentials: "same-origin" });
  etat = await r.json();
}

async function call(path, data) {
  const r = await fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-Jeton-Formulaire": etat.csrf },
    body: JSON.stringify(data || {}),
  });
  return { status: r.status, data: await r.json() };
}

function go(path, replace) {
  history[replace ? "replaceState" : "pushState"]({}, "", path);
  return render();
}

// A field with its label, and the place its error will be tied to.
function field(id, label, attrs = "") {
  return `<div class="champ"><label for="${id}">${esc(label)}</label>
    <input id="${id}" name="${id}" ${attrs}><p class="erreur" id="${id}-erreur" hidden></p></div>`;
}

function showError(id, message) {
  const input = document.getElementById(id);
  const box = document.getElementById(`${id}-erreur`);
  input.setAttribute("aria-invalid", "true");
  if (!has("errors-not-tied")) input.setAttribute("aria-errormessage", `${id}-erreur`);
  box.textContent = message;
  if (message === etat.messages.ALREADY) {
    // FORM-07: the message leads to where the person can go instead.
    box.innerHTML = esc(message)
      .replace("« Je m&#39;identifie »", `« <a href="/espace/connexion">Je m'identifie</a> »`)
      .replace("« Mot de passe oublié »", `« <a href="/espace/mot-de-passe-oublie">Mot de passe oublié</a> »`);
  }
  box.hidden = false;
}

function clearErrors(form) {
  form.querySelectorAll("[aria-invalid]").forEach((el) => {
    el.removeAttribute("aria-invalid");
    el.removeAttribute("aria-errormessage");
  });
  form.querySelectorAll(".erreur").forEach((el) => { el.hidden = true; el.textContent = ""; });
}

function progress(current) {
  const names = ["Valider les CGU", "S'inscrire", "Saisir son mot de passe"];
  const items = names.map((name, i) => {
    const mark = i + 1 === current && !has("progress-no-current") ? ' aria-current="step"' : "";
    const cls = i + 1 === current ? ' class="en-cours"' : "";
    return `<li${cls}${mark}><span class="rond">${i + 1}</span> ${esc(name)}</li>`;
  });
  return `<h1>Inscription à mon espace personnel sécurisé</h1>
    <ol class="etapes" aria-label="Étapes de l'inscription">${items.join("")}</ol>`;
}

const aside = `<aside class="aide"><h2>Besoin d'aide ?</h2>
  <p>Votre inscription se déroule en trois étapes.</p>
  <p><a href="/espace/connexion#video">Vidéo de démonstration : Inscription</a></p></aside>`;

function showPassword(boxId, inputIds, broken) {
  document.getElementById(boxId).addEventListener("change", (ev) => {
    if (broken) return;
    inputIds.forEach((id) => { document.getElementById(id).type = ev.target.checked ? "text" : "password"; });
  });
}

// Screens
function login() {
  document.title = "Accès à mon espace sécurisé — Mon compte formation";
  main.innerHTML = `<h1>Accès à mon espace sécurisé</h1><div class="trois">
  <section class="carte"><h2>Je suis déjà inscrit(e)</h2><form id="f-connexion" novalidate>
    <div role="alert" id="connexion-alerte" class="alerte"></div>
    ${field("ident", "Numéro de sécurité sociale", 'autocomplete="username" inputmode="numeric" maxlength="25"')}
    ${field("secret", "Mot de passe", 'type="password" autocomplete="current-password"')}
    <div class="case"><input type="checkbox" id="voir-secret"><label for="voir-secret">Afficher le mot de passe</label></div>
    <button type="submit" class="principal">Je m'identifie</button>
    <p><a href="/espace/mot-de-passe-oublie">Mot de passe oublié</a></p></form></section>
  <section class="carte"><h2>Je ne suis pas encore inscrit(e)</h2>
    <p>Munissez-vous de votre numéro de sécurité sociale et d'une adresse courriel valide.</p>
    <a class="principal" href="${STEPS[0]}">Je m'inscris</a></section>
  <section class="carte"><h2>Plus d'infos ?</h2><ul>
    <li><a href="#video" id="video">Vidéo de démonstration : Inscription</a></li>
    <li><a href="${PDF}">Conditions Générales d'Utilisation (PDF - 149 Ko)</a></li></ul></section></div>`;
  showPassword("voir-secret", ["secret"], has("login-show-password-broken"));
  const form = document.getElementById("f-connexion");
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const alerte = document.getElementById("connexion-alerte");
    alerte.textContent = "";
    const { status, data } = await call("/api/connexion", { nir: form.ident.value, mdp: form.secret.value });
    if (status === 200) return go("/espace/synthese");
    form.secret.value = "";
    alerte.innerHTML = `<p>${esc(data.erreur)}</p>` + (data.indice ? `<p>${esc(data.indice)}</p>` : "");
  });
}

function step1() {
  document.title = "Étape 1 : conditions d'utilisation — Mon compte formation";
  const link = has("cgu-link-missing") ? "les Conditions Générales d'Utilisation"
    : `les <a href="${PDF}">Conditions Générales d'Utilisation (PDF - 149 Ko)</a>`;
  main.innerHTML = `${progress(1)}<div class="deux"><form id="f-cgu" class="carte" novalidate>
    <p>Avant de poursuivre, lisez ${link}.</p>
    <div class="case"><input type="checkbox" id="accord"><label for="accord">Je déclare avoir lu, compris et accepté les Conditions Générales d'Utilisation</label></div>
    <p class="erreur" id="accord-erreur" hidden></p>
    <button type="submit" class="principal">Suivant</button></form>${aside}</div>`;
  const form = document.getElementById("f-cgu");
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const accepte = form.accord.checked;
    if (!accepte && !has("cgu-not-enforced")) return showError("accord", etat.messages.CGU_REQUIRED);
    const { status } = await call("/api/conditions", { accepte });
    if (status === 200) return go(STEPS[1]);
    showError("accord", etat.messages.CGU_REQUIRED);
  });
}

const IDENTITY = [
  ["prenom", "Prénom", 'autocomplete="given-name"'],
  ["nom", "Nom de naissance *", 'autocomplete="family-name" aria-required="true"'],
  ["fixe", "Téléphone fixe", 'type="tel" autocomplete="tel"'],
  ["portable", "Téléphone portable", 'type="tel" autocomplete="tel"'],
  ["courriel", "Courriel *", 'type="email" autocomplete="email" aria-required="true"'],
  ["courriel2", "Confirmation courriel *", 'type="email" aria-required="true"'],
];

// ELIG-02: asked only once a first submit has shown a NIR of a 15-year-old.
const DECLARATION = `<input type="checkbox" id="apprenti"><label for="apprenti">J'ai signé un contrat d'apprentissage</label>
  <p class="erreur" id="apprenti-erreur" hidden></p>`;

function step2() {
  document.title = "Étape 2 : identité — Mon compte formation";
  const M = etat.messages;
  const note = has("age-note-only") ? `<p id="note-age" class="note">L'inscription est possible si vous avez plus de 16 ans, et pour les jeunes de 15 ans ayant signé un contrat d'apprentissage.</p>` : "";
  main.innerHTML = `${progress(2)}<div class="deux"><form id="f-identite" class="carte" novalidate>
    ${note}<div class="ligne">
    ${field("nir", "N° de sécurité sociale *", `maxlength="20" autocomplete="off" aria-required="true"${note ? ' aria-describedby="note-age"' : ""}`)}
    ${field("cle", "clé *", 'maxlength="3" inputmode="numeric" class="court" aria-required="true"')}</div>
    ${IDENTITY.map(([id, label, attrs]) => field(id, label, attrs)).join("")}
    <div id="bloc-apprenti" class="case"></div>
    <fieldset class="controle"><legend>Vérification anti-robot</legend>
      <p>Merci de saisir les caractères affichés dans le cadre ci-dessous. Cette étape nous permet d'empêcher les inscriptions automatisées. Les caractères peuvent être saisis en majuscule ou en minuscule, sans distinction de la casse.</p>
      <img id="controle-image" alt="Caractères à recopier" width="244" height="70">
      <p>Si vous n'arrivez pas à lire les caractères violets ou les caractères à gauche :</p>
      <ul><li><a href="#" id="controle-nouveau">cliquez ici pour renouveler les caractères</a></li>
      <li><a id="controle-son" type="audio/wav">cliquez ici pour écouter la version sonore</a></li></ul>
      <audio id="lecteur" hidden></audio>
      ${field("captcha", "Contrôle de sécurité : recopiez les caractères", 'autocomplete="off" autocapitalize="off" spellcheck="false"')}
    </fieldset>
    <button type="submit" class="principal">Suivant</button></form>${aside}</div>`;
  const form = document.getElementById("f-identite");
  const setCaptcha = (id) => {
    document.getElementById("controle-image").src = `/controle/${id}.png`;
    document.getElementById("controle-son").href = `/controle/${id}.wav`;
  };
  setCaptcha(etat.captcha);
  document.getElementById("controle-nouveau").addEventListener("click", async (ev) => {
    ev.preventDefault();
    setCaptcha((await call("/api/controle")).data.captcha);
  });
  document.getElementById("controle-son").addEventListener("click", (ev) => {
    ev.preventDefault();
    const player = document.getElementById("lecteur");
    player.src = ev.currentTarget.href;
    player.play().catch(() => {});
  });
  const bloc = document.getElementById("bloc-apprenti");
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const v = Object.fromEntries(["nir", "cle", ...IDENTITY.map((f) => f[0]), "captcha"].map((k) => [k, form[k].value]));
    v.apprentiDemande = Boolean(form.apprenti);
    v.apprenti = v.apprentiDemande && form.apprenti.checked;
    let errors = Regles.identity(v, M, has);
    let fresh = null;
    if (Object.keys(errors).length === 0) {
      const { status, data } = await call("/api/identite", v);
      if (status === 200) return go(STEPS[2]);
      if (status === 409) return go(STEPS[data.etape - 1], true);
      errors = data.erreurs;
      fresh = data.captcha || null;
    } else if (v.captcha.trim() && !has("captcha-kept-after-refusal")) {
      // A typed answer is spent by any refusal: the server draws new characters.
      fresh = (await call("/api/controle")).data.captcha;
    }
    if (fresh) setCaptcha(fresh);
    if ("apprenti" in errors && !form.apprenti) bloc.innerHTML = DECLARATION;
    let shown = Object.entries(errors);
    if (has("first-error-only")) shown = shown.slice(0, 1);
    if (has("typed-values-lost")) form.reset();
    form.captcha.value = "";
    shown.forEach(([id, message]) => showError(id, message));
    document.getElementById(shown[0][0]).focus();
  });
}

function step3() {
  document.title = "Étape 3 : mot de passe — Mon compte formation";
  const M = etat.messages;
  const hint = has("password-rule-hint-only") ? ' aria-describedby="mdp-consigne"' : "";
  main.innerHTML = `${progress(3)}<div class="deux"><form id="f-mdp" class="carte" novalidate>
    <p id="mdp-consigne" class="note">${esc(M.PASSWORD_RULE)}</p>
    <div role="alert" id="mdp-alerte" class="alerte"></div>
    <div class="champ"><label for="mdp1">Mot de passe *</label>
      <div class="ligne mesure"><input id="mdp1" type="password" autocomplete="new-password"${hint}>
      <meter id="force" min="0" max="3" low="1.5" high="2.5" optimum="3" value="0" aria-label="Solidité du mot de passe"></meter>
      <span id="force-mot" class="force" aria-live="polite"></span></div></div>
    ${field("mdp2", "Confirmation mot de passe *", 'type="password" autocomplete="new-password"')}
    <div class="case"><input type="checkbox" id="voir-mdp"><label for="voir-mdp">Afficher le mot de passe</label></div>
    <button type="submit" class="principal">Terminer</button></form>${aside}</div>`;
  showPassword("voir-mdp", ["mdp1", "mdp2"], has("show-password-broken"));
  const form = document.getElementById("f-mdp");
  const meter = document.getElementById("force");
  form.mdp1.addEventListener("input", () => {
    let [word, value] = Regles.strength(form.mdp1.value);
    if (has("strength-indicator-wrong") && word === "Fort") [word, value] = ["Moyen", 2];
    if (has("strength-very-strong-refused") && value === 1) [word, value] = ["Très fort", 3];
    meter.value = value;
    meter.setAttribute("aria-valuetext", word);
    document.getElementById("force-mot").textContent = word;
  });
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const alerte = document.getElementById("mdp-alerte");
    alerte.textContent = "";
    form.mdp1.removeAttribute("aria-invalid");
    const mdp = form.mdp1.value;
    const lax = has("password-rule-hint-only") || has("long-password-refused");
    const errors = {};
    if (!lax && !Regles.passwordOk(mdp, !has("password-no-uppercase"), has("password-two-digits") ? 2 : 3)) errors.mdp = M.PASSWORD_RULE;
    if (form.mdp2.value !== mdp && !has("password-confirmation-unchecked")) errors.mdp2 = M.PASSWORD_DIFFERENT;
    let result = { status: 422, data: { erreurs: errors } };
    const button = form.querySelector("button[type=submit]");
    if (Object.keys(errors).length === 0 && !button.disabled) {
      // One registration per click: the button waits for the answer (unless a defect).
      button.disabled = !has("double-submit-two-emails");
      try { result = await call("/api/mot-de-passe", { mdp, mdp2: form.mdp2.value }); }
      finally { button.disabled = false; }
    }
    if (result.status === 200) return go("/espace/synthese");
    if (result.status === 409) return go(STEPS[result.data.etape - 1], true);
    const found = result.data.erreurs;
    if (found.mdp) {
      alerte.textContent = found.mdp;
      form.mdp1.setAttribute("aria-invalid", "true");
      form.mdp1.setAttribute("aria-errormessage", "mdp-alerte");
    }
    if (found.mdp2) showError("mdp2", found.mdp2);
  });
}
