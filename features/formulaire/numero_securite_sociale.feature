# language: fr
Fonctionnalité: Le numéro de sécurité sociale et sa clé
  Le numéro (13 caractères) et sa clé (2 chiffres) doivent être valides : sexe, année et mois
  de naissance, département (2A et 2B pour la Corse) et clé de contrôle.

  @FORM-02
  Plan du scénario: Un numéro valide, <cas>, est accepté
    Soit une personne de 30 ans, <sexe>, née dans le département "<département>"
    Et elle est arrivée à l'étape 2 de l'inscription
    Quand elle remplit le formulaire d'identité et continue
    Alors son inscription est acceptée

    Exemples:
      | cas                        | sexe  | département |
      | femme née à Paris          | femme | 75          |
      | homme né en Corse-du-Sud   | homme | 2A          |
      | femme née en Haute-Corse   | femme | 2B          |

  @FORM-02
  Plan du scénario: Un numéro dont le défaut est « <défaut> » est refusé sur son champ
    Soit une personne dont le numéro de sécurité sociale a un défaut : <défaut>
    Et elle est arrivée à l'étape 2 de l'inscription
    Quand elle remplit le formulaire d'identité et continue
    Alors le champ du numéro de sécurité sociale est refusé avec le message du numéro invalide
    Et le serveur la refuse aussi sans la page

    Exemples:
      | défaut                       |
      | clé fausse                   |
      | chiffre du sexe impossible   |
      | mois de naissance impossible |
      | département inexistant       |
      | numéro trop court            |
      | lettres au lieu de chiffres  |
