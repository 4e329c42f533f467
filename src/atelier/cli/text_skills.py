"""French and English texts of the skills commands: messages by key, errors by code.

Merged into :mod:`atelier.cli.i18n`; each pair is ``(French, English)``.
"""

from __future__ import annotations

#: The level scale as staff read it.
LEVELS: dict[int, tuple[str, str]] = {
    0: ("non évalué", "not assessed"),
    1: ("découverte", "discovering"),
    2: ("avec aide", "with help"),
    3: ("autonome", "autonomous"),
    4: ("peut transmettre", "can teach"),
}


def level_name(level: int, lang: str) -> str:
    """``3 (autonome)``: a level with its name."""
    pair = LEVELS.get(level)
    return str(level) if pair is None else f"{level} ({pair[0 if lang == 'fr' else 1]})"


MESSAGES: dict[str, tuple[str, str]] = {
    "skill.assessed": ("{trainee} évalué·e en « {skill} » : niveau {level}, le {on}.",
                       "{trainee} assessed in “{skill}”: level {level}, on {on}."),
    "skill.target_set": ("Objectif de {trainee} en « {skill} » : niveau {level}.",
                         "Goal of {trainee} in “{skill}”: level {level}."),
    "skill.no_history": ("Aucune évaluation pour {trainee}.", "No assessment for {trainee}."),
    "skill.no_evidence": ("Aucun travail enregistré pour {trainee}.",
                          "No work recorded for {trainee}."),
    "skill.suggested": ("niveau {level} suggéré", "level {level} suggested"),
    "skill.suggestion_line": ("{name} : {hint} — seule une évaluation change le niveau "
                              "(atelier skill assess {trainee} {skill} {level})",
                              "{name}: {hint} — only an assessment changes the level "
                              "(atelier skill assess {trainee} {skill} {level})"),
    "skill.history_title": ("Évaluations de {trainee}", "Assessments of {trainee}"),
    "skill.levels_title": ("Niveaux de {trainee}", "Levels of {trainee}"),
    "skill.evidence_title": ("Ce que montre le travail de {trainee}",
                             "What {trainee}'s work shows"),
    "skill.matrix_title": ("Matrice de polyvalence", "Skill matrix"),
    "skill.no_trainee": ("Aucun·e salarié·e en parcours.", "No active trainee."),
    "skill.fragile": ("fragile", "fragile"),
    "skill.fragile_list": ("Compétences fragiles (tenues au niveau 3 ou plus par moins de deux "
                           "personnes) :",
                           "Fragile skills (held at level 3 or more by fewer than two "
                           "people):"),
    "skill.none_fragile": ("Aucune compétence fragile.", "No fragile skill."),
}

ERRORS: dict[str, tuple[str, str]] = {
    "supervisor_not_staff": ("{supervisor} ne peut pas encadrer {trainee} : l'apprentissage "
                             "sous supervision demande un membre de l'équipe encadrante",
                             "{supervisor} cannot supervise {trainee}: learning under "
                             "supervision needs a staff member"),
    "supervisor_blank": ("L'encadrant·e doit être nommé·e.", "The supervisor needs a name."),
    "skill_gate": ("Travail refusé : {trainee} a le niveau {held} en « {skill} », l'opération "
                   "demande le niveau {required} (à un niveau en dessous, seulement avec un·e "
                   "encadrant·e nommé·e : --supervisor)",
                   "Work refused: {trainee} holds “{skill}” at level {held}, the operation "
                   "needs level {required} (one level below, only with a named supervisor: "
                   "--supervisor)"),
    "level_invalid": ("Niveau {value} refusé : un niveau de {lowest} à {highest}",
                      "Level {value} refused: a level from {lowest} to {highest}"),
    "evidence_too_long": ("Note d'évaluation trop longue ({value} caractères, {limit} au plus)",
                          "Evidence note too long ({value} characters, at most {limit})"),
    "assessment_in_future": ("Une évaluation ne peut pas être datée dans le futur ({value})",
                             "An assessment cannot be dated in the future ({value})"),
    "work_day_future": ("Le travail ne peut pas être enregistré pour un jour à venir ({value})",
                        "Work cannot be recorded for a day to come ({value})"),
}
