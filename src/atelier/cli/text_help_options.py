"""The French help of every option, and click's type names, for :mod:`atelier.cli.text_help`.

An option shared by many commands (``--db``, ``--lang``, ``--help``…) is in
:data:`SHARED`, keyed by its name *and* its English help: where the same name means
something else (``demo --db``, ``token create --role``), or its English changes, it
needs its own French in :data:`OPTIONS`.
"""

from __future__ import annotations

_DAY = "AAAA-MM-JJ"

#: Options of many commands: (option, English help) -> French help.
SHARED: dict[tuple[str, str], str] = {
    ("--db", "Database URL or SQLite file (default ./atelier.db)."):
        "Adresse de la base de données ou fichier SQLite (par défaut ./atelier.db).",
    ("--lang", "Language of messages (default fr)."):
        "Langue des messages : fr (par défaut) ou en.",
    ("--user", "Who acts (written in the audit log)."):
        "Qui agit (écrit dans le journal des actes).",
    ("--role", "The acting staff member's role (default admin: the workshop's own PC)."):
        "Le rôle de la personne qui agit (par défaut admin : l'ordinateur de l'atelier).",
    ("--json", "Print the result as JSON."): "Afficher le résultat en JSON.",
    ("--help", "Show this message and exit."): "Afficher cette aide et quitter.",
    ("--version", "Show the version and exit."): "Afficher la version et quitter.",
}

