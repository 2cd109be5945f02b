# language: fr
Fonctionnalité: Le courriel de confirmation
  Une fois inscrit, le titulaire reçoit un seul courriel qui confirme l'activation du compte.

  @MAIL-01 @MAIL-03
  Scénario: Le titulaire reçoit un seul courriel de bienvenue, sans son mot de passe
    Soit un titulaire qui vient de s'inscrire
    Alors il reçoit un seul courriel à l'adresse donnée
    Et le courriel contient la bienvenue, l'activation, la mise en garde et la signature
    Et le courriel ne contient pas le mot de passe

  @MAIL-02
  Scénario: Le lien « à cette adresse » ouvre la page de connexion du même portail
    Soit un titulaire qui vient de s'inscrire
    Quand il suit le lien du courriel
    Alors la page de connexion à l'espace sécurisé s'affiche

  @MAIL-03
  Scénario: Une inscription refusée n'envoie aucun courriel
    Soit une personne de 30 ans
    Et elle est arrivée à l'étape 3 de l'inscription
    Quand elle choisit le mot de passe "abcde123" et valide
    Alors le mot de passe est refusé
    Et aucun courriel ne lui est envoyé
