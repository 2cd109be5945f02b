# language: fr
Fonctionnalité: Étape 1, les conditions générales d'utilisation
  Pour s'inscrire, la personne déclare avoir lu et accepté les conditions générales.

  Contexte:
    Soit une personne arrivée à l'étape 1 de l'inscription

  @CGU-01
  Scénario: L'étape 1 présente la déclaration et le document des conditions
    Alors la déclaration d'acceptation des conditions générales est proposée
    Et un lien mène au document des conditions générales

  @CGU-02
  Scénario: Continuer sans accepter les conditions est refusé
    Quand elle continue sans accepter les conditions générales
    Alors le portail lui demande de valider les conditions générales
    Et l'étape 1 y est annoncée comme l'étape en cours

  @CGU-03
  Scénario: Accepter les conditions ouvre l'étape 2
    Quand elle accepte les conditions générales et continue
    Alors l'étape 2 y est annoncée comme l'étape en cours

  @CGU-03
  Scénario: Les étapes 1 et 2 se poursuivent par « Continuer », l'étape 3 se termine par « Valider »
    Quand elle accepte les conditions générales et continue
    Et elle remplit le formulaire d'identité et continue
    Alors l'étape 3 se termine par un bouton de validation
