// The single page: a hash router (#/inscription/2 ...) swapping each screen in place, the
// forms' checks before the JSON API's, the toast that counts errors and the age-15 dialog.
import "./components.js";
import { age, identityErrors, passwordOk, strength } from "./rules.js";

const main = document.getElementById("contenu");
const toast = document.getElementById("toast");
const dialog = document.getElementById("apprentissage");
const PDF = "/documents/cgu.pdf";
const CGU_PDF = "Conditions Générales d'Utilisation (PDF - 149 Ko)";
const WELCOME = "Bienvenue dans votre compte personnel de formation. Votre compte personnel sécurisé est activé, vous pouvez l'utiliser dès maintenant.";
const CAPTCHA_TEXT = "Merci de saisir les caractères affichés dans le cadre ci-dessous. Cette étape nous permet d'empêcher les inscriptions automatisées. Les caractères peuvent être saisis en majuscule ou en minuscule, sans distinction de la casse.";
let etat = { defauts: [], messages: {} };
let declared = false;
const has = (name) => etat.defauts.includes(name);
const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const $ = (id) => document.getElementById(id);

async function refresh() {
  etat = await (await fetch("/api/session", { credentials: "same-origin" })).json();
}

async function call(path, data = {}) {
  const r = await fetch(path, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": etat.csrf },
    body: JSON.stringify(data),
  });
  return { status: r.status, data: await r.json() };
}

// Errors: each in its field's shadow root, and a toast that counts them without repeating them.
function clearErrors() {
  main.querySelectorAll("cpf-champ, cpf-case").forEach((f) => f.clearError());
  toast.textContent = "";
}

function showErrors(errors) {
  const entries = Object.entries(errors);
  entries.forEach(([id, text]) => $(id)?.setError(text, !has("errors-not-tied")));
  const n = entries.length;
  toast.textContent = `Le formulaire comporte ${n} erreur${n > 1 ? "s" : ""}.`;
  $(entries[0]?.[0])?.focus();
}

// Send a form once: the button stays disabled until the answer (a double click sends one).
async function sending(button, work) {
  if (button.disabled) return;
  button.disabled = !has("double-submit-two-emails");
  try { await work(); } finally { button.disabled = false; }
}

function onSubmit(form, handler) {
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    clearErrors();
    sending(form.querySelector("button[type=submit]"), handler);
  });
}

function progress(current) {
  const names = ["Valider les CGU", "S'inscrire", "Saisir son mot de passe"];
  const items = names.map((name, i) => {
    const mark = i + 1 === current && !has("progress-no-current") ? ' aria-current="step"' : "";
    return `<li${mark}><span>${i + 1}</span> ${esc(name)}</li>`;
  });
  return `<h1>Inscription à mon espace personnel sécurisé</h1>
    <ol class="etapes" aria-label="Progression de l'inscription">${items.join("")}</ol>`;
}

// Screens
function home() {
  const access = has("home-no-account-button") ? "" : `<p><a class="bouton" href="#/connexion">Mon compte formation</a></p>`;
  main.innerHTML = `<h1>Le compte personnel de formation</h1>
    <div class="carte"><p>Vos droits à la formation vous suivent tout au long de votre vie professionnelle.
    Pour les consulter, inscrivez-vous avec votre numéro de sécurité sociale et une adresse courriel valide.</p>${access}</div>`;
}

function login() {
  main.innerHTML = `<h1>Accès à mon espace sécurisé</h1><div class="colonnes">
    <section class="carte"><h2>Je suis déjà inscrit(e)</h2><form id="f-connexion" novalidate>
      <p role="alert" id="refus"></p>
      <cpf-champ id="identifiant" label="Numéro de sécurité sociale" aide="Les 15 caractères, clé comprise." autocomplete="username"></cpf-champ>
      <cpf-champ id="secret" label="Mot de passe" type="password" autocomplete="current-password"></cpf-champ>
      <p class="case"><input type="checkbox" id="voir-secret"><label for="voir-secret">Afficher le mot de passe</label></p>
      <button type="submit">Je m'identifie</button>
      <p><a href="#/mot-de-passe-oublie">Mot de passe oublié</a></p></form></section>
    <section class="carte"><h2>Je ne suis pas encore inscrit(e)</h2>
      <p>Trois étapes suffisent : les conditions d'utilisation, votre identité, votre mot de passe.</p>
      <a class="bouton" href="#/inscription/1">Je m'inscris</a></section>
    <section class="carte"><h2>Plus d'infos ?</h2><ul>
      <li><a href="#/video">Vidéo de démonstration : Inscription</a></li>
      <li><a href="${PDF}">${CGU_PDF}</a></li></ul></section></div>`;
  revealer("voir-secret", ["secret"], has("login-show-password-broken"));
  onSubmit($("f-connexion"), async () => {
    $("refus").textContent = "";
    const { status, data } = await call("/api/connexion", { identifiant: $("identifiant").value, motdepasse: $("secret").value });
    if (status === 200) return void (location.hash = "#/espace");
    $("secret").value = "";
    $("refus").textContent = data.erreur;
  });
}

