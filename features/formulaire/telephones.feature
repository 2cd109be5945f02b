# language: fr
Fonctionnalité: Les numéros de téléphone
  Les téléphones sont facultatifs ; s'ils sont donnés, ce sont des numéros français de 10
  chiffres : le fixe commence par 01 à 05 ou 09, le portable par 06 ou 07.

  @FORM-05
  Plan du scénario: Le téléphone <champ> « <numéro> » est <issue>
    Soit une personne de 30 ans
    Et elle est arrivée à l'étape 2 de l'inscription
    Quand elle remplit le formulaire d'identité avec le téléphone <champ> "<numéro>" et continue
    Alors le téléphone <champ> est <issue>
    Et le serveur en décide de même sans la page

    Exemples:
      | champ    | numéro            | issue   |
      | fixe     | 01 23 45 67 89    | accepté |
      | fixe     | 09.87.65.43.21    | accepté |
      | fixe     | +33 5 12 34 56 78 | accepté |
      | fixe     |                   | accepté |
      | fixe     | 06 12 34 56 78    | refusé  |
      | fixe     | 08 12 34 56 78    | refusé  |
      | fixe     | 01 23 45 67       | refusé  |
      | portable | 06 12 34 56 78    | accepté |
      | portable | +33 7 12 34 56 78 | accepté |
      | portable |                   | accepté |
      | portable | 01 23 45 67 89    | refusé  |
      | portable | 06 12 34 56 789   | refusé  |
