"""French and English texts of the hours commands: messages by key, errors by code.

Merged into :mod:`atelier.cli.i18n`; each pair is ``(French, English)``.
"""

from __future__ import annotations

#: Session and absence-reason labels.
SESSIONS: dict[str, tuple[str, str]] = {
    "am": ("matin", "morning"),
    "pm": ("après-midi", "afternoon"),
}

REASONS: dict[str, tuple[str, str]] = {
    "visit": ("parloir", "visit"),
    "medical": ("médical", "medical"),
    "court": ("audience", "court hearing"),
    "lawyer": ("avocat", "lawyer"),
    "training": ("formation", "training"),
    "transfer": ("transfert", "transfer"),
    "release": ("libération", "release"),
    "workshop_closed": ("atelier fermé", "workshop closed"),
    "lockdown": ("blocage", "lockdown"),
    "sick": ("maladie", "sick"),
    "other": ("autre", "other"),
    # What a role that may not read the reasons sees of a person's absence.
    "justified": ("absence justifiée", "justified absence"),
}

ACTIVITIES: dict[str, tuple[str, str]] = {
    "operation": ("opérations", "operations"),
    "training": ("formation", "training"),
    "cleaning": ("nettoyage", "cleaning"),
    "non_productive": ("non productif", "non-productive"),
}

MESSAGES: dict[str, tuple[str, str]] = {
    "attendance.present": ("{n:|présence enregistrée|présences enregistrées} le {day} "
                           "({session}, {minutes} min).",
                           "{n:|attendance|attendances} recorded on {day} ({session}, "
                           "{minutes} min)."),
    "attendance.absent": ("{n:|absence enregistrée|absences enregistrées} le {day} ({session}) "
                          ": {reason}.",
                          "{n:|absence|absences} recorded on {day} ({session}): {reason}."),
    "attendance.none": ("Aucune présence enregistrée.", "No attendance recorded."),
    "time.added": ("Pointage n° {id} : {trainee}, {day}, {activity}, {minutes} min.",
                   "Time entry #{id}: {trainee}, {day}, {activity}, {minutes} min."),
    "time.removed": ("Pointage n° {id} retiré ({trainee}, {day}, {minutes} min).",
                     "Time entry #{id} removed ({trainee}, {day}, {minutes} min)."),
    "time.none": ("Aucun pointage.", "No time entry."),
    "hours.orders_title": ("Heures d'insertion par commande", "Insertion hours per order"),
    "hours.collectivities_title": ("Heures d'insertion par collectivité",
                                   "Insertion hours per collectivity"),
    "hours.none": ("Aucune heure pour {month}.", "No hours for {month}."),
    "hours.title": ("Heures de {month}{locked}", "Hours of {month}{locked}"),
    "hours.locked": (" (validé)", " (validated)"),
    "hours.reconcile": ("À rapprocher : {who} — {days}", "To reconcile: {who} — {days}"),
    "hours.csv": ("{rows:|ligne écrite|lignes écrites} dans {path} (séparateur ;, UTF-8 avec "
                  "BOM).",
                  "{rows:|row|rows} written to {path} (separator ;, UTF-8 with BOM)."),
    "hours.validated": ("Mois de {month} validé : {trainees:|salarié·e|salarié·es}, {total} au "
                        "total. "
                        "Il ne change plus que par corrections.",
                        "{month} validated: {trainees:|trainee|trainees}, {total} in all. "
                        "From now on only corrections change it."),
    "hours.corrected": ("Correction de {minutes} min enregistrée pour {trainee} en {month} "
                        "(le {on}).", "Correction of {minutes} min recorded for {trainee} in "
                        "{month} (on {on})."),
    "hours.no_orders": ("Aucune heure d'insertion sur les commandes.",
                        "No insertion hours on orders."),
}