function revealer(boxId, fieldIds, broken) {
  $(boxId).addEventListener("change", (ev) => {
    if (!broken) fieldIds.forEach((id) => $(id).reveal(ev.target.checked));
  });
}

function step1() {
  const link = has("cgu-link-missing") ? "les Conditions Générales d'Utilisation" : `les <a href="${PDF}">${CGU_PDF}</a>`;
  main.innerHTML = `${progress(1)}<form id="f-cgu" class="carte" novalidate>
    <p>Avant de poursuivre, prenez connaissance de ${link}.</p>
    <cpf-case id="cgu" label="Je déclare avoir lu, compris et accepté les Conditions Générales d'Utilisation"></cpf-case>
    <button type="submit">Étape suivante</button></form>`;
  onSubmit($("f-cgu"), async () => {
    const cgu = $("cgu").checked;
    if (!cgu && !has("cgu-not-enforced")) return showErrors({ cgu: etat.messages.CGU_REQUIRED });
    const { status, data } = await call("/api/etapes/1", { cgu });
    if (status === 200) location.hash = "#/inscription/2";
    else showErrors(data.erreurs);
  });
}

const IDENTITY = [
  ["prenom", "Prénom", 'autocomplete="given-name"'],
  ["nom", "Nom de naissance *", 'autocomplete="family-name"'],
  ["fixe", "Téléphone fixe", 'type="tel" aide="10 chiffres, par exemple 01 23 45 67 89."'],
  ["portable", "Téléphone portable", 'type="tel" aide="10 chiffres, par exemple 06 12 34 56 78."'],
  ["courriel", "Courriel *", 'type="email" autocomplete="email"'],
  ["confirmation", "Confirmation courriel *", 'type="email"'],
];

function step2() {
  declared = false;
  main.innerHTML = `${progress(2)}<form id="f-identite" class="carte" novalidate>
    <cpf-champ id="nir" label="N° de sécurité sociale *" aide="Les 13 premiers caractères de votre carte Vitale." maxlength="20" autocomplete="off"></cpf-champ>
    <cpf-champ id="cle" label="clé *" aide="Les 2 derniers chiffres." maxlength="3" inputmode="numeric"></cpf-champ>
    ${IDENTITY.map(([id, label, attrs]) => `<cpf-champ id="${id}" label="${esc(label)}" ${attrs}></cpf-champ>`).join("")}
    <fieldset><legend>Vérification de sécurité</legend><p>${CAPTCHA_TEXT}</p>
      <img id="captcha-image" alt="Caractères à recopier" width="220" height="80">
      <p>Si vous n'arrivez pas à lire les caractères violets ou les caractères à gauche :</p>
      <ul><li><button type="button" class="lien" id="captcha-nouveau">cliquez ici pour renouveler les caractères</button></li>
        <li><a id="captcha-son" type="audio/wav">cliquez ici pour écouter la version sonore</a></li></ul>
      <cpf-champ id="captcha" label="Contrôle de sécurité : recopiez les caractères" autocomplete="off" autocapitalize="off" spellcheck="false"></cpf-champ>
    </fieldset>
    <button type="submit">Étape suivante</button></form>`;
  const showCaptcha = (id) => {
    $("captcha-image").src = `/api/captcha/${id}.png`;
    $("captcha-son").href = `/api/captcha/${id}.wav`;
  };
  showCaptcha(etat.captcha);
  $("captcha-nouveau").addEventListener("click", async () => showCaptcha((await call("/api/captcha")).data.captcha));
  const names = ["nir", "cle", ...IDENTITY.map((f) => f[0]), "captcha"];
  onSubmit($("f-identite"), async () => {
    const v = Object.fromEntries(names.map((k) => [k, $(k).value]));
    let errors = identityErrors(v, etat.messages, has);
    let asks = false;
    if (!errors.nir && !errors.cle) {
      const years = age(v.nir, new Date());
      if (years < 15 && !has("age-14-accepted")) errors.nir = etat.messages.AGE_TOO_YOUNG;
      else if (years === 15 && !declared && !has("age-15-no-declaration")) [errors.nir, asks] = [etat.messages.AGE_15, true];
    }
    if (Object.keys(errors).length === 0) {
      const { status, data } = await call("/api/etapes/2", { ...v, apprenti: declared });
      if (status === 200) return void (location.hash = "#/inscription/3");
      if (status === 409) return void location.replace(`#/inscription/${data.etape}`);
      errors = data.erreurs;
      asks = data.declaration;
      if (data.captcha) showCaptcha(data.captcha);
    }
    if (has("typed-values-lost")) names.forEach((k) => { $(k).value = ""; });
    $("captcha").value = "";
    showErrors(errors);
    if (asks) askDeclaration();
  });
}

