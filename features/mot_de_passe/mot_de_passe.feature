# language: fr
Fonctionnalité: Étape 3, le mot de passe
  Le mot de passe compte au moins 5 lettres, majuscules et minuscules, et 3 chiffres.

  Contexte:
    Soit une personne arrivée à l'étape 3 de l'inscription

  Règle: Un mot de passe valide a 5 lettres des deux casses et 3 chiffres

    @PWD-01
    Plan du scénario: Le mot de passe « <mot de passe> » est <issue>
      Quand elle choisit le mot de passe "<mot de passe>" et valide
      Alors le mot de passe est <issue>
      Et le serveur en décide de même sans la page

      Exemples:
        | mot de passe  | issue   |
        | Abcde123      | accepté |
        | abcde123      | refusé  |
        | ABCDE123      | refusé  |
        | Abcd1234      | refusé  |
        | Abcdef12      | refusé  |
        | Moncompte2015 | accepté |

    @PWD-01
    Scénario: Un mot de passe refusé n'ouvre aucun compte
      Quand elle choisit le mot de passe "abcde123" et valide
      Alors le mot de passe est refusé
      Et aucun compte ne s'ouvre avec son numéro et ce mot de passe
      Et le serveur la refuse aussi sans la page

    @PWD-01
    Scénario: Chaque classe manquante et un de moins que chaque minimum sont refusés
      Alors le serveur refuse chaque exemple hors des bornes de PWD-01

  Règle: La confirmation doit être identique

    @PWD-02
    Scénario: Une confirmation différente est refusée
      Quand elle choisit le mot de passe "Moncompte2015", le confirme par "Moncompte2016" et valide
      Alors la confirmation du mot de passe est refusée
      Et le serveur la refuse aussi sans la page

  Règle: La personne voit ce qu'elle tape si elle le demande, et sa force

    @PWD-03
    Scénario: Afficher le mot de passe le montre en clair, puis le cache à nouveau
      Quand elle tape le mot de passe "Moncompte2015"
      Et elle demande à afficher le mot de passe
      Alors le mot de passe est lisible en clair
      Quand elle demande à afficher le mot de passe
      Alors le mot de passe est masqué

    @PWD-04
    Plan du scénario: L'indicateur de force lit « <force> » pour « <mot de passe> »
      Quand elle tape le mot de passe "<mot de passe>"
      Alors l'indicateur de force indique <force>

      Exemples:
        | mot de passe  | force                   |
        | Moncompte2015 | un mot de passe fort    |
        | abcde123      | un mot de passe plus faible |

  Règle: L'exemple du tutoriel termine l'inscription

    @PWD-05
    Scénario: « Moncompte2015 » termine l'inscription
      Quand elle choisit le mot de passe "Moncompte2015" et valide
      Alors elle arrive dans son compte personnel de formation
