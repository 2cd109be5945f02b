"""Visible French texts the catalogue implies but does not quote.

The reference portal shows these. The suite requires none of the error messages word for word
(`walkthrough.locators.free`): any new error in the right place counts, saying what the rule
asks where it asks something; a target profile may pin other words to make a check stricter.
"""

from typing import Final

# Navigation and account space (NAV-01, SYN-05)
HOME_ACCESS: Final = "Mon compte formation"
NAV_SUMMARY: Final = "Synthèse"
NAV_PERSONAL_INFO: Final = "Mes informations personnelles"
NAV_DIF: Final = "Mes heures DIF"
NAV_TRAINING_SEARCH: Final = "Rechercher une formation"
NAV_TRAINING_FILES: Final = "Mes dossiers de formation"
NAV_DELEGATIONS: Final = "Mes délégations"
LOGOUT: Final = "Me déconnecter"
FORGOTTEN_PASSWORD_TITLE: Final = "Mot de passe oublié"
ERROR_SUMMARY: Final = "Votre saisie contient des erreurs. Merci de les corriger :"
# The error summary names each field by its label; these two labels are whole sentences.
SUMMARY_CGU: Final = "Acceptation des conditions d'utilisation"
SUMMARY_APPRENTICESHIP: Final = "Contrat d'apprentissage"

# Eligibility (ELIG-02, ELIG-03): the seed's own sentence states the age condition.
AGE_CONDITION: Final = (
    "L'inscription est possible si vous avez plus de 16 ans, et pour les jeunes de 15 ans "
    "ayant signé un contrat d'apprentissage."
)

# Field errors (FORM-02..07, CAP-03, PWD-02)
NIR_INVALID: Final = "Le numéro de sécurité sociale ou sa clé n'est pas valide."
BIRTH_NAME_REQUIRED: Final = "Le nom de naissance est obligatoire."
EMAIL_INVALID: Final = "Le courriel n'est pas une adresse valide."
# Length limits of free-text fields (the numbers are those of mock_portal/validation.py)
FIRST_NAME_TOO_LONG: Final = "Le prénom ne doit pas dépasser 100 caractères."
BIRTH_NAME_TOO_LONG: Final = "Le nom de naissance ne doit pas dépasser 100 caractères."
EMAIL_TOO_LONG: Final = "Le courriel ne doit pas dépasser 254 caractères."
EMAIL_MISMATCH: Final = "La confirmation doit être identique au courriel."
LANDLINE_INVALID: Final = (
    "Le téléphone fixe doit compter 10 chiffres et commencer par 01 à 05 ou 09."
)
MOBILE_INVALID: Final = "Le téléphone portable doit compter 10 chiffres et commencer par 06 ou 07."
CAPTCHA_WRONG: Final = (
    "Les caractères saisis ne correspondent pas. Merci de saisir les nouveaux caractères."
)
NIR_ALREADY_REGISTERED: Final = (
    "Un compte existe déjà pour ce numéro de sécurité sociale. Identifiez-vous avec "
    "« Je m'identifie » ou utilisez « Mot de passe oublié »."
)
PASSWORD_MISMATCH: Final = "La confirmation doit être identique au mot de passe."
STRENGTH_WEAK: Final = "Faible"
STRENGTH_MEDIUM: Final = "Moyen"

# Login (LOG-02) and throttling
LOGIN_REFUSED: Final = "Numéro de sécurité sociale ou mot de passe incorrect."
LOGIN_THROTTLED: Final = (
    "Trop de tentatives de connexion. Merci de patienter quelques minutes avant de réessayer."
)

# DIF balance (SYN-06)
DIF_FIELD: Final = "Solde d'heures DIF"
# The range is DIF_CAP of mock_portal/views/account.py (the legal DIF ceiling)
DIF_HINT: Final = "Saisissez un nombre entier d'heures, de 0 à 120."
DIF_SAVE: Final = "Enregistrer"
DIF_SAVED: Final = "Votre solde d'heures DIF a été enregistré."
DIF_INVALID: Final = "Le solde d'heures DIF doit être un nombre entier d'heures, de 0 à 120."

# Site search box
SEARCH_TOO_LONG: Final = "La recherche ne doit pas dépasser 200 caractères."
SEARCH_NO_RESULT: Final = "Aucun résultat pour « {query} » dans ce portail de démonstration."

# Personal information page
INFO_SAVED: Final = "Vos informations personnelles ont été enregistrées."

# Confirmation email
MAIL_SUBJECT: Final = "Activation de votre compte personnel de formation"