#: Each command's own options: command path -> option -> French help.
OPTIONS: dict[str, dict[str, str]] = {
    "atelier init": {
        "--catalogue": "Un fichier de catalogue TOML (par défaut : le catalogue de reliure).",
    },
    "atelier demo": {
        "--db": "Le fichier SQLite à créer.",
        "--force": "Remplacer le fichier s'il existe.",
    },
    "atelier audit": {
        "--entity": "order, collectivity, delivery, catalogue, post ou trainee.",
        "--key": "La clé de l'élément (par exemple une référence de commande).",
        "--limit": "Combien de lignes au plus.",
    },
    "atelier client add": {
        "--kind": "Le type de collectivité.",
        "--siret": "SIRET (14 chiffres, clé de contrôle vérifiée).",
        "--chorus-code": "Code service Chorus Pro de l'acheteur.",
        "--engagement": "Numéro d'engagement / de bon de commande de l'acheteur.",
        "--contact": "Une personne à contacter (option répétable).",
    },
    "atelier order create": {
        "--client": "Numéro de la collectivité.",
        "--line": "Une ligne de commande (option répétable), par exemple couvrage:poche=120.",
        "--due": f"Date d'échéance {_DAY}.",
        "--po": "Numéro de bon de commande / d'engagement.",
        "--reserved": "Marché réservé / clause sociale.",
        "--accepted": "La collectivité a déjà donné son accord : pas de devis.",
    },
    "atelier order accept": {
        "--version": "Refuser si la commande a changé depuis cette version.",
    },
    "atelier order cancel": {
        "--reason": "Pourquoi la commande est annulée.",
        "--version": "Refuser si la commande a changé depuis cette version.",
    },
    "atelier order list": {
        "--client": "Seulement les commandes de cette collectivité (numéro).",
        "--limit": "Au plus ce nombre de commandes (par défaut : toutes).",
        "--page": "Avec --limit : quelle page de commandes (1 : les plus récentes).",
    },
    "atelier items import": {
        "--allow-shared": ("Importer des codes-barres déjà présents dans une autre commande "
                           "en cours de la même collectivité."),
        "--overflow-limit": ("Refuser le fichier si une ligne dépasse FACTEUR fois la "
                             "quantité commandée (au-delà de la quantité seule : un "
                             "avertissement)."),
    },
    "atelier items placeholders": {
        "--count": "Combien (par défaut : la plus grande ligne de chaque format).",
        "--format": "Seulement ce format.",
    },
    "atelier items list": {
        "--custody": "Seulement les documents à cette étape.",
    },
    "atelier items missing": {
        "--reason": "Pourquoi (jamais arrivé, perdu…).",
    },
    "atelier items refuse": {
        "--reason": "Pourquoi le document ne peut pas être travaillé.",
    },
    "atelier work record": {
        "--operation": "Code de l'opération dans la gamme.",
        "--trainee": "Code du ou de la salarié·e (T-0042).",
        "--minutes": "Minutes passées sur le lot (par défaut : le temps standard).",
        "--supervisor": "L'encadrant·e qui a supervisé.",
        "--service": ("Seulement cette prestation (quand plusieurs prestations ont cette "
                      "opération)."),
        "--all": ("Tous les documents de la commande prêts pour cette opération (aucun "
                  "code-barres lu)."),
        "--day": (f"Jour du travail, {_DAY} (par défaut aujourd'hui) : il compte dans les "
                  "heures de ce jour."),
    },
    "atelier work check": {
        "--operation": "Le code de l'opération de contrôle.",
        "--pass": "Le contrôle est réussi.",
        "--fail": "Le contrôle est refusé, avec ce code défaut.",
        "--checker": "L'encadrant·e qui contrôle (par défaut : --user).",
        "--service": ("La prestation contrôlée (nécessaire pour refuser un contrôle commun à "
                      "plusieurs prestations des mêmes documents)."),
        "--all": "Tous les documents qui attendent ce contrôle.",
    },
    "atelier deliver": {
        "--all": "Tous les documents terminés (aucun code-barres lu).",
    },
    "atelier post assign": {
        "--on": f"À partir de ce jour, {_DAY} (par défaut aujourd'hui).",
    },
    "atelier post release": {
        "--on": f"Ce jour-là, {_DAY} (par défaut aujourd'hui).",
    },
    "atelier trainee add": {
        "--contract": "cep (en détention) ou cddi.",
        "--weekly-hours": "Heures par semaine (par exemple 24 ou 17.5).",
        "--start": f"Premier jour, {_DAY}.",
        "--end": f"Dernier jour prévu, {_DAY} (obligatoire pour un CDDI).",
        "--post": "Le poste occupé dès le début.",
        "--code": "Un code choisi (par défaut : le T-NNNN suivant).",
    },
    "atelier trainee contract": {
        "--contract": "cep (en détention) ou cddi.",
        "--weekly-hours": "Heures par semaine (par exemple 24 ou 17.5).",
        "--start": f"Premier jour, {_DAY}.",
        "--end": f"Dernier jour prévu, {_DAY} (obligatoire pour un CDDI).",
    },
    "atelier trainee list": {
        "--all": "Les salarié·es sorti·es aussi.",
    },
    "atelier trainee ending": {
        "--within": "Nombre de jours à venir (ou ATELIER_CONTRACT_NOTICE_DAYS).",
    },
    "atelier trainee exit": {
        "--on": f"Jour de sortie, {_DAY}.",
        "--outcome": "Comment le parcours se termine.",
    },
    "atelier trainee personal": {
        "--name": "Nom complet (un texte vide l'efface).",
        "--contact": "Comment joindre la personne (un texte vide l'efface).",
        "--notes": "Notes du ou de la conseiller·ère (un texte vide les efface).",
    },
    "atelier trainee export": {
        "--output": "Écrire le JSON dans ce fichier (par défaut : l'afficher).",
    },
    "atelier trainee certificate": {
        "--html": "Écrire l'attestation imprimable (HTML) dans ce fichier.",
        "--workshop": "Le nom de l'atelier tel qu'imprimé sur l'attestation.",
    },
    "atelier trainee anonymise": {
        "--retention-days": (
            "Effacer les données personnelles des personnes sorties depuis plus de ce "
            "nombre de jours (ou ATELIER_RETENTION_DAYS, la durée de conservation de la "
            "structure)."),
    },
    "atelier attendance record": {
        "--minutes": "Minutes de présence (par défaut 180).",
    },
    "atelier attendance absent": {
        "--reason": ("visit (parloir), medical, court (audience), lawyer (avocat), training, "
                     "transfer, release (libération), workshop_closed, lockdown (blocage), "
                     "sick (maladie) ou other."),
        "--minutes": "Minutes perdues par l'absence (par défaut 180).",
    },
    "atelier attendance list": {
        "--day": f"Un jour ({_DAY}).",
        "--month": "Un mois (AAAA-MM).",
        "--trainee": "Le code d'un·e salarié·e.",
    },
    "atelier time add": {
        "--order": "La commande (nécessaire pour l'activité operation).",
        "--operation": "L'opération faite (nécessaire pour l'activité operation).",
        "--supervisor": ("L'encadrant·e présent·e pour un travail un niveau en dessous de "
                         "celui de l'opération (apprentissage encadré)."),
        "--note": "Une courte note.",
    },
    "atelier time list": {
        "--day": f"Un jour ({_DAY}).",
        "--month": "Un mois (AAAA-MM).",
        "--trainee": "Le code d'un·e salarié·e.",
    },
    "atelier hours month": {
        "--trainee": "Seulement le code de ce ou cette salarié·e.",
        "--csv": "Écrire aussi le mois en CSV (pour un tableur).",
    },
    "atelier hours correct": {
        "--reason": "Pourquoi le mois validé est corrigé.",
    },
    "atelier hours orders": {
        "--collectivity": "Seulement cette collectivité (numéro).",
        "--csv": "Les écrire aussi en CSV (pour un tableur).",
    },
    "atelier skill assess": {
        "--evidence": "Sur quoi repose le niveau (résultats des contrôles, observation…).",
        "--on": f"Jour de l'évaluation, {_DAY} (par défaut aujourd'hui).",
    },
    "atelier skill history": {
        "--skill": "Seulement cette compétence.",
    },
    "atelier skill evidence": {
        "--skill": "Seulement cette compétence.",
    },
    "atelier serve": {
        "--host": "Adresse d'écoute (0.0.0.0 : toutes les interfaces).",
        "--port": "Port d'écoute.",
        "--public-url": ("L'adresse à laquelle les bibliothèques joignent le serveur : les "
                         "liens de suivi commencent par elle (par défaut "
                         "http://127.0.0.1:8000)."),
    },
    "atelier token create": {
        "--role": "Une clé d'API du personnel avec ce rôle.",
        "--collectivity": "Un lien de suivi pour cette collectivité.",
        "--order": "Avec --collectivity : seulement cette commande.",
        "--name": ("Pour qui parle la clé d'API, dans le journal des actes (par défaut "
                   "api-ROLE)."),
        "--expires-days": "Nombre de jours avant l'expiration du jeton.",
        "--public-url": "L'adresse du serveur, pour le lien de suivi.",
    },
}

#: click's type names and the project's placeholders in an option's left column, in French.
METAVARS: dict[str, str] = {
    "INTEGER RANGE": "ENTIER",
    "FLOAT RANGE": "NOMBRE",
    "INTEGER": "ENTIER",
    "FLOAT": "NOMBRE",
    "TEXT": "TEXTE",
    "FILE": "FICHIER",
    "FILENAME": "FICHIER",
    "PATH": "CHEMIN",
    "DIRECTORY": "DOSSIER",
    "BOOLEAN": "BOOLÉEN",
    "YYYY-MM-DD": _DAY,
    "NAME": "NOM",
    "FACTOR": "FACTEUR",
    "DEFECT": "DÉFAUT",
    "REF": "RÉF",
    "SERVICE[:FORMAT]=QTY": "PRESTATION[:FORMAT]=QTÉ",
    "NAME[,ROLE[,EMAIL[,PHONE]]]": "NOM[,RÔLE[,COURRIEL[,TÉLÉPHONE]]]",
}
