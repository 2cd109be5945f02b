# language: fr
Fonctionnalité: Le parcours complet du tutoriel
  Marion suit le tutoriel : de la page d'accueil publique à son compte, puis au courriel de
  confirmation, et elle se connecte à nouveau.

  @NAV-01 @CGU-03 @PWD-05 @SYN-01 @MAIL-01 @LOG-01
  Scénario: De la page d'accueil au courriel de confirmation et à la connexion suivante
    Soit Marion sur la page d'accueil publique
    Quand elle choisit l'accès à son compte formation
    Et elle demande à s'inscrire
    Et elle accepte les conditions générales et continue
    Et elle remplit le formulaire d'identité et continue
    Et elle choisit le mot de passe "Moncompte2015" et valide
    Alors elle arrive dans son compte personnel de formation
    Et elle reçoit un seul courriel à l'adresse donnée
    Quand elle se déconnecte
    Et elle suit le lien du courriel
    Et elle s'identifie avec son numéro et son mot de passe
    Alors elle arrive dans son espace personnel
