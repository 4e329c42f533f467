"""French and English texts of the HTTP door's commands (``atelier serve``, ``atelier token``):
messages by key, errors by code.

Merged into :mod:`atelier.cli.i18n`; each pair is ``(French, English)``.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "token.created_staff": (
        "Clé d'API créée pour « {name} » (rôle {role}, {expiry}), n° {id} :\n{token}\n"
        "Elle ne sera plus affichée : copiez-la maintenant. "
        "À envoyer dans l'en-tête « Authorization: Bearer … ».",
        "API key created for “{name}” (role {role}, {expiry}), id {id}:\n{token}\n"
        "It will not be shown again: copy it now. "
        "Send it in the header “Authorization: Bearer …”."),
    "token.created_collectivity": (
        "Lien de suivi créé pour {name}{order} ({expiry}), n° {id} :\n{url}\n"
        "Il ne sera plus affiché : envoyez-le maintenant à la bibliothèque.",
        "Tracking link created for {name}{order} ({expiry}), id {id}:\n{url}\n"
        "It will not be shown again: send it to the library now."),
    "token.order_only": (" (commande {ref} seulement)", " (order {ref} only)"),
    "token.expires": ("expire le {day}", "expires on {day}"),
    "token.never_expires": ("sans expiration", "never expires"),
    "token.revoked": ("Jeton {id} révoqué ({name}) : il est refusé désormais.",
                      "Token {id} revoked ({name}): it is refused from now on."),
    "token.none": ("Aucun jeton.", "No token."),
    "token.role_or_collectivity": (
        "indiquez --role ROLE (clé d'API) ou --collectivity ID (lien de suivi), pas les deux",
        "give --role ROLE (API key) or --collectivity ID (tracking link), not both"),
    "token.order_needs_collectivity": ("--order va avec --collectivity",
                                       "--order goes with --collectivity"),
    "token.title": ("Jetons", "Tokens"),
    "token.col.id": ("N°", "Id"),
    "token.col.kind": ("Type", "Kind"),
    "token.col.holder": ("Pour", "For"),
    "token.col.scope": ("Rôle ou collectivité", "Role or collectivity"),
    "token.col.expires": ("Expire", "Expires"),
    "token.col.state": ("État", "State"),
    "token.kind.staff": ("clé d'API", "API key"),
    "token.kind.collectivity": ("lien de suivi", "tracking link"),
    "token.state.active": ("actif", "active"),
    "token.state.revoked": ("révoqué", "revoked"),
    "token.state.expired": ("expiré", "expired"),
    "serve.starting": ("API atelier sur http://{host}:{port} (base {url}, documentation "
                       "http://{host}:{port}/docs). Ctrl+C pour arrêter.",
                       "atelier API on http://{host}:{port} (database {url}, documentation "
                       "http://{host}:{port}/docs). Ctrl+C to stop."),
}

ERRORS: dict[str, tuple[str, str]] = {
    "token_not_found": ("Jeton introuvable : {key}", "Token not found: {key}"),
    "expiry_range": ("Durée de validité hors limites : {value} jours (de {low} à {high})",
                     "Validity out of range: {value} days ({low} to {high})"),
    "token_invalid": ("Jeton refusé (inconnu, expiré ou révoqué)",
                      "Token refused (unknown, expired or revoked)"),
}
