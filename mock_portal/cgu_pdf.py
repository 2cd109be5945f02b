"""A small, real PDF of the terms of use, written without a PDF library."""

from __future__ import annotations

from catalogue import texts

TITLE = "Conditions Générales d'Utilisation"
LINES = (
    "Portail de démonstration « Mon compte formation » - aucune donnée réelle.",
    "",
    "1. Objet",
    "Le présent document fixe les conditions d'utilisation de l'espace personnel sécurisé",
    "du compte personnel de formation (CPF).",
    "",
    "2. Inscription",
    "L'inscription est possible si vous avez plus de 16 ans, et pour les jeunes de 15 ans",
    "ayant signé un contrat d'apprentissage. Elle demande le numéro de sécurité sociale",
    "et une adresse courriel valide.",
    "",
    "3. Mot de passe",
    "Le mot de passe est personnel. Il compte au moins 5 lettres (majuscules et",
    "minuscules) et 3 chiffres. Conservez-le : il sert à vous connecter à votre espace.",
    "",
    "4. Données personnelles",
    "Dans ce portail de démonstration, les données saisies restent sur la machine qui",
    "l'héberge. Elles ne sont transmises à aucun organisme.",
)


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def cgu_pdf() -> bytes:
    """Return the bytes of a one-page PDF in WinAnsi (French accents included)."""
    ops = [b"BT", b"/F1 18 Tf", b"56 780 Td", b"(" + _escape(TITLE) + b") Tj", b"/F1 11 Tf"]
    ops.append(b"0 -28 Td")
    for line in LINES:
        ops.append(b"(" + _escape(line) + b") Tj")
        ops.append(b"0 -16 Td")
    ops.append(b"(" + _escape(texts.CGU_DOCUMENT) + b") Tj")
    ops.append(b"ET")
    stream = b"\n".join(ops)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
