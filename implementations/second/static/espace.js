// The account space (summary with the inline DIF form, holder menu) and the router.
"use strict";

function holderMenu() {
  const c = etat.compte;
  const name = `${c.prenom} ${c.nom}`.trim();
  const cls = has("name-not-capitals") ? "titulaire" : "titulaire capitales";
  tools.innerHTML = `<div class="menu"><button type="button" id="titulaire" class="${cls}"
      aria-expanded="false" aria-controls="menu-titulaire">${esc(name)}</button>
    <ul id="menu-titulaire" hidden><li><a href="/espace/informations">Mes informations</a></li>
      <li><button type="button" id="sortir">Se déconnecter</button></li></ul></div>`;
  const button = document.getElementById("titulaire");
  const list = document.getElementById("menu-titulaire");
  button.addEventListener("click", () => {
    list.hidden = !list.hidden;
    button.setAttribute("aria-expanded", String(!list.hidden));
  });
  document.getElementById("sortir").addEventListener("click", async () => {
    await call("/api/deconnexion");
    tools.innerHTML = "";
    go("/espace/connexion");
  });
}

function spaceNav(current) {
  const links = [
    ["/espace/synthese", "Synthèse de mon compte"],
    ["/espace/informations", "Modifier mes informations personnelles"],
    ["/espace/synthese#solde-dif", "Saisir mes heures DIF"],
    ["/espace/formations", "Rechercher une formation éligible"],
    ["/espace/dossiers", "Suivre mes dossiers de formation"],
    ["/espace/delegations", "Gérer mes délégations"],
  ];
  const items = links.map(([href, text]) => {
    const mark = href === current ? ' aria-current="page"' : "";
    return `<li><a href="${href}"${mark}>${esc(text)}</a></li>`;
  });
  const hidden = has("space-links-hidden") ? ' class="espace-nav cache"' : ' class="espace-nav"';
  return `<nav aria-label="Mon espace"${hidden}><ul>${items.join("")}</ul></nav>`;
}

function figures(dif) {
  document.getElementById("n-dif").textContent = String(dif);
  document.getElementById("n-utilisables").textContent = String(dif);
  document.getElementById("note-utilisables").hidden = dif > 0;
}

function summary() {
  document.title = "Synthèse de votre compte — Mon compte formation";
  const dif = etat.compte.dif;
  const banner = etat.accueil && !has("welcome-banner-missing")
    ? `<div class="bienvenue">${esc(WELCOME)}</div>` : "";
  const count = (id, n, label) => `<div class="compteur"><span class="chiffre" id="${id}">${n}</span> <span class="libelle">${label}</span></div>`;
  main.innerHTML = `${banner}${spaceNav("/espace/synthese")}<h1>Synthèse de votre compte</h1>
  <section class="carte heures" aria-labelledby="t-heures"><h2 id="t-heures">Heures du compte personnel</h2>
    ${count("n-cpf", 0, "Heures CPF disponibles")}
    ${count("n-reservees", 0, "Heures CPF réservées")}
    <div class="rangee">${count("n-dif", dif, "Heures DIF disponibles")}
      <p class="note">Vous pouvez modifier le solde ici tant qu'aucun dossier de formation n'a été validé.</p>
      <form id="solde-dif" class="ligne" novalidate>
        ${field("heures-dif", "Nouveau solde DIF (en heures)", 'inputmode="numeric" maxlength="6" class="court"')}
        <button type="submit">Mettre à jour</button></form></div>
    <div class="rangee">${count("n-utilisables", dif, "Heures utilisables")}
      <p class="note" id="note-utilisables">Vous ne disposez pas d'heure utilisable sur votre compte personnel de formation.</p></div>
  </section>
  <div class="deux"><section class="carte"><h2>Dossiers en cours</h2><p>0 dossiers</p></section>
    <section class="carte"><h2>Dossiers clos</h2><p>0 dossiers</p></section></div>`;
  figures(dif);
  const form = document.getElementById("solde-dif");
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const raw = form["heures-dif"].value.trim();
    const cap = has("dif-above-cap") ? 9999 : 120;
    const local = /^[0-9]{1,4}$/.test(raw) && Number(raw) <= cap;
    if (!local && !has("dif-refused-changes-figures")) return showError("heures-dif", etat.messages.DIF_BAD);
    const { status, data } = await call("/api/dif", { heures: raw });
    if ("dif" in data && !has("dif-figures-stale")) figures(data.dif);
    if (status !== 200) showError("heures-dif", data.erreur);
    else form["heures-dif"].value = "";
  });
}

