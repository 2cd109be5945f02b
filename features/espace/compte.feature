# language: fr
Fonctionnalité: L'espace du compte personnel de formation
  Une fois inscrit, le titulaire arrive sur la synthèse de son compte, encore vide.

  Contexte:
    Soit un titulaire qui vient de s'inscrire

  @SYN-01
  Scénario: Un bandeau souhaite la bienvenue et annonce le compte activé
    Alors le bandeau de bienvenue annonce le compte activé

  @SYN-02
  Scénario: Le nom du titulaire s'affiche en capitales
    Alors son prénom et son nom de naissance s'affichent en capitales

  @SYN-03
  Scénario: La synthèse présente des heures à zéro
    Alors la synthèse présente les heures du compte personnel à zéro

  @SYN-04
  Scénario: Aucun dossier de formation pour un nouveau compte
    Alors les dossiers en cours et les dossiers clos comptent 0 dossiers

  @SYN-05
  Scénario: L'espace mène aux services du compte et le pied de page aux informations
    Alors l'espace mène aux informations personnelles, aux heures DIF, à la recherche de formation, aux dossiers et aux délégations
    Et le pied de page mène aux conditions générales, à l'accessibilité et au contact

  @SYN-06
  Plan du scénario: Un solde DIF de « <heures> » est <issue>
    Quand il saisit un solde d'heures DIF de "<heures>"
    Alors le solde DIF est <issue>

    Exemples:
      | heures | issue      |
      | 0      | enregistré |
      | 37     | enregistré |
      | 120    | enregistré |
      | 121    | refusé     |
      | -1     | refusé     |
      | 12,5   | refusé     |
      | douze  | refusé     |
