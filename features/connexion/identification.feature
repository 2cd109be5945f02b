# language: fr
Fonctionnalité: Se connecter ensuite
  Le titulaire s'identifie avec son numéro de sécurité sociale et sa clé, et son mot de passe.

  Contexte:
    Soit un titulaire qui vient de s'inscrire
    Et il s'est déconnecté

  @LOG-01
  Plan du scénario: Le titulaire s'identifie avec son numéro écrit <écriture>
    Quand il s'identifie avec son numéro écrit <écriture> et son mot de passe
    Alors il arrive dans son espace personnel

    Exemples:
      | écriture      |
      | sans espaces  |
      | avec espaces  |

  @LOG-02
  Plan du scénario: <cas> est refusé sans dire si le compte existe
    Quand il s'identifie avec <cas>
    Alors la connexion est refusée avec le message unique d'échec

    Exemples:
      | cas                              |
      | un mauvais mot de passe          |
      | un numéro sans compte            |

  @LOG-02
  Scénario: Les deux refus affichent la même page
    Quand il s'identifie avec un mauvais mot de passe
    Et il note ce que dit la page
    Et il s'identifie avec un numéro sans compte
    Alors la connexion est refusée avec le message unique d'échec
    Et la page dit exactement la même chose qu'après le mauvais mot de passe

  @LOG-03
  Scénario: Afficher le mot de passe fonctionne aussi sur la page de connexion
    Quand il tape son mot de passe sur la page de connexion
    Et il demande à afficher le mot de passe
    Alors le mot de passe est lisible en clair
    Quand il demande à afficher le mot de passe
    Alors le mot de passe est masqué