function details() {
  document.title = "Mes informations personnelles — Mon compte formation";
  const c = etat.compte;
  main.innerHTML = `${spaceNav("/espace/informations")}<h1>Mes informations personnelles</h1>
  <form id="f-infos" class="carte" novalidate>
    <p>Nom de naissance : <strong>${esc(c.nom)}</strong><br>Courriel : <strong>${esc(c.courriel)}</strong></p>
    <div role="status" id="infos-etat" class="confirme"></div>
    ${field("infos-prenom", "Prénom", 'autocomplete="given-name"')}
    ${field("infos-fixe", "Téléphone fixe", 'type="tel"')}
    ${field("infos-portable", "Téléphone portable", 'type="tel"')}
    <button type="submit" class="principal">Enregistrer mes informations</button></form>`;
  const form = document.getElementById("f-infos");
  form["infos-prenom"].value = c.prenom;
  form["infos-fixe"].value = c.fixe;
  form["infos-portable"].value = c.portable;
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const status = document.getElementById("infos-etat");
    status.textContent = "";
    const sent = { prenom: form["infos-prenom"].value, fixe: form["infos-fixe"].value, portable: form["infos-portable"].value };
    const { status: code, data } = await call("/api/informations", sent);
    if (code !== 200) {
      return Object.entries(data.erreurs || {}).forEach(([id, message]) => showError(`infos-${id}`, message));
    }
    await refresh();
    holderMenu();
    status.textContent = "Vos informations ont été mises à jour.";
  });
}

function simple(title, text, current) {
  document.title = `${title} — Mon compte formation`;
  const nav = etat.compte && current ? spaceNav(current) : "";
  main.innerHTML = `${nav}<h1>${esc(title)}</h1><div class="carte"><p>${esc(text)}</p></div>`;
}

const SCREENS = {
  "/espace/connexion": login,
  [STEPS[0]]: step1,
  [STEPS[1]]: step2,
  [STEPS[2]]: step3,
  "/espace/synthese": summary,
  "/espace/informations": details,
  "/espace/formations": () => simple("Rechercher une formation éligible", "Aucune formation n'est encore proposée dans cette démonstration.", "/espace/formations"),
  "/espace/dossiers": () => simple("Mes dossiers de formation", "Vous n'avez aucun dossier de formation.", "/espace/dossiers"),
  "/espace/delegations": () => simple("Mes délégations", "Vous n'avez donné aucune délégation.", "/espace/delegations"),
  "/espace/mot-de-passe-oublie": () => simple("Mot de passe oublié", "Pour recevoir un nouveau mot de passe, contactez le 09 70 82 35 51 (appel non surtaxé)."),
  "/espace/accessibilite": () => simple("Accessibilité", "Chaque champ a une étiquette ; chaque erreur est reliée à son champ."),
  "/espace/contact": () => simple("Nous contacter", "Par téléphone au 09 70 82 35 51, du lundi au vendredi de 9 h à 18 h."),
};

async function render() {
  await refresh();
  const path = location.pathname;
  const step = STEPS.indexOf(path) + 1;
  if (step > etat.etape && !has("step-skippable")) return go(STEPS[etat.etape - 1], true);
  const needsAccount = ["/espace/synthese", "/espace/informations", "/espace/formations", "/espace/dossiers", "/espace/delegations"];
  if (needsAccount.includes(path) && !etat.compte) return go("/espace/connexion", true);
  if (etat.compte) holderMenu();
  else tools.innerHTML = "";
  (SCREENS[path] || login)();
  if (location.hash === "#solde-dif") document.getElementById("heures-dif").focus();
  else main.focus();
}

document.addEventListener("click", (ev) => {
  const a = ev.target.closest("a[href^='/espace/']");
  if (!a || ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
  ev.preventDefault();
  const url = new URL(a.href);
  if (url.pathname === location.pathname && url.hash) {
    history.pushState({}, "", url.pathname + url.hash);
    document.getElementById(url.hash.slice(1))?.scrollIntoView();
    document.getElementById("heures-dif")?.focus();
    return;
  }
  go(url.pathname + url.hash);
});
window.addEventListener("popstate", render);
render();
