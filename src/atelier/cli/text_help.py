"""The French of every ``--help``: each command by its path as typed, click's own words.

The English stays in the code (docstrings, ``help=``); :mod:`atelier.cli.help` shows
this French instead unless ``--lang en`` (or ``ATELIER_LANG=en``). The options are in
:mod:`atelier.cli.text_help_options`. A command or an option without French here shows
its English: ``tests/e2e/test_cli_help.py`` fails until it has its French.
"""

from __future__ import annotations

from atelier.cli.text_help_options import METAVARS, OPTIONS, SHARED

_BARCODES = ("codes-barres scannés à la douchette ou lus dans un fichier, un par ligne sur "
             "l'entrée standard")

#: The French help of each command, by its path as typed. The first sentence is the
#: command's line in its group's list.
COMMANDS: dict[str, str] = {
    "atelier": (
        "atelier : commandes, documents, travail et parcours d'un atelier d'insertion.\n\n"
        "Les messages sont en français, en anglais avec --lang en (ou ATELIER_LANG=en). "
        "La base de données est ./atelier.db, sauf si --db ou ATELIER_DATABASE_URL en "
        "désigne une autre (un fichier SQLite ou une adresse postgresql://)."),
    "atelier init": "Créer ou mettre à jour la base de données et charger le catalogue.",
    "atelier demo": ("Construire un atelier de démonstration réaliste dans un nouveau "
                     "fichier SQLite et en afficher l'aperçu."),
    "atelier status": ("Où en est une commande : état, documents par étape, avancement de "
                       "chaque ligne, livraisons."),
    "atelier audit": ("Le journal des actes, du plus récent au plus ancien : qui, quand, "
                      "quoi, avant → après, par quelle porte."),
    # The catalogue.
    "atelier catalogue": "Le catalogue : prestations, opérations, prix et compétences.",
    "atelier catalogue show": ("Afficher le catalogue en vigueur (prestations avec leurs "
                               "gammes et leurs prix, compétences)."),
    # Collectivities and orders.
    "atelier client": ("Les collectivités : bibliothèques, écoles, archives et mairies qui "
                       "commandent du travail."),
    "atelier client add": "Enregistrer une collectivité. Affiche son numéro.",
    "atelier client list": "Lister les collectivités.",
    "atelier order": "Les commandes : devis, acceptation, annulation, liste.",
    "atelier order create": ("Créer une commande (un devis, sauf avec --accepted) aux prix du "
                             "catalogue, figés à la création."),
    "atelier order accept": "La collectivité a accepté le devis.",
    "atelier order cancel": ("Annuler une commande (seulement tant que l'atelier n'a aucun "
                             "de ses livres)."),
    "atelier order list": ("Lister les commandes, les plus récentes d'abord, avec leur "
                           "état."),
    # Items and production.
    "atelier items": ("Les livres d'une commande : import de la liste, documents numérotés, "
                      "manquants et refusés."),
    "atelier items import": (
        "Importer la liste des documents de la collectivité (CSV de Koha, PMB…) : toutes "
        "les lignes, ou aucune.\n\n"
        "Les colonnes sont reconnues par leur nom ; UTF-8 (avec ou sans BOM) ou "
        "Windows-1252 ; séparateur ; ou , . En cas d'erreur, chaque ligne fautive est "
        "nommée et rien n'est enregistré."),
    "atelier items placeholders": ("Créer des documents numérotés pour une commande arrivée "
                                   "sans liste."),
    "atelier items list": ("Les documents d'une commande et leur étape (avec le motif et le "
                           "bon de livraison)."),
    "atelier items missing": f"Déclarer des documents manquants ({_BARCODES}).",
    "atelier items refuse": ("Refuser des documents impossibles à travailler : ils sont "
                             f"rendus en l'état ({_BARCODES})."),
    "atelier receive": (
        "Recevoir des livres en scannant leurs codes-barres, un par ligne sur l'entrée "
        "standard.\n\n"
        "Les codes inconnus et les livres déjà reçus sont signalés, sans tout arrêter."),
    "atelier work": ("La production : enregistrer le travail sur un lot de documents, "
                     "contrôles qualité."),
    "atelier work record": (
        "Enregistrer une opération faite par un·e salarié·e sur des documents "
        f"({_BARCODES}, ou --all).\n\n"
        "La règle des compétences s'applique : la personne a le niveau que demande "
        "chaque opération, ou un niveau de moins avec --supervisor, qui nomme "
        "l'encadrant·e présent·e."),
    "atelier work check": ("Contrôle qualité à un point de contrôle : --pass, ou --fail "
                           "DÉFAUT pour renvoyer les documents à reprendre."),
    "atelier deliver": ("Livrer les documents terminés sous un nouveau bon de livraison "
                        f"numéroté ({_BARCODES}, ou --all)."),
    "atelier delivery": "Les bons de livraison.",
    "atelier delivery show": "Un bon de livraison : commande, date, codes-barres rendus.",
    "atelier delivery barcodes": ("Les codes-barres rendus, un par ligne : ce qu'une "
                                  "bibliothèque donne à ses outils de traitement par lot."),
    # Posts and trainees.
    "atelier post": "Les postes financés de l'atelier et qui les a occupés.",
    "atelier post add": "Déclarer un poste (par exemple P1 \"Couvrage 1\").",
    "atelier post list": ("Les postes, qui les occupe et depuis quand (codes des salarié·es "
                          "seulement), et les postes vacants."),
    "atelier post assign": ("Donner le poste vacant POST au ou à la salarié·e CODE (qui "
                            "n'occupe aucun autre poste)."),
    "atelier post release": ("Libérer le poste POST : la personne qui l'occupait garde son "
                             "parcours, sans poste."),
    "atelier post history": "Qui a occupé chaque poste (ou le poste POST), et quand.",
    "atelier trainee": ("Les salarié·es, connu·es par un code qui ne dit pas leur nom : "
                        "contrats, sorties, données personnelles."),
    "atelier trainee add": ("Enregistrer un·e salarié·e avec son contrat ; affiche son "
                            "code."),
    "atelier trainee contract": ("Un nouveau contrat pour CODE (renouvellement ou changement "
                                 "de type ; les règles sont vérifiées)."),
    "atelier trainee list": ("Les salarié·es par code, avec poste et contrat (jamais de "
                             "nom)."),
    "atelier trainee show": (
        "Le parcours d'un·e salarié·e : poste, contrat, heures de ce mois et du "
        "précédent, compétences acquises avec leurs objectifs, et les niveaux que suggère "
        "le travail réalisé."),
    "atelier trainee ending": ("Les contrats qui finissent dans les jours à venir (--within), "
                               "et ceux déjà échus encore en cours."),
    "atelier trainee exit": ("Enregistrer la fin du parcours de CODE (son poste est libéré "
                             "le même jour)."),
    "atelier trainee personal": ("Afficher les données personnelles de CODE, ou écrire les "
                                 "champs donnés."),
    "atelier trainee export": ("Tout ce qui est enregistré sur CODE, en JSON (le droit "
                               "d'accès de la personne)."),
    "atelier trainee certificate": ("L'attestation de compétences de CODE : compétences et "
                                    "niveaux datés, heures travaillées."),
    "atelier trainee anonymise": (
        "Anonymiser les salarié·es dont la durée de conservation est passée : données "
        "personnelles et notes effacées, codes et chiffres gardés. Le relancer ne change "
        "rien."),
    # Attendance, time and hours.
    "atelier attendance": ("Les présences par salarié·e et par demi-journée : présent·e, ou "
                           "absent·e avec un motif."),
    "atelier attendance record": ("Salarié·es présent·es le jour DAY (AAAA-MM-JJ) à la "
                                  "séance SESSION (am : matin, pm : après-midi) : tous "
                                  "enregistrés, ou aucun."),
    "atelier attendance absent": ("Salarié·es absent·es le jour DAY (AAAA-MM-JJ) à la séance "
                                  "SESSION (am : matin, pm : après-midi), avec le motif."),
    "atelier attendance list": ("Les séances enregistrées d'un jour ou d'un mois (par "
                                "défaut : toutes)."),
    "atelier time": "Les pointages : à quoi le temps de présence a servi.",
    "atelier time add": ("Pointer MINUTES minutes passées par le ou la salarié·e CODE le "
                         "jour DAY à l'activité ACTIVITY (operation : opérations, training : "
                         "formation, cleaning : nettoyage, non_productive : non productif)."),
    "atelier time remove": ("Retirer le pointage ENTRY_ID saisi par erreur (hors d'un mois "
                            "validé)."),
    "atelier time list": "Les pointages d'un jour ou d'un mois (par défaut : tous).",
    "atelier hours": ("Les heures du mois, la validation du mois, les corrections et les "
                      "heures d'insertion par commande."),
    "atelier hours month": ("Les heures de chaque salarié·e pour le mois MONTH (AAAA-MM) : "
                            "présences, activités, corrections."),
    "atelier hours validate": ("Valider le mois MONTH (AAAA-MM) : ses heures sont "
                               "verrouillées, seules des corrections les changent."),
    "atelier hours correct": ("Corriger de MINUTES minutes le mois validé MONTH de CODE "
                              "(un nombre négatif retire des minutes)."),
    "atelier hours orders": ("Les heures d'insertion par commande (marchés réservés, clauses "
                             "sociales)."),
    "atelier hours collectivities": ("Les heures d'insertion par collectivité, et celles des "
                                     "marchés réservés."),
    # Skills.
    "atelier skill": ("Les compétences d'un·e salarié·e : évaluer, historique, niveaux "
                      "actuels, objectifs, ce que montre le travail."),
    "atelier skill assess": (
        "Évaluer CODE au niveau LEVEL (0 à 4) dans la compétence SKILL ; vous êtes "
        "l'évaluateur ou l'évaluatrice.\n\n"
        "Niveaux : 0 non évalué, 1 découverte, 2 avec aide, 3 autonome, 4 peut "
        "transmettre."),
    "atelier skill history": ("Toutes les évaluations de CODE, les plus anciennes d'abord "
                              "(jamais réécrites)."),
    "atelier skill levels": ("Le niveau actuel de CODE dans chaque compétence du catalogue, "
                             "avec les objectifs fixés."),
    "atelier skill target": ("Fixer un objectif à CODE : le niveau LEVEL (1 à 4) dans la "
                             "compétence SKILL."),
    "atelier skill evidence": (
        "Ce que le travail de CODE montre pour chaque compétence, et le niveau qu'il "
        "suggère.\n\n"
        "Documents travaillés (sous encadrement / en autonomie), contrôles qualité réussis "
        "et refusés sur ce travail, dernier jour de pratique. Une suggestion n'est pas un "
        "niveau : faites une évaluation pour le changer."),
    "atelier skills": "Les compétences de tout l'atelier : la matrice des compétences.",
    "atelier skills matrix": (
        "Salarié·es en parcours × compétences : qui sait faire quoi, et où l'atelier est "
        "fragile.\n\n"
        "Une compétence est fragile quand moins de deux salarié·es en parcours l'ont au "
        "niveau 3 (autonome) ou plus."),
    # The HTTP door.
    "atelier serve": ("Lancer l'API HTTP (API du personnel sous /api/v1, pages de suivi sous "
                      "/suivi)."),
    "atelier token": ("Les accès à l'API HTTP : clés d'API du personnel et liens de suivi des "
                      "collectivités."),
    "atelier token create": (
        "Créer une clé d'API du personnel (--role ROLE) ou le lien de suivi d'une "
        "collectivité (--collectivity ID [--order RÉF]). Le secret n'est affiché "
        "qu'une fois."),
    "atelier token revoke": ("Révoquer le jeton ID (tel que listé) : il est refusé "
                             "désormais."),
    "atelier token list": ("Tous les jetons, sans leur secret : type, titulaire, rôle ou "
                           "collectivité, expiration, état."),
}