ERRORS: dict[str, tuple[str, str]] = {
    "month_locked": ("Le mois de {month} est validé : rien n'y change plus, enregistrez une "
                     "correction (atelier hours correct)",
                     "{month} is validated: nothing changes in it any more, record a "
                     "correction (atelier hours correct)"),
    "day_exceeds_attendance": ("{trainee}, le {day} : {recorded} min déjà pointées + {adding} "
                               "dépasseraient les {attended} min de présence",
                               "{trainee} on {day}: {recorded} min already recorded + {adding} "
                               "would exceed the {attended} min attended"),
    "hours_limit": ("{trainee}, {day} : {minutes} min de présence dépasseraient la limite de "
                    "{limit} min (au plus 10 h par jour et 48 h par semaine)",
                    "{trainee}, {day}: {minutes} min of attendance would exceed the limit of "
                    "{limit} min (at most 10 h a day and 48 h a week)"),
    "attendance_below_recorded": ("{trainee}, le {day} : {recorded} min sont déjà pointées, la "
                                  "présence ne peut pas descendre à {attended} min",
                                  "{trainee} on {day}: {recorded} min are already recorded, "
                                  "attendance cannot go down to {attended} min"),
    "day_in_future": ("Le {day} n'est pas encore passé : on enregistre les heures une fois "
                      "faites (seules les absences s'annoncent d'avance)",
                      "{day} has not come yet: hours are recorded once done (only absences "
                      "may be recorded ahead)"),
    "time_entry_not_found": ("Pointage introuvable : n° {key}", "Time entry not found: #{key}"),
    "month_not_begun": ("Le mois de {month} n'a pas commencé", "{month} has not begun"),
    "month_not_over": ("Le mois de {month} n'est pas terminé : il pourra être validé à partir du "
                       "{last}, quand toutes ses heures seront connues",
                       "{month} is not over: it can be validated from {last}, once all "
                       "its hours are known"),
    "day_outside_contract": ("{trainee}, le {day} : hors du parcours à l'atelier ({period}). "
                             "Les heures comptent du début du premier contrat jusqu'à la "
                             "sortie", "{trainee} on {day}: outside the pathway at the "
                             "workshop ({period}). Hours count from the first contract's "
                             "start to the exit"),
    "trainee_without_contract": ("{trainee} n'a aucun contrat : enregistrez-en un avant ses "
                                 "heures (atelier trainee contract {trainee})",
                                 "{trainee} has no contract: record one before their hours "
                                 "(atelier trainee contract {trainee})"),
    "file_unwritable": ("Impossible d'écrire le fichier {value} ({error}) : vérifiez le dossier "
                        "et les droits d'écriture",
                        "Cannot write the file {value} ({error}): check the folder and the "
                        "write permissions"),
    "month_already_validated": ("Le mois de {month} est déjà validé",
                                "{month} is already validated"),
    "month_unreconciled": ("Le mois de {month} ne peut pas être validé : "
                           "{count:|journée a|journées ont} du "
                           "temps pointé sans présence suffisante ({days}). Enregistrez la "
                           "présence de ces jours d'abord",
                           "{month} cannot be validated: {count:|day has|days have} time "
                           "recorded without enough attendance ({days}). Record their "
                           "attendance first"),
    "month_not_validated": ("Le mois de {month} n'est pas validé : modifiez directement la "
                            "présence ou les pointages",
                            "{month} is not validated: change the attendance or time "
                            "entries themselves"),
    "correction_below_zero": ("{trainee}, {month} : une correction de {minutes} min ferait "
                              "passer les {total} min sous zéro",
                              "{trainee}, {month}: a correction of {minutes} min would bring "
                              "the {total} min below zero"),
    # The French texts name the field in French: the code says which it is (a month,
    # a day, minutes…), the raw field name would read as English.
    "month_invalid": ("Mois illisible : {value} (attendu AAAA-MM, par ex. 2026-03)",
                      "Unreadable month: {value} (expected YYYY-MM, e.g. 2026-03)"),
    "date_invalid": ("Jour illisible : {value} (attendu une date AAAA-MM-JJ, par ex. "
                     "2026-03-02)", "Unreadable day: {value} (expected a date YYYY-MM-DD, "
                     "e.g. 2026-03-02)"),
    "session_invalid": ("Demi-journée inconnue : {value} (am = matin, pm = après-midi)",
                        "Unknown session: {value} (am = morning, pm = afternoon)"),
    "minutes_range": ("Durée refusée : {value} (attendu un nombre entier de minutes entre "
                      "{low} et {high})", "Duration refused: {value} (expected whole minutes "
                      "between {low} and {high})"),
    "reason_unexpected": ("Une présence n'a pas de motif d'absence ({value})",
                          "A present session has no absence reason ({value})"),
    "absence_reason_invalid": ("Une absence demande un motif parmi : {reasons} (reçu : {value})",
                               "An absence needs a reason among: {reasons} (got: {value})"),
    "activity_invalid": ("Activité inconnue : {value} (au choix : {activities})",
                         "Unknown activity: {value} (one of: {activities})"),
    "order_required": ("Le temps passé sur une opération indique sa commande (--order)",
                       "Time on an operation names its order (--order)"),
    "operation_required": ("Le temps passé sur une opération indique l'opération faite "
                           "(--operation) : le niveau qu'elle demande est vérifié",
                           "Time on an operation names the operation done (--operation): "
                           "the level it needs is checked"),
    "operation_unknown": ("Opération inconnue des prestations de la commande : {value}",
                          "Operation not in the order's services: {value}"),
    "text_too_long": ("Texte trop long : au plus {limit} caractères",
                      "Text too long: at most {limit} characters"),
    "correction_range": ("Une correction est un nombre entier de minutes non nul, au plus "
                         "{high} dans un sens ou l'autre (reçu : {value})",
                         "A correction is a non-zero whole number of minutes, at most {high} "
                         "either way (got: {value})"),
    "trainee_required": ("Indiquez au moins un·e salarié·e", "Name at least one trainee"),
    "period_conflict": ("Donnez un jour ou un mois, pas les deux",
                        "Give a day or a month, not both"),
}
