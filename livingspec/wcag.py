"""Name the WCAG success criteria axe-core checks, as the W3C's French translation does."""

from __future__ import annotations

CRITERIA = {
    "1.1.1": "Contenu non textuel",
    "1.2.2": "Sous-titres (pré-enregistrés)",
    "1.3.1": "Information et relations",
    "1.3.4": "Orientation",
    "1.3.5": "Identifier la finalité des saisies",
    "1.4.1": "Utilisation de la couleur",
    "1.4.2": "Contrôle du son",
    "1.4.3": "Contraste (minimum)",
    "1.4.4": "Redimensionnement du texte",
    "1.4.6": "Contraste (amélioré)",
    "1.4.10": "Redistribution",
    "1.4.11": "Contraste du contenu non textuel",
    "1.4.12": "Espacement du texte",
    "2.1.1": "Clavier",
    "2.2.1": "Réglage du délai",
    "2.2.2": "Mettre en pause, arrêter, masquer",
    "2.4.1": "Contourner des blocs",
    "2.4.2": "Titre de page",
    "2.4.4": "Fonction du lien (selon le contexte)",
    "2.4.7": "Visibilité du focus",
    "2.5.3": "Étiquette dans le nom",
    "2.5.8": "Taille de la cible (minimum)",
    "3.1.1": "Langue de la page",
    "3.1.2": "Langue d'un passage",
    "3.3.1": "Identification des erreurs",
    "3.3.2": "Étiquettes ou instructions",
    "4.1.1": "Analyse syntaxique",
    "4.1.2": "Nom, rôle et valeur",
    "4.1.3": "Messages d'état",
}


def criterion_label(number: str) -> str:
    """Return "1.4.3 Contraste (minimum)", or the number alone when unnamed here."""
    name = CRITERIA.get(number)
    return f"{number} {name}" if name else number
