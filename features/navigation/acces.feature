# language: fr
Fonctionnalité: Du site public à l'inscription
  Depuis la page d'accueil publique, la personne rejoint son espace sécurisé, puis
  l'inscription, dont une barre de progression montre les trois étapes.

  @NAV-01
  Scénario: La page d'accueil mène à l'espace sécurisé
    Soit une personne sur la page d'accueil publique
    Quand elle choisit l'accès à son compte formation
    Alors la page de connexion à l'espace sécurisé s'affiche

  @NAV-02
  Scénario: La page de connexion présente les inscrits, les non-inscrits et les informations
    Soit une personne sur la page de connexion
    Alors la page propose de s'identifier à qui est déjà inscrit
    Et la page propose de s'inscrire à qui ne l'est pas encore
    Et la page propose la vidéo de démonstration et les conditions générales d'utilisation

  @NAV-03
  Plan du scénario: La barre de progression marque l'étape <étape> comme étape en cours
    Soit une personne arrivée à l'étape <étape> de l'inscription
    Alors la barre de progression montre les trois étapes
    Et l'étape <étape> y est annoncée comme l'étape en cours

    Exemples:
      | étape |
      | 1     |
      | 2     |
      | 3     |

  @NAV-04
  Plan du scénario: Ouvrir l'étape <visée> sans avoir fini les précédentes ramène à l'étape <retour>
    Soit une personne qui a terminé <faites> étape de l'inscription
    Quand elle ouvre directement l'étape <visée>
    Alors l'étape <retour> y est annoncée comme l'étape en cours
    Et le serveur refuse aussi l'étape <visée> envoyée sans la page

    Exemples:
      | faites | visée | retour |
      | 0      | 2     | 1      |
      | 1      | 3     | 2      |

  @NAV-04
  Plan du scénario: Arrivée à l'étape <depuis>, ouvrir directement l'étape <visée> la ramène à l'étape <depuis>
    Soit une personne arrivée à l'étape <depuis> de l'inscription
    Quand elle ouvre directement l'étape <visée>
    Alors l'étape <depuis> y est annoncée comme l'étape en cours

    Exemples:
      | depuis | visée |
      | 1      | 2     |
      | 1      | 3     |
      | 2      | 3     |
