# language: fr
Fonctionnalité: Le contrôle de sécurité
  Un captcha arrête les inscriptions automatisées : des caractères à recopier, sans
  distinction de la casse, renouvelables et disponibles en version sonore.

  Contexte:
    Soit une personne de 30 ans
    Et elle est arrivée à l'étape 2 de l'inscription

  @CAP-01
  Scénario: L'étape 2 montre l'image du contrôle de sécurité et ses explications
    Alors une image de caractères à recopier est affichée
    Et les explications du contrôle de sécurité sont affichées

  @CAP-02
  Scénario: Les caractères tapés dans l'autre casse sont acceptés
    Quand elle remplit le formulaire d'identité en tapant le contrôle dans l'autre casse et continue
    Alors son inscription est acceptée

  @CAP-03
  Scénario: Une mauvaise réponse est refusée et la saisie conservée
    Quand elle remplit le formulaire d'identité avec un contrôle de sécurité faux et continue
    Alors le contrôle de sécurité est refusé
    Et ce qu'elle a tapé est conservé, sauf le contrôle de sécurité
    Et le serveur la refuse aussi sans la page

  @CAP-03
  Scénario: La réponse ne se lit que dans l'image et le son, jamais par un script
    Alors la réponse du contrôle de sécurité ne se lit nulle part ailleurs que dans l'image et le son

  @CAP-03 @needs-each-captcha
  Scénario: Après une mauvaise réponse, de nouveaux caractères sont proposés
    Quand elle remplit le formulaire d'identité avec un contrôle de sécurité faux et continue
    Alors de nouveaux caractères sont proposés
    Et le serveur la refuse aussi sans la page

  @CAP-03 @needs-each-captcha
  Scénario: Une réponse ne sert qu'une fois
    Soit elle a noté la réponse du contrôle de sécurité
    Et un compte existe déjà pour un autre numéro
    Quand elle remplit le formulaire d'identité avec ce numéro déjà inscrit et continue
    Et elle retape la réponse notée et continue
    Alors le contrôle de sécurité est refusé
    Et le serveur la refuse aussi sans la page

  @CAP-03 @needs-each-captcha
  Scénario: Une réponse qui a fait passer l'étape 2 ne sert plus après un retour en arrière
    Soit elle a noté la réponse du contrôle de sécurité
    Quand elle remplit le formulaire d'identité et continue
    Et elle revient à l'étape 2 par le bouton « Précédent » du navigateur
    Et elle renvoie l'étape 2 avec la réponse notée
    Alors le contrôle de sécurité est refusé
    Et de nouveaux caractères sont proposés

  @CAP-04 @needs-each-captcha
  Scénario: Renouveler les caractères rend l'ancienne réponse caduque
    Soit elle a noté la réponse du contrôle de sécurité
    Quand elle demande de nouveaux caractères
    Alors de nouveaux caractères sont proposés
    Quand elle remplit le formulaire d'identité, retape la réponse notée et continue
    Alors le contrôle de sécurité est refusé
    Et le serveur la refuse aussi sans la page

  @CAP-05
  Scénario: La version sonore fait entendre les caractères
    Alors la version sonore du contrôle de sécurité est un fichier audio parlé

  @CAP-05 @needs-each-captcha
  Scénario: La version sonore suit les caractères affichés
    Alors la version sonore change avec les caractères
