# language: fr
Fonctionnalité: Chaque règle du formulaire à ses bornes
  Une valeur par classe du catalogue et par borne (catalogue/edges.py), envoyée au serveur
  sans la page, dans la session de la personne : ce que la règle refuse, le serveur le refuse.

  Contexte:
    Soit une personne de 30 ans
    Et elle est arrivée à l'étape 2 de l'inscription

  @FORM-02
  Scénario: Chaque mois de naissance impossible et une clé décalée de un sont refusés
    Alors le serveur refuse chaque exemple hors des bornes de FORM-02

  @FORM-04
  Scénario: Une confirmation qui ne diffère du courriel que par la casse est refusée
    Alors le serveur refuse chaque exemple hors des bornes de FORM-04

  @FORM-05
  Scénario: Chaque début de 00 à 09 hors de sa classe est refusé, en espaces, points ou +33
    Alors le serveur refuse chaque exemple hors des bornes de FORM-05
