"""Visible French texts of the walkthrough, quoted from the conformance catalogue.

One source for both the reference portal (which shows them) and the suite (which looks for
them). Where the team's upstream catalogue and seed are at hand, the sync check
in tests/test_catalogue.py finds each text verbatim in one of them, so sharing them cannot
hide a typo.
"""

from typing import Final

# Public site and login page (NAV-01, NAV-02)
SITE_NAME: Final = "Mon compte formation"
SITE_SLOGAN: Final = "Devenez acteur de votre parcours professionnel"
LOGIN_TITLE: Final = "Accès à mon espace sécurisé"
LOGIN_REGISTERED: Final = "Je suis déjà inscrit(e)"
LOGIN_NIR: Final = "Numéro de sécurité sociale"
LOGIN_PASSWORD: Final = "Mot de passe"
SHOW_PASSWORD: Final = "Afficher le mot de passe"
LOGIN_SUBMIT: Final = "Je m'identifie"
FORGOTTEN_PASSWORD: Final = "Mot de passe oublié"
LOGIN_NOT_REGISTERED: Final = "Je ne suis pas encore inscrit(e)"
REGISTER: Final = "Je m'inscris"
MORE_INFO: Final = "Plus d'infos ?"
DEMO_VIDEO: Final = "Vidéo de démonstration : Inscription"
CGU_DOCUMENT: Final = "Conditions Générales d'Utilisation (PDF - 149 Ko)"
HOME_PAGE: Final = "Accueil"
SITE_SEARCH: Final = "Rechercher sur le site"
SECURE_SPACE_ACCESS: Final = "Accéder à mon espace sécurisé"
REGISTRATION_TITLE: Final = "Inscription à mon espace personnel sécurisé"

# Information pages of the public site (the seed's menu and home-page columns)
INFO_CPF: Final = "Le compte personnel de formation"
INFO_FAQ: Final = "Questions fréquentes"
INFO_DEDICATED_SPACES: Final = "Espaces dédiés"
INFO_MY_RIGHTS: Final = "Mes droits"
INFO_MY_CONTACTS: Final = "Mes interlocuteurs"
INFO_DIF_HOURS: Final = "Informer sur les heures DIF"
INFO_OPCA: Final = "L'accompagnement par l'OPCA"
INFO_SKILLS: Final = "Compétences et parcours professionnel des salariés"
INFO_FUNDING: Final = "Le financement du compte personnel de formation"
INFO_PROFESSIONAL_SPACE: Final = "Espace professionnel"

# Progress bar (NAV-03)
STEP_CGU: Final = "Valider les CGU"
STEP_REGISTER: Final = "S'inscrire"
STEP_PASSWORD: Final = "Saisir son mot de passe"
STEPS: Final = (STEP_CGU, STEP_REGISTER, STEP_PASSWORD)

# Step 1 (CGU-01..03)
CGU_CHECKBOX: Final = (
    "Je déclare avoir lu, compris et accepté les Conditions Générales d'Utilisation"
)
CGU_REQUIRED: Final = (
    "Merci de valider les Conditions Générales d'Utilisation afin de pouvoir poursuivre "
    "votre inscription."
)
CONTINUE: Final = "Continuer"
VALIDATE: Final = "Valider"

# Step 2 (FORM-01)
FIELD_NIR: Final = "N° de sécurité sociale *"
FIELD_CLE: Final = "clé *"
FIELD_FIRST_NAME: Final = "Prénom"
FIELD_BIRTH_NAME: Final = "Nom de naissance *"
FIELD_LANDLINE: Final = "Téléphone fixe"
FIELD_MOBILE: Final = "Téléphone portable"
FIELD_EMAIL: Final = "Courriel *"
FIELD_EMAIL_CONFIRM: Final = "Confirmation courriel *"
FIELD_CAPTCHA: Final = "Contrôle de sécurité"
# The field's name without the required mark (FORM-03), as the personal-information page shows it
BIRTH_NAME: Final = "Nom de naissance"

# Eligibility (ELIG-02)
APPRENTICESHIP_DECLARATION: Final = "J'ai signé un contrat d'apprentissage"

# Captcha (CAP-01, CAP-04, CAP-05)
CAPTCHA_INSTRUCTIONS: Final = (
    "Merci de saisir les caractères affichés dans le cadre ci-dessous. Cette étape nous "
    "permet d'empêcher les inscriptions automatisées. Les caractères peuvent être saisis en "
    "majuscule ou en minuscule, sans distinction de la casse."
)
CAPTCHA_HELP: Final = (
    "Si vous n'arrivez pas à lire les caractères violets ou les caractères à gauche :"
)
CAPTCHA_RENEW: Final = "cliquez ici pour renouveler les caractères"
CAPTCHA_AUDIO: Final = "cliquez ici pour écouter la version sonore"

# Step 3 (PWD-01..05)
FIELD_PASSWORD: Final = "Mot de passe *"
FIELD_PASSWORD_CONFIRM: Final = "Confirmation mot de passe *"
PASSWORD_RULE: Final = (
    "Pour être valide, votre mot de passe doit impérativement compter 5 lettres "
    "(composées de majuscules et de minuscules) et 3 chiffres."
)
STRENGTH_STRONG: Final = "Fort"
EXAMPLE_PASSWORD: Final = "Moncompte2015"

# Account space (SYN-01..05)
WELCOME_BANNER: Final = (
    "Bienvenue dans votre compte personnel de formation. Votre compte personnel sécurisé "
    "est activé, vous pouvez l'utiliser dès maintenant."
)
SUMMARY_TITLE: Final = "Synthèse de votre compte"
HOURS_TITLE: Final = "Heures du compte personnel"
CPF_AVAILABLE: Final = "Heures CPF disponibles"
CPF_RESERVED: Final = "Heures CPF réservées"
DIF_AVAILABLE: Final = "Heures DIF disponibles"
DIF_NOTE: Final = (
    "Vous pouvez modifier le solde ici tant qu'aucun dossier de formation n'a été validé."
)
USABLE_HOURS: Final = "Heures utilisables"
NO_USABLE_HOURS: Final = (
    "Vous ne disposez pas d'heure utilisable sur votre compte personnel de formation."
)
FILES_OPEN: Final = "Dossiers en cours"
FILES_CLOSED: Final = "Dossiers clos"
ACCESSIBILITY: Final = "Accessibilité"
CONTACT: Final = "Nous contacter"

# Confirmation email (MAIL-01)
MAIL_GREETING: Final = "Bonjour,"
MAIL_WELCOME: Final = "Bienvenue dans votre compte personnel de formation."
MAIL_LINK_TEXT: Final = "à cette adresse"
# The activation sentence, before and after its link MAIL_LINK_TEXT
MAIL_ACTIVATED: Final = (
    "Votre compte personnel sécurisé est activé, vous pouvez l'utiliser dès maintenant en vous "
    "connectant",
    "avec votre numéro de sécurité sociale et le mot de passe que vous avez renseigné.",
)
MAIL_NO_REPLY: Final = (
    "Merci de ne pas répondre directement à ce courriel qui est un accusé de réception automatique."
)
MAIL_REGARDS: Final = "Cordialement."
MAIL_SIGNATURE: Final = ("Votre correspondant CPF", "Caisse des Dépôts")
