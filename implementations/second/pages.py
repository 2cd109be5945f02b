"""The two HTML documents the server writes: the public home page, and the shell of the app.

The home page is plain server HTML (a person, or a script, sees the "Mon compte formation"
control without running JavaScript); everything under /espace/ is drawn by static/app.js.
"""

from __future__ import annotations

from html import escape

CGU_PDF_PATH = "/documents/conditions-generales.pdf"

_HEAD = """<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="stylesheet" href="/ressources/site.css">
</head>
<body>
<a class="evitement" href="#contenu">Aller au contenu</a>
<header class="bandeau">
  <a class="marque" href="/"><span>mon</span><strong>CompteFormation</strong></a>
  <p class="devise">Devenez acteur de votre parcours professionnel</p>
  <div class="outils" id="outils">{tools}</div>
</header>
"""

_FOOT = """<footer class="pied">
  <ul>
    <li><a href="{pdf}">Conditions Générales d'Utilisation (PDF - 149 Ko)</a></li>
    <li><a href="/espace/accessibilite">Accessibilité</a></li>
    <li><a href="/espace/contact">Nous contacter</a></li>
  </ul>
  <p>Caisse des Dépôts — démonstration de conformité, aucune donnée réelle.</p>
</footer>
{script}</body>
</html>
"""

_COLUMNS = (
    (
        "Titulaire",
        (
            "Mes droits",
            "Mes interlocuteurs",
            "Accéder à mon espace sécurisé",
            "Rechercher une formation",
        ),
    ),
    (
        "Employeurs",
        (
            "Informer sur les heures DIF",
            "L'accompagnement par l'OPCA",
            "Compétences et parcours professionnel des salariés",
        ),
    ),
    ("Professionnels de l'emploi et de la formation", ("Espace professionnel",)),
)


def _href(link: str) -> str:
    return "/espace/connexion" if "espace" in link else "#"


def home(*, with_account_control: bool = True) -> str:
    """Return the public home page."""
    control = '<a class="bouton-compte" href="/espace/connexion">Mon compte formation</a>'
    columns = []
    for title, links in _COLUMNS:
        items = "".join(f'<li><a href="{_href(link)}">{escape(link)}</a></li>' for link in links)
        columns.append(
            f'<section class="colonne"><h2>{escape(title)}</h2><ul>{items}</ul></section>'
        )
    body = (
        '<main id="contenu" class="accueil">'
        "<h1>Le compte personnel de formation</h1>"
        "<p>Vos heures de formation vous suivent tout au long de votre vie professionnelle. "
        "Inscrivez-vous sur votre espace personnel sécurisé avec votre numéro de sécurité "
        "sociale et une adresse courriel valide.</p>"
        f'<div class="colonnes">{"".join(columns)}</div>'
        "</main>"
    )
    head = _HEAD.format(
        title="Mon compte formation — accueil", tools=control if with_account_control else ""
    )
    return head + body + _FOOT.format(pdf=CGU_PDF_PATH, script="")


TITLES = {
    "/espace/connexion": "Accès à mon espace sécurisé",
    "/espace/inscription/conditions": "Étape 1 : conditions d'utilisation",
    "/espace/inscription/identite": "Étape 2 : identité",
    "/espace/inscription/mot-de-passe": "Étape 3 : mot de passe",
    "/espace/synthese": "Synthèse de votre compte",
}


def shell(path: str) -> str:
    """Return the empty document the browser app draws every /espace/ screen into."""
    title = f"{TITLES[path]} — Mon compte formation" if path in TITLES else "Mon compte formation"
    head = _HEAD.format(title=escape(title, quote=False), tools="")
    main = '<main id="contenu" tabindex="-1"><p class="attente">Chargement…</p></main>'
    script = "".join(
        f'<script src="/ressources/{name}" defer></script>\n'
        for name in ("regles.js", "app.js", "espace.js")
    )
    return head + main + _FOOT.format(pdf=CGU_PDF_PATH, script=script)


def cgu_pdf() -> bytes:
    """Return a one-page PDF of the terms of use (written by hand: no PDF library needed)."""
    text = "Conditions Generales d'Utilisation du compte personnel de formation (demonstration)"
    stream = f"BT /F1 12 Tf 40 780 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
