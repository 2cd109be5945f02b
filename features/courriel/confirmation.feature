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

  @MAIL-03 @FORM-07
  Scénario: Un double clic sur « Valider » n'envoie qu'un courriel et ne crée qu'un compte
    Soit une personne de 30 ans
    Et elle est arrivée à l'étape 3 de l'inscription
    Quand elle choisit le mot de passe "Moncompte2015" et double-clique sur « Valider »
    Alors elle reçoit un seul courriel à l'adresse donnée
    Et son compte s'ouvre avec son numéro et ce mot de passe dans un autre navigateur

  @MAIL-03 @FORM-07
  Scénario: Un double clic sur « Continuer » à l'étape 2 n'inscrit la personne qu'une fois
    Soit une personne de 30 ans
    Et elle est arrivée à l'étape 2 de l'inscription
    Quand elle remplit le formulaire d'identité et double-clique sur « Continuer »
    Et elle termine son inscription avec le mot de passe "Moncompte2015"
    Alors elle reçoit un seul courriel à l'adresse donnée
    Et son compte s'ouvre avec son numéro et ce mot de passe dans un autre navigateur