// ELIG-02: asked in a modal dialog once a submit showed age 15; it closes once answered.
function askDeclaration() {
  $("apprentissage-condition").textContent = etat.messages.AGE_15;
  $("apprenti").checked = false;
  dialog.showModal();
}

$("apprenti").addEventListener("change", (ev) => {
  declared = ev.target.checked;
  if (declared) dialog.close();
});
$("apprentissage-non").addEventListener("click", () => { declared = false; dialog.close(); });

function step3() {
  main.innerHTML = `${progress(3)}<form id="f-mdp" class="carte" novalidate>
    <p class="consigne">${esc(etat.messages.PASSWORD_RULE)}</p>
    <cpf-champ id="motdepasse" label="Mot de passe *" type="password" autocomplete="new-password"></cpf-champ>
    <p role="status" id="force">Force du mot de passe : <strong id="force-mot">à saisir</strong></p>
    <cpf-champ id="confirmation" label="Confirmation mot de passe *" type="password" autocomplete="new-password"></cpf-champ>
    <p class="case"><input type="checkbox" id="voir-mdp"><label for="voir-mdp">Afficher le mot de passe</label></p>
    <button type="submit">Créer mon compte</button></form>`;
  revealer("voir-mdp", ["motdepasse", "confirmation"], has("show-password-broken"));
  $("motdepasse").addEventListener("input", () => {
    const word = strength($("motdepasse").value);
    $("force-mot").textContent = word === "Fort" && has("strength-indicator-wrong") ? "Moyen" : word;
  });
  onSubmit($("f-mdp"), async () => {
    const [motdepasse, confirmation] = [$("motdepasse").value, $("confirmation").value];
    const limit = has("long-password-refused") ? 12 : 64;
    const errors = {};
    if (motdepasse.length > limit) errors.motdepasse = etat.messages.PASSWORD_LONG.replace("64", String(limit));
    else if (!passwordOk(motdepasse, has("password-two-digits") ? 2 : 3)) errors.motdepasse = etat.messages.PASSWORD_RULE;
    if (confirmation !== motdepasse && !has("password-confirmation-unchecked")) errors.confirmation = etat.messages.PASSWORD_DIFFERENT;
    if (Object.keys(errors).length) return showErrors(errors);
    const { status, data } = await call("/api/etapes/3", { motdepasse, confirmation });
    if (status === 200) return void (location.hash = "#/espace");
    if (status === 409) return void location.replace(`#/inscription/${data.etape}`);
    showErrors(data.erreurs);
  });
}

function spaceNav() {
  const links = [
    ["#/espace", "Synthèse"],
    ["#/espace/informations", "Mes informations personnelles"],
    ["#/espace/dif", "Mes heures DIF"],
    ["#/espace/formations", "Rechercher une formation"],
    ["#/espace/dossiers", "Mes dossiers de formation"],
    ["#/espace/delegations", "Mes délégations"],
  ].filter(([href]) => !(href === "#/espace/delegations" && has("space-link-missing")));
  const items = links.map(([href, text]) => `<li><a href="${href}"${location.hash === href ? ' aria-current="page"' : ""}>${esc(text)}</a></li>`);
  return `<nav aria-label="Mon espace"><ul class="colonnes">${items.join("")}</ul></nav>`;
}

