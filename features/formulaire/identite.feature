# language: fr
Fonctionnalité: Étape 2, identité et coordonnées
  La personne donne son numéro de sécurité sociale et sa clé, son nom de naissance, son
  courriel et, si elle le veut, son prénom et ses téléphones.

  Contexte:
    Soit une personne de 30 ans
    Et elle est arrivée à l'étape 2 de l'inscription

  @FORM-01
  Scénario: Chaque champ du formulaire a une étiquette visible qui lui est liée
    Alors chaque champ du formulaire d'identité est annoncé par son étiquette

  @FORM-03
  Scénario: Le prénom est facultatif
    Quand elle remplit le formulaire d'identité sans prénom et continue
    Alors son inscription est acceptée

  @FORM-03 @FORM-06
  Scénario: Le nom de naissance est obligatoire
    Quand elle remplit le formulaire d'identité sans nom de naissance et continue
    Alors le champ du nom de naissance est refusé avec le message du nom de naissance obligatoire
    Et ce qu'elle a tapé est conservé, sauf le contrôle de sécurité
    Et le serveur la refuse aussi sans la page

  @FORM-04
  Plan du scénario: Le courriel « <courriel> » n'est pas une adresse valide
    Quand elle remplit le formulaire d'identité avec le courriel "<courriel>" et continue
    Alors le champ du courriel est refusé avec le message du courriel invalide
    Et le serveur la refuse aussi sans la page

    Exemples:
      | courriel             |
      | marion.roussarie     |
      | marion@              |
      | marion roussarie@x.fr |

  @FORM-04
  Scénario: La confirmation du courriel doit être identique
    Quand elle remplit le formulaire d'identité avec une confirmation de courriel différente et continue
    Alors le champ de confirmation du courriel est refusé avec le message de confirmation différente
    Et le serveur la refuse aussi sans la page

  @FORM-06
  Scénario: Toutes les erreurs sont listées à la fois et la saisie est conservée
    Quand elle remplit le formulaire d'identité avec plusieurs erreurs et continue
    Alors chaque erreur est annoncée avec son champ, toutes à la fois
    Et ce qu'elle a tapé est conservé, sauf le contrôle de sécurité

  @FORM-07
  Scénario: Un numéro de sécurité sociale déjà inscrit ne peut pas s'inscrire à nouveau
    Soit un compte existe déjà pour son numéro de sécurité sociale
    Quand elle remplit le formulaire d'identité et continue
    Alors le portail l'invite à s'identifier ou à demander un nouveau mot de passe