#: click's words inside an option's brackets (``[default: 8000; required]``), in French.
_EXTRAS = (("env var: ", "variable d'environnement : "), ("default: ", "par défaut : "))
_EXTRA_WORDS = {"required": "obligatoire", "(dynamic)": "(calculé)"}


def command_help(path: str) -> str | None:
    """The French help of the command at ``path`` ("atelier order create"), or None."""
    return COMMANDS.get(path)


def option_help(path: str, option: str, english: str) -> str | None:
    """The French help of ``option`` of the command at ``path``: its own, else the one
    shared by the commands where the option has this English help; None if neither."""
    own = OPTIONS.get(path, {}).get(option)
    return own if own is not None else SHARED.get((option, english))


def french_extras(extras: str) -> str:
    """click's bracket after an option's help (``[default: 50; 1<=x<=100000]``) in
    French; anything else unchanged."""
    if not (extras.startswith("[") and extras.endswith("]")):
        return extras
    items = []
    for item in extras[1:-1].split("; "):
        for english, french in _EXTRAS:
            if item.startswith(english):
                item = french + _EXTRA_WORDS.get(item[len(english):], item[len(english):])
                break
        else:
            item = _EXTRA_WORDS.get(item, item)
        items.append(item)
    return f"[{' ; '.join(items)}]"


def french_spec(spec: str) -> str:
    """An option's left column (``--client INTEGER``) with click's type name in French."""
    for english, french in METAVARS.items():
        if spec.endswith(f" {english}"):
            return f"{spec[:-len(english)]}{french}"
    return spec
