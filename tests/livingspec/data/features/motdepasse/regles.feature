# language: fr
Fonctionnalité: Le mot de passe
  Le mot de passe protège le compte.

  Il compte des lettres et des chiffres.

  Règle: Un mot de passe compte 5 lettres, majuscules et minuscules, et 3 chiffres

    @PWD-01
    Plan du scénario: Le mot de passe « <mot> » est refusé
      Soit une personne à l'étape 3 de l'inscription
      Quand elle saisit le mot de passe "<mot>"
      Alors le mot de passe est refusé

      Exemples:
        | mot      |
        | abcde123 |
        | ABCDE123 |

    @PWD-05
    Scénario: Le mot de passe du walkthrough termine l'inscription
      Soit une personne à l'étape 3 de l'inscription
      Quand elle saisit le mot de passe "Moncompte2015"
      Alors son compte est créé

  Règle: Le courriel de confirmation

    @MAIL-01 @courriel
    Scénario: Le courriel de bienvenue arrive
      Soit une personne inscrite
      Alors elle reçoit le courriel de bienvenue
        | texte   |
        | Bonjour |
