# language: fr
Fonctionnalité: Qui peut s'inscrire
  L'inscription est ouverte à partir de 16 ans, et dès 15 ans à qui a signé un contrat
  d'apprentissage. L'âge se lit dans le numéro de sécurité sociale.

  Règle: L'âge lu dans le numéro de sécurité sociale ouvre ou ferme l'inscription

    @ELIG-01 @ELIG-02 @ELIG-03
    Plan du scénario: À <âge> ans, une personne qui <contrat> contrat d'apprentissage
      Soit une personne de <âge> ans
      Et elle <contrat> contrat d'apprentissage
      Et elle est arrivée à l'étape 2 de l'inscription
      Quand elle remplit le formulaire d'identité et continue
      Alors son inscription est <issue>
      Et le serveur en décide de même sans la page

      Exemples:
        | âge | contrat              | issue              |
        | 14  | n'a pas signé de     | refusée pour l'âge |
        | 14  | a signé un           | refusée pour l'âge |
        | 15  | n'a pas signé de     | refusée pour l'âge |
        | 15  | a signé un           | acceptée           |
        | 16  | n'a pas signé de     | acceptée           |
        | 45  | n'a pas signé de     | acceptée           |

    @ELIG-01
    Scénario: Une personne de 16 ans va jusqu'au bout de l'inscription
      Soit une personne de 16 ans
      Quand elle s'inscrit avec le mot de passe "Moncompte2015"
      Alors elle arrive dans son compte personnel de formation

    @ELIG-02
    Scénario: À 15 ans, le portail demande la déclaration du contrat d'apprentissage
      Soit une personne de 15 ans
      Et elle n'a pas signé de contrat d'apprentissage
      Et elle est arrivée à l'étape 2 de l'inscription
      Quand elle remplit le formulaire d'identité et continue
      Alors le portail lui demande de déclarer un contrat d'apprentissage signé

    @ELIG-03 @MAIL-03
    Scénario: Une personne trop jeune n'a ni compte ni courriel
      Soit une personne de 14 ans
      Et elle est arrivée à l'étape 2 de l'inscription
      Quand elle remplit le formulaire d'identité et continue
      Alors son inscription est refusée pour l'âge
      Et aucun courriel ne lui est envoyé
      Et le serveur la refuse aussi sans la page

  Règle: L'âge se compte depuis le premier jour du mois de naissance, janvier si le mois est inconnu

    @ELIG-04
    Plan du scénario: Un numéro au mois de naissance inconnu (<mois>) compte comme né en janvier
      Soit une personne qui a eu <âge> ans en janvier et dont le numéro porte le mois "<mois>"
      Et elle est arrivée à l'étape 2 de l'inscription
      Quand elle remplit le formulaire d'identité et continue
      Alors son inscription est <issue>
      Et le serveur en décide de même sans la page

      Exemples:
        | âge | mois | issue              |
        | 16  | 20   | acceptée           |
        | 15  | 20   | refusée pour l'âge |
        | 16  | 99   | acceptée           |

    @ELIG-04
    Plan du scénario: Les 16 ans comptent dès le premier jour du mois de naissance (<quand>)
      Soit une personne qui <anniversaire> 16 ans le premier jour <quand>
      Et elle n'a pas signé de contrat d'apprentissage
      Et elle est arrivée à l'étape 2 de l'inscription
      Quand elle remplit le formulaire d'identité et continue
      Alors son inscription est <issue>
      Et le serveur en décide de même sans la page

      Exemples:
        | anniversaire | quand            | issue              |
        | a eu         | de ce mois       | acceptée           |
        | aura         | du mois prochain | refusée pour l'âge |

    @ELIG-04
    Plan du scénario: Le siècle de naissance est le plus récent qui ne soit pas dans le futur (<âge> ans)
      Soit une personne de <âge> ans
      Et elle est arrivée à l'étape 2 de l'inscription
      Quand elle remplit le formulaire d'identité et continue
      Alors son inscription est <issue>

      Exemples:
        | âge | issue    |
        | 99  | acceptée |
        | 16  | acceptée |

    @ELIG-04
    Scénario: La veille du mois des 16 ans et un siècle lu dans le futur sont refusés
      Soit une personne de 30 ans
      Et elle est arrivée à l'étape 2 de l'inscription
      Alors le serveur refuse chaque exemple hors des bornes de ELIG-04

    @ELIG-04
    Scénario: Un mois de naissance inconnu se lit janvier, même sans la page
      Soit une personne de 30 ans
      Et elle est arrivée à l'étape 2 de l'inscription
      Alors le serveur accepte l'exemple "mois inconnu lu comme janvier (16 ans cette année)" de ELIG-04