function space() {
  const dif = etat.titulaire.dif;
  const banner = etat.accueil && !has("welcome-banner-missing") ? `<p class="bienvenue">${esc(WELCOME)}</p>` : "";
  main.innerHTML = `${banner}${spaceNav()}<h1>Synthèse de votre compte</h1>
    <section class="carte"><h2>Heures du compte personnel</h2><ul class="heures">
      <li><strong>0</strong> Heures CPF disponibles</li>
      <li><strong>0</strong> Heures CPF réservées</li>
      <li><strong id="n-dif">${dif}</strong> Heures DIF disponibles
        <p class="note">Vous pouvez modifier le solde ici tant qu'aucun dossier de formation n'a été validé.</p>
        <form id="f-dif" novalidate><cpf-champ id="dif" label="Solde d'heures DIF" aide="Un nombre entier d'heures, de 0 à 120." inputmode="numeric"></cpf-champ>
        <button type="submit">Enregistrer</button></form></li>
      <li><strong id="n-utilisables">${dif}</strong> Heures utilisables
        <p class="note" id="note-utilisables"${dif > 0 ? " hidden" : ""}>Vous ne disposez pas d'heure utilisable sur votre compte personnel de formation.</p></li>
    </ul></section>
    <div class="colonnes"><section class="carte"><h2>Dossiers en cours</h2><p>0 dossiers</p></section>
      <section class="carte"><h2>Dossiers clos</h2><p>0 dossiers</p></section></div>`;
  onSubmit($("f-dif"), async () => {
    const raw = $("dif").value.trim();
    const cap = has("dif-above-cap") ? 9999 : 120;
    if (!/^[0-9]{1,4}$/.test(raw) || Number(raw) > cap) return showErrors({ dif: etat.messages.DIF_BAD });
    const { status, data } = await call("/api/dif", { heures: raw });
    if (status !== 200) return showErrors(data.erreurs || { dif: data.erreur });
    etat.titulaire.dif = data.dif;
    ["n-dif", "n-utilisables"].forEach((id) => { $(id).textContent = String(data.dif); });
    $("note-utilisables").hidden = data.dif > 0;
    $("dif").value = "";
  });
  if (location.hash === "#/espace/dif") $("dif").focus();
}

function holderBar() {
  const bar = $("titulaire");
  if (!etat.titulaire) return void (bar.innerHTML = "");
  const t = etat.titulaire;
  const name = `${t.first_name} ${t.birth_name}`.trim();
  bar.innerHTML = `<span class="nom">${esc(has("name-not-capitals") ? name : name.toLocaleUpperCase("fr-FR"))}</span>
    <button type="button" id="sortir">Me déconnecter</button>`;
  $("sortir").addEventListener("click", async () => {
    await call("/api/deconnexion");
    location.hash = "#/connexion";
  });
}

const page = (title, text, nav = false) => () => {
  main.innerHTML = `${nav ? spaceNav() : ""}<h1>${esc(title)}</h1><div class="carte"><p>${esc(text)}</p></div>`;
};

const ROUTES = {
  "/": home,
  "/connexion": login,
  "/inscription/1": step1,
  "/inscription/2": step2,
  "/inscription/3": step3,
  "/espace": space,
  "/espace/dif": space,
  "/espace/informations": page("Mes informations personnelles", "Pour modifier votre prénom ou vos téléphones, contactez le 09 70 82 35 51.", true),
  "/espace/formations": page("Rechercher une formation", "Aucune formation n'est proposée dans ce portail de démonstration.", true),
  "/espace/dossiers": page("Mes dossiers de formation", "Vous n'avez aucun dossier de formation.", true),
  "/espace/delegations": page("Mes délégations", "Vous n'avez confié aucune délégation.", true),
  "/mot-de-passe-oublie": page("Mot de passe oublié", "Un nouveau mot de passe vous sera envoyé : appelez le 09 70 82 35 51 (appel non surtaxé)."),
  "/video": page("Vidéo de démonstration : Inscription", "La vidéo montre les trois étapes de l'inscription."),
  "/accessibilite": page("Accessibilité", "Chaque champ porte son étiquette, son aide et son erreur."),
  "/contact": page("Nous contacter", "Par téléphone au 09 70 82 35 51, du lundi au vendredi de 9 h à 18 h."),
};

// The router: the server's session says how far the registration went (NAV-04).
async function render() {
  await refresh();
  const path = location.hash.replace(/^#/, "") || "/";
  const step = Number((path.match(/^\/inscription\/([123])$/) || [])[1] || 0);
  if (step > etat.etape && !has("step-skippable")) return location.replace(`#/inscription/${etat.etape}`);
  if (path.startsWith("/espace") && !etat.titulaire) return location.replace("#/connexion");
  if (dialog.open) dialog.close();
  toast.textContent = "";
  holderBar();
  (ROUTES[path] || home)();
  const title = main.querySelector("h1")?.textContent || "Accueil";
  document.title = `${title} — Mon compte formation`;
  main.focus();
}

window.addEventListener("hashchange", render);
render();
