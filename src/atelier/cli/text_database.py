"""French and English texts of what can go wrong with the database itself: a file that
is not a database, a folder in its place, a server that cannot be reached, a schema from
another version, another command holding the file.

Merged into :mod:`atelier.cli.i18n`; each pair is ``(French, English)``.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "db.waiting": ("La base est occupée par une autre commande : attente (au plus {seconds} s)…",
                   "The database is busy with another command: waiting (at most {seconds} s)…"),
}

ERRORS: dict[str, tuple[str, str]] = {
    "database_missing": ("Aucune base à {url} : lancez « atelier init » ici, ou indiquez la "
                         "base avec --db", "No database at {url}: run `atelier init` here, "
                         "or name the database with --db"),
    "database_empty": ("La base {url} n'est pas initialisée : lancez « atelier init »",
                       "The database {url} is not initialised: run `atelier init`"),
    "database_outdated": ("La base {url} date d'une version précédente : lancez « atelier "
                          "init » pour la mettre à jour (les données sont gardées)",
                          "The database {url} is from an older version: run `atelier init` "
                          "to upgrade it (data is kept)"),
    "database_newer": ("La base {url} a été écrite par une version plus récente d'atelier : "
                       "mettez atelier à jour", "The database {url} was written by a newer "
                       "atelier: upgrade atelier"),
    "database_unknown": ("La base {url} contient des tables mais pas de version de schéma "
                         "connue d'atelier : elle vient d'une autre application, d'une version "
                         "plus récente, ou a été modifiée à la main. Rien n'a été touché ; "
                         "indiquez une autre base avec --db",
                         "The database {url} has tables but no schema version atelier knows: "
                         "it comes from another application, a newer version, or was edited "
                         "by hand. Nothing was touched; name another database with --db"),
    "database_not_sqlite": ("{url} n'est pas une base atelier (ce fichier n'est pas une base "
                            "SQLite) : indiquez la bonne base avec --db",
                            "{url} is not an atelier database (the file is not a SQLite "
                            "database): name the right one with --db"),
    "database_damaged": ("La base {url} est endommagée : restaurez la dernière sauvegarde",
                         "The database {url} is damaged: restore the latest backup"),
    "database_read_only": ("La base {url} est en lecture seule : rien n'a été enregistré. "
                           "Vérifiez les droits sur le fichier et sur son dossier",
                           "The database {url} is read-only: nothing was saved. Check the "
                           "permissions of the file and of its folder"),
    "database_cannot_open": ("Impossible d'ouvrir la base {url} : vérifiez que le dossier "
                             "existe et que vous avez le droit d'y écrire",
                             "Cannot open the database {url}: check that the folder exists "
                             "and that you may write in it"),
    "database_is_folder": ("{url} est un dossier, pas une base : indiquez un fichier avec --db "
                           "(par exemple {url}/atelier.db)",
                           "{url} is a folder, not a database: name a file with --db "
                           "(for example {url}/atelier.db)"),
    "database_folder_missing": ("Le dossier de la base {url} n'existe pas : créez-le d'abord, "
                                "ou indiquez un autre chemin avec --db",
                                "The folder of the database {url} does not exist: create it "
                                "first, or name another path with --db"),
    "database_full": ("Le disque de la base {url} est plein : rien n'a été enregistré",
                      "The disk of the database {url} is full: nothing was saved"),
    "database_io": ("Erreur de lecture ou d'écriture sur le disque de la base {url} : rien n'a "
                    "été enregistré", "Disk read or write error on the database {url}: "
                    "nothing was saved"),
    "database_unreachable": ("Connexion impossible à la base {url} : {reason}",
                             "Cannot connect to the database {url}: {reason}"),
    "database_scheme": ("Base non prise en charge : {url}. atelier fonctionne sur un fichier "
                        "SQLite ou une adresse postgresql://",
                        "Unsupported database: {url}. atelier works on a SQLite file or a "
                        "postgresql:// URL"),
    "database_url": ("Adresse de base illisible : {url}", "Unreadable database URL: {url}"),
    "database_busy": ("La base {url} est restée occupée par une autre commande plus longtemps "
                      "que l'attente permise : rien n'a été enregistré. Réessayez quand elle "
                      "sera finie (ATELIER_LOCK_TIMEOUT règle l'attente, en secondes)",
                      "The database {url} stayed busy with another command longer than the "
                      "wait allowed: nothing was saved. Try again once it has finished "
                      "(ATELIER_LOCK_TIMEOUT sets the wait, in seconds)"),
}

MESSAGES.update({
    "working.import": ("Lecture et contrôle de {file}…", "Reading and checking {file}…"),
    "working.placeholders": ("Création des documents numérotés…",
                             "Creating the numbered items…"),
    "working.receive": ("Réception de {n} codes-barres…", "Receiving {n} barcodes…"),
    "working.record": ("Enregistrement du travail « {operation} »…",
                       "Recording the work “{operation}”…"),
    "working.check": ("Enregistrement du contrôle « {operation} »…",
                      "Recording the check “{operation}”…"),
    "working.deliver": ("Préparation du bon de livraison…", "Preparing the delivery note…"),
})
